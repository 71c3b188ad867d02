"""Issue 36: the officers' group notice has a working เรื่อง <เลข> button (it opens the 1:1 chat with the command
typed in: the bot does not answer in groups) and no quick replies; no spreadsheet tab as the way to act."""

from __future__ import annotations

from urllib.parse import unquote

from bot.chat_links import chat_url
from handlers.complaints.officer_posts import case_post
from handlers.conversation.replies import Flex, Text
from templates import render


def link(text: str) -> str:
    return chat_url("@abc1234", text)


def test_the_chat_link_follows_lines_oamessage_scheme() -> None:
    url = link("เรื่อง 2570-0004")
    assert url.startswith("https://line.me/R/oaMessage/%40abc1234/?")
    assert unquote(url.split("?", 1)[1]) == "เรื่อง 2570-0004" and " " not in url


def test_a_new_case_post_is_a_card_with_the_case_button() -> None:
    text = render("complaint_officer_notice.txt.j2", case_no="2570-0004", category="ทุจริต", channel="LINE",
                  due="8 ธ.ค. 2569")
    post = case_post(text, ["2570-0004"], link)
    assert isinstance(post, Flex) and post.quick_replies == ()
    (button,) = post.contents["footer"]["contents"]
    assert button["action"] == {"type": "uri", "label": "เรื่อง 2570-0004", "uri": link("เรื่อง 2570-0004")}
    assert "แท็บ" not in str(post.contents) and "แตะปุ่มเพื่อเปิดเรื่องในแชตกับบอท" in str(post.contents)


def test_a_digest_gets_at_most_four_buttons() -> None:
    post = case_post("เรื่องร้องเรียนใหม่ 6 เรื่อง", [f"2570-000{n}" for n in range(1, 7)], link)
    assert isinstance(post, Flex) and len(post.contents["footer"]["contents"]) == 4


def test_without_the_bots_id_the_post_says_what_to_type() -> None:
    for chat in (None, lambda text: ""):
        post = case_post("เรื่องร้องเรียนใหม่ เลขที่ 2570-0004", ["2570-0004"], chat)
        assert isinstance(post, Text) and post.quick_replies == ()
        assert "พิมพ์ เรื่อง 2570-0004" in post.text
