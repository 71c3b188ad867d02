"""Every message counts: one person's burst kept whole and in order, and no complaint filed twice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from app import create_app, runtime_of
from bot.dispatch import pseudonymizer
from common.config import Config
from demo.line_fake import LineApiFake
from sheets.schema import COMPLAINTS
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.servers import Served
from tests.integration.conftest import post_signed, quick_messenger

USER = "U" + "8" * 32
RECEIPT = re.compile(r"เลขรับเรื่องของคุณ: ([0-9A-Z-]+)")
PIECES = [f"ข้อความที่ {n}: รถขุดของเทศบาลไปทำงานที่บ้านนายก" for n in range(1, 9)]
TO_DETAILS = ["ร้องเรียน", "จัดซื้อจัดจ้าง"]
TO_CONFIRM = ["ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ถัดไป", "ไม่รับ"]


class Person:
    """One citizen's events, stamped one millisecond apart, as LINE stamps a fast typist's messages."""

    def __init__(self, fake: LineApiFake, clock: FakeClock, user: str = USER) -> None:
        self.fake, self.user = fake, user
        self.stamp = line_ms(clock())

    def events(self, *texts: str) -> list[dict[str, Any]]:
        out = []
        for text in texts:
            self.stamp += 1
            out.append(text_event(self.user, text, self.fake.issue_reply_token(self.user), self.stamp))
        return out


def answered(fake: LineApiFake, user: str = USER) -> str:
    return "\n".join(str(m.get("text") or m.get("altText")) for d in fake.messages_to(user) for m in d.messages)


def queued_complaints(app: Flask, clock: FakeClock) -> list[dict[str, str]]:
    return [entry.row for entry in runtime_of(app).outbox.due(COMPLAINTS.name, clock(), 100)]


def send_one_by_one(app: Flask, events: list[dict[str, Any]]) -> None:
    for event in events:
        assert post_signed(app.test_client(), body_of(event)) == 200
        assert runtime_of(app).events.wait_idle()


@pytest.fixture
def sqlite_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    app = create_app(bot_config, clock=clock, messenger=quick_messenger(bot_config, clock), flush_interval=None,
                     sync_interval=None)
    yield app
    runtime_of(app).stop()


def test_eight_messages_in_one_body_all_reach_the_row_in_order(sqlite_app: Flask, clock: FakeClock,
                                                               line_fake: tuple[LineApiFake, Served]) -> None:
    person = Person(line_fake[0], clock)
    send_one_by_one(sqlite_app, person.events(*TO_DETAILS))
    burst = person.events(*PIECES)
    burst[6]["timestamp"] = burst[7]["timestamp"]  # same millisecond: the body's order decides
    shuffled = [burst[3], burst[0], burst[5], burst[1], burst[6], burst[2], burst[4], burst[7]]
    assert post_signed(sqlite_app.test_client(), body_of(*shuffled)) == 200
    assert runtime_of(sqlite_app).events.wait_idle()
    send_one_by_one(sqlite_app, person.events(*TO_CONFIRM, "ยืนยันส่ง"))
    assert RECEIPT.search(answered(line_fake[0]))
    (row,) = queued_complaints(sqlite_app, clock)
    assert row["รายละเอียด"] == "\n".join(PIECES)


def test_two_confirmations_in_one_body_file_one_case_with_one_receipt(sqlite_app: Flask, clock: FakeClock,
                                                                      line_fake: tuple[LineApiFake, Served]) -> None:
    person = Person(line_fake[0], clock)
    send_one_by_one(sqlite_app, person.events(*TO_DETAILS, "ถนนพัง", *TO_CONFIRM))
    assert post_signed(sqlite_app.test_client(), body_of(*person.events("ยืนยันส่ง", "ยืนยันส่ง"))) == 200
    assert runtime_of(sqlite_app).events.wait_idle()
    assert len(RECEIPT.findall(answered(line_fake[0]))) == 1
    assert len(queued_complaints(sqlite_app, clock)) == 1


def test_ten_complaints_in_one_body_stop_at_the_daily_limit(sqlite_app: Flask, clock: FakeClock,
                                                            line_fake: tuple[LineApiFake, Served]) -> None:
    person = Person(line_fake[0], clock)
    flows = [text for n in range(10) for text in (*TO_DETAILS, f"เรื่องที่ {n}", *TO_CONFIRM, "ยืนยันส่ง")]
    assert post_signed(sqlite_app.test_client(), body_of(*person.events(*flows))) == 200
    assert runtime_of(sqlite_app).events.wait_idle()
    assert len(RECEIPT.findall(answered(line_fake[0]))) == 3
    assert len(queued_complaints(sqlite_app, clock)) == 3
    assert "ไม่เกิน 3 เรื่องต่อวันต่อบัญชี" in answered(line_fake[0])


def test_on_redis_two_instances_receiving_alternate_bodies_keep_the_order(
        bot_config: Config, clock: FakeClock, line_fake: tuple[LineApiFake, Served], redis_url: str) -> None:
    config = replace(bot_config, state_url=redis_url)
    apps = [create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None,
                       sync_interval=None) for _ in range(2)]
    person = Person(line_fake[0], clock)
    try:
        send_one_by_one(apps[0], person.events(*TO_DETAILS))
        burst = person.events(*PIECES)
        for n in range(4):  # four bodies of two messages, alternately to each instance, without waiting
            assert post_signed(apps[n % 2].test_client(), body_of(*burst[2 * n:2 * n + 2])) == 200
        for app in apps:
            assert runtime_of(app).events.wait_idle()
        send_one_by_one(apps[1], person.events(*TO_CONFIRM, "ยืนยันส่ง"))
        assert RECEIPT.search(answered(line_fake[0]))
        (row,) = queued_complaints(apps[0], clock)
        assert row["รายละเอียด"] == "\n".join(PIECES)
    finally:
        for app in apps:
            runtime_of(app).stop()


def test_a_retried_confirmation_replays_the_same_receipt_and_files_nothing_new(
        bot_config: Config, clock: FakeClock, line_fake: tuple[LineApiFake, Served]) -> None:
    """The first attempt filed the case and then LINE failed; the retry sends the recorded answer."""
    fake = line_fake[0]
    app = create_app(bot_config, clock=clock, messenger=quick_messenger(bot_config, clock), flush_interval=None,
                     sync_interval=None)
    person = Person(fake, clock)
    try:
        send_one_by_one(app, person.events(*TO_DETAILS, "ถนนพัง", *TO_CONFIRM))
        fake.faults.extend([500] * 8)  # the reply and every push of the first attempt fail
        assert post_signed(app.test_client(), body_of(*person.events("ยืนยันส่ง"))) == 200
        assert runtime_of(app).events.wait_idle(timeout=30)
        receipts = RECEIPT.findall(answered(fake))
        assert len(receipts) == 1, "answered once, after the retry"
        assert len(queued_complaints(app, clock)) == 1
        sender = pseudonymizer(bot_config.secret_key.encode())(USER)
        assert runtime_of(app).ledger.count(f"file:{sender}", f"{clock():%Y-%m-%d}", add=False) == 1
    finally:
        runtime_of(app).stop()
