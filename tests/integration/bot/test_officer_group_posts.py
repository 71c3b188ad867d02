"""Issue 36: the officers' group hears of a new case with a เรื่อง <เลข> button that opens the 1:1 chat (the bot's
basicId read from the LINE fake's GET /v2/bot/info); posts to groups carry no quick replies."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import requests
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from demo.line_fake import LineApiFake
from handlers.conversation.replies import QuickReply, Text
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.bot.test_complaints import Chat, file_by_line
from tests.integration.bot.test_webform import submit
from tests.integration.conftest import ACCESS_TOKEN

GROUP = "C" + "6" * 32


def group_posts(fake: LineApiFake) -> list[dict[str, Any]]:
    return [message for delivery in fake.messages_to(GROUP) for message in delivery.messages]


def button_uri(post: dict[str, Any]) -> str:
    assert post["type"] == "flex" and "quickReply" not in post
    (button,) = post["contents"]["footer"]["contents"]
    assert button["action"]["type"] == "uri" and button["action"]["label"].startswith("เรื่อง ")
    return str(button["action"]["uri"])


def basic_id(served: Served) -> str:
    info = requests.get(f"{served.url}/v2/bot/info", headers={"Authorization": f"Bearer {ACCESS_TOKEN}"}, timeout=10)
    assert info.status_code == 200
    return str(info.json()["basicId"])


def test_a_web_case_is_posted_with_a_button_that_opens_the_chat(client: FlaskClient,
                                                                 line_fake: tuple[LineApiFake, Served]) -> None:
    assert submit(client)[0] == 200
    (post,) = group_posts(line_fake[0])
    uri = button_uri(post)
    prefix = f"https://line.me/R/oaMessage/{basic_id(line_fake[1]).replace('@', '%40')}/?"
    assert uri.startswith(prefix) and unquote(uri[len(prefix):]) == "เรื่อง 2570-0004"
    assert "แท็บ" not in str(post)


def test_a_line_case_is_posted_the_same_way(client: FlaskClient, bot_app: Flask, clock: FakeClock,
                                            line_fake: tuple[LineApiFake, Served]) -> None:
    file_by_line(Chat(client, bot_app, line_fake[0], clock), "มีการฮั้วประมูลงานถนน")
    (post,) = group_posts(line_fake[0])
    assert unquote(button_uri(post)).endswith("/?เรื่อง 2570-0004")


def test_a_push_to_a_group_drops_quick_replies(bot_app: Flask, line_fake: tuple[LineApiFake, Served]) -> None:
    runtime_of(bot_app).messenger.push(GROUP, [Text("สรุป", (QuickReply("เมนู", text="เมนู"),))])
    (post,) = group_posts(line_fake[0])
    assert post == {"type": "text", "text": "สรุป"}


def test_a_case_told_twice_is_posted_once_now_and_never_in_the_digest(bot_app: Flask, clock: FakeClock,
                                                                      line_fake: tuple[LineApiFake, Served]) -> None:
    """A double click on the web form: both requests reach the same case, the group hears of it once."""
    notices = runtime_of(bot_app).notices
    notices.tell(GROUP, "2570-0004", "จัดซื้อจัดจ้าง", "8 ธ.ค. 2569")
    notices.tell(GROUP, "2570-0004", "จัดซื้อจัดจ้าง", "8 ธ.ค. 2569")
    notices.tell(GROUP, "2570-0005", "อื่น ๆ", "8 ธ.ค. 2569")
    notices.tell(GROUP, "2570-0005", "อื่น ๆ", "8 ธ.ค. 2569")
    clock.advance(6 * 60)
    assert notices.flush() == 1
    now, digest = group_posts(line_fake[0])
    assert now["altText"].startswith("เรื่องร้องเรียนใหม่ เลขที่ 2570-0004")
    assert digest["altText"].startswith("เรื่องร้องเรียนใหม่ 1 เรื่อง") and "2570-0004" not in str(digest)
