"""The bot added to a LINE group greets it once, by reply, with the group's id for the admin."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock
from tests.fakes.line_events import body_of, join_event, text_event
from tests.fakes.servers import Served
from tests.integration.conftest import post_signed

GROUP = "C" + "a" * 32


def test_a_join_event_is_answered_in_the_group(client: FlaskClient, bot_app: Flask,
                                               line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    stamp = int(clock().timestamp() * 1000)
    assert post_signed(client, body_of(join_event(GROUP, fake.issue_reply_token(GROUP), stamp))) == 200
    message = text_event(GROUP, "เมนู", fake.issue_reply_token(GROUP), stamp)
    message["source"] = {"type": "group", "groupId": GROUP, "userId": "U" + "b" * 32}
    assert post_signed(client, body_of(message)) == 200, "group chatter is acknowledged and ignored"
    runtime_of(bot_app).events.wait_idle()
    (delivery,) = fake.messages_to(GROUP)
    assert delivery.kind == "reply"
    text = delivery.messages[0]["text"]
    assert "เข้ากลุ่มนี้แล้ว" in text and f"รหัสกลุ่มนี้: {GROUP}" in text and "staff_group_id" in text
