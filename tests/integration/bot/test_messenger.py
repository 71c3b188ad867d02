"""The messenger against the LINE API fake: limits, chunking, retries with one retry key, loading."""

from __future__ import annotations

import pytest
from linebot.v3.messaging import ApiException

from bot.line_messages import split_text
from bot.messenger import LineMessenger
from demo.line_fake import LineApiFake
from handlers.conversation.replies import QuickReply, Text
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.conftest import ACCESS_TOKEN

USER = "U" + "2" * 32


@pytest.fixture
def messenger(line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> LineMessenger:
    return LineMessenger(ACCESS_TOKEN, line_fake[1].url, clock, sleep=lambda seconds: None)


def test_long_text_is_split_on_line_ends() -> None:
    text = "\n".join(f"บรรทัดที่ {n} " + "ก" * 80 for n in range(200))
    pieces = split_text(text)
    assert all(len(piece) <= 5000 for piece in pieces) and len(pieces) > 1
    assert "\n".join(pieces) == text
    assert split_text("x" * 12000) == ["x" * 5000, "x" * 5000, "x" * 2000]
    assert split_text("") == [""]


def test_more_than_five_messages_reply_then_push(messenger: LineMessenger, line_fake: tuple[LineApiFake, Served],
                                                 clock: FakeClock) -> None:
    fake, _ = line_fake
    replies = [Text(f"ข้อความ {n}") for n in range(7)] + [Text("สุดท้าย", (QuickReply("เมนู", text="เมนู"),))]
    messenger.deliver(USER, fake.issue_reply_token(USER), clock(), replies)
    assert [(d.kind, len(d.messages)) for d in fake.deliveries] == [("reply", 5), ("push", 3)]
    assert fake.deliveries[1].messages[-1]["quickReply"]["items"][0]["action"]["text"] == "เมนู"


def test_quick_replies_are_capped_at_thirteen(messenger: LineMessenger, line_fake: tuple[LineApiFake, Served],
                                              clock: FakeClock) -> None:
    fake, _ = line_fake
    buttons = tuple(QuickReply(f"ปุ่มที่มีชื่อยาวมากเกินยี่สิบตัวอักษร {n}", text=str(n)) for n in range(20))
    messenger.deliver(USER, fake.issue_reply_token(USER), clock(), [Text("เลือก", buttons)])
    items = fake.deliveries[0].messages[0]["quickReply"]["items"]
    assert len(items) == 13 and all(len(item["action"]["label"]) <= 20 for item in items)
    assert items[0]["action"]["label"] == "ปุ่มที่มีชื่อยาวมาก…", "cut between words, never inside one"


def test_push_retries_5xx_and_429_with_one_retry_key(messenger: LineMessenger,
                                                     line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    fake.faults.extend([503, 429, 500])
    messenger.push(USER, [Text("แจ้งเตือน")])
    (delivery,) = fake.deliveries
    assert delivery.kind == "push" and delivery.retry_key


def test_a_retry_key_already_accepted_counts_as_delivered(line_fake: tuple[LineApiFake, Served],
                                                          clock: FakeClock) -> None:
    fake, served = line_fake
    same_key = LineMessenger(ACCESS_TOKEN, served.url, clock, sleep=lambda s: None,
                             new_retry_key=lambda: "123e4567-e89b-12d3-a456-426614174000")
    same_key.push(USER, [Text("ครั้งแรก")])
    same_key.push(USER, [Text("ครั้งแรก")])
    assert len(fake.deliveries) == 1 and fake.rejected == [(409, "The retry key is already accepted")]


def test_push_gives_up_after_its_attempts(messenger: LineMessenger, line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    fake.faults.extend([500] * 10)
    with pytest.raises(ApiException):
        messenger.push(USER, [Text("แจ้งเตือน")])
    assert fake.deliveries == []


def test_loading_animation_and_a_bad_token(messenger: LineMessenger, line_fake: tuple[LineApiFake, Served],
                                           clock: FakeClock) -> None:
    fake, served = line_fake
    messenger.show_loading(USER)
    assert fake.loading == [(USER, 10)]
    wrong = LineMessenger("wrong-token", served.url, clock, sleep=lambda s: None)
    wrong.show_loading(USER)
    assert (401, fake.rejected[-1][1]) == fake.rejected[-1] and len(fake.loading) == 1


def test_a_push_without_buttons_ends_with_the_menu_button(messenger: LineMessenger,
                                                          line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    messenger.push(USER, [Text("แจ้งเตือน 1"), Text("แจ้งเตือน 2")])
    messenger.push(USER, [Text("สถานะเปลี่ยน", (QuickReply("ติดตาม", text="ติดตาม"),))])
    first, second = fake.deliveries
    assert "quickReply" not in first.messages[0]
    assert [i["action"]["text"] for i in first.messages[-1]["quickReply"]["items"]] == ["เมนู"]
    assert [i["action"]["text"] for i in second.messages[-1]["quickReply"]["items"]] == ["ติดตาม"]
