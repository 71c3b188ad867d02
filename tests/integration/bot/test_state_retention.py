"""On the live path: an abandoned LINE draft, and a photo addition left half way, are removed from storage by
complaint-sync at their stated age (photos 10 minutes idle, the draft itself a day), not only ignored when read."""

from __future__ import annotations

import sqlite3

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import complaint_sync, runtime_of
from bot.dispatch import pseudonymizer
from common.config import Config
from demo.line_fake import LineApiFake
from tests.at_rest import files_holding
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.bot.test_complaints import JPEG, USER, Chat, file_by_line
from tests.integration.bot.test_status_actions import in_sheet

DAY = 86400


@pytest.fixture
def chat(client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> Chat:
    line_fake[0].content["m-1"] = JPEG
    return Chat(client, bot_app, line_fake[0], clock)


def sessions(config: Config) -> int:
    with sqlite3.connect(config.data_dir / "state.sqlite3") as db:
        (count,) = db.execute("SELECT COUNT(*) FROM sessions").fetchone()
    db.close()
    return int(count)


def test_an_abandoned_draft_leaves_the_state_file_a_day_after_its_last_answer(
        chat: Chat, bot_app: Flask, bot_config: Config, clock: FakeClock) -> None:
    for text in ["ร้องเรียน", "จัดซื้อจัดจ้าง", "มีการฮั้วประมูลงานถนน"]:
        chat.say(text)
    sender = pseudonymizer(bot_config.secret_key.encode())(USER)
    assert sessions(bot_config) == 1
    assert "state.sqlite3-wal: " + sender in files_holding([bot_config.data_dir], [sender])
    clock.advance(DAY - 60)
    complaint_sync(runtime_of(bot_app))
    assert sessions(bot_config) == 1, "less than a day: kept (the person may still come back)"
    clock.advance(120)
    complaint_sync(runtime_of(bot_app))
    assert sessions(bot_config) == 0
    assert files_holding([bot_config.data_dir], [sender]) == [], "in no state file, nor in any -wal"


def test_an_addition_left_half_way_loses_its_photo_when_idle_and_its_draft_after_a_day(
        chat: Chat, bot_app: Flask, bot_config: Config, clock: FakeClock) -> None:
    receipt = file_by_line(chat, "มีการฮั้วประมูลงานถนน")
    in_sheet(bot_app)
    attachments = runtime_of(bot_app).attachments
    chat.say(f"เพิ่มรูป {receipt}")
    chat.photo("m-1")
    assert attachments.unfiled(), "kept while the addition is open"
    clock.advance(11 * 60)
    complaint_sync(runtime_of(bot_app))
    assert not attachments.unfiled() and attachments.references("2570-0004") == [], "never sent: deleted"
    assert sessions(bot_config) == 1
    clock.advance(DAY)
    complaint_sync(runtime_of(bot_app))
    assert sessions(bot_config) == 0
