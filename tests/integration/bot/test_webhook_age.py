"""Signed webhook events older than a day are answered 200 (LINE does not redeliver) and dropped unread."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.servers import Served
from tests.integration.conftest import post_signed

USER = "U" + "7" * 32
SECRET_WORDS = "ร้องเรียน เรื่องลับ-3381"
HOUR_MS = 3_600_000


def test_an_event_older_than_a_day_is_acknowledged_and_ignored(
        client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    fake, _ = line_fake
    old = text_event(USER, SECRET_WORDS, fake.issue_reply_token(USER), line_ms(clock()) - 25 * HOUR_MS)
    with caplog.at_level(logging.INFO):
        assert post_signed(client, body_of(old)) == 200
    runtime = runtime_of(bot_app)
    runtime.events.wait_idle()
    assert runtime.stores.inbox.depth() == 0 and fake.deliveries == []
    assert "1 webhook events older than 24 h ignored" in caplog.text
    assert SECRET_WORDS not in caplog.text and USER not in caplog.text


def test_a_body_with_old_and_recent_events_keeps_the_recent_one(
        client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    now = line_ms(clock())
    old = text_event(USER, "เมนู", fake.issue_reply_token(USER), now - 30 * HOUR_MS, event_id="OLD")
    recent = text_event(USER, "เมนู", fake.issue_reply_token(USER), now - 23 * HOUR_MS, event_id="RECENT")
    assert post_signed(client, body_of(old, recent)) == 200
    runtime_of(bot_app).events.wait_idle()
    assert len(fake.deliveries) == 1, "the recent event is answered once, the old one not at all"


def test_the_age_is_read_from_the_injected_clock(
        client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    sent = line_ms(clock())
    clock.advance(24 * 3600 + 1)
    assert post_signed(client, body_of(text_event(USER, "เมนู", fake.issue_reply_token(USER), sent))) == 200
    runtime_of(bot_app).events.wait_idle()
    assert fake.deliveries == []
