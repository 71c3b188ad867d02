"""LINE complaint photos live only as long as their draft; retention covers everything in attachments/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import complaint_sync, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.fakes.sheet_edits import edit_measure
from tests.integration.bot.test_complaints import JPEG, Chat, file_by_line

DAY = 86400


@pytest.fixture
def chat(client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> Chat:
    for n in range(1, 6):
        line_fake[0].content[f"m-{n}"] = JPEG
    return Chat(client, bot_app, line_fake[0], clock)


def kept(config: Config) -> list[Path]:
    folder = config.data_dir / "attachments"
    return sorted(folder.iterdir()) if folder.exists() else []


def draft_with_photos(chat: Chat, count: int) -> list[str]:
    for text in ["ร้องเรียน", "จัดซื้อจัดจ้าง", "มีรูปประกอบ", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม"]:
        chat.say(text)
    return [chat.photo(f"m-{n}") for n in range(1, count + 1)]


def test_a_fourth_photo_is_not_written_at_all(chat: Chat, bot_config: Config) -> None:
    answers = draft_with_photos(chat, 4)
    assert "ได้รับแล้ว 3 รูป" in answers[2] and "รูปนี้ไม่ได้บันทึก" in answers[3]
    assert len(kept(bot_config)) == 3


@pytest.mark.parametrize("leave", ["ยกเลิก", "เมนู"])
def test_a_cancelled_or_left_draft_removes_its_photos(chat: Chat, bot_config: Config, leave: str) -> None:
    draft_with_photos(chat, 2)
    assert len(kept(bot_config)) == 2
    chat.say(leave)
    assert kept(bot_config) == []


def test_a_timed_out_draft_loses_its_photos_with_the_next_sync(chat: Chat, bot_app: Flask, bot_config: Config,
                                                               clock: FakeClock) -> None:
    draft_with_photos(chat, 2)
    clock.advance(9 * 60)
    complaint_sync(runtime_of(bot_app))
    assert len(kept(bot_config)) == 2, "still open: nine minutes idle"
    clock.advance(2 * 60)
    complaint_sync(runtime_of(bot_app))
    assert kept(bot_config) == []


def test_a_filed_cases_photos_stay_past_a_day(chat: Chat, bot_app: Flask, bot_config: Config,
                                              clock: FakeClock) -> None:
    chat.fake.content["m-9"] = JPEG
    file_by_line(chat, "มีรูปประกอบ", photo="m-9")
    (photo,) = kept(bot_config)
    clock.advance(2 * DAY)
    complaint_sync(runtime_of(bot_app))
    assert kept(bot_config) == [photo]


def test_a_file_nothing_names_goes_after_a_day_and_a_measures_evidence_stays(
        bot_app: Flask, bot_config: Config, clock: FakeClock) -> None:
    runtime = runtime_of(bot_app)
    orphan, evidence = runtime.attachments.save(JPEG), runtime.attachments.save(JPEG)
    assert orphan and evidence
    edit_measure(bot_config.workbook_path, "M2570-10", {"หลักฐาน": f"รูปถ่าย 1 รูป: {evidence}"})
    temp = bot_config.data_dir / "attachments" / ".left-by-a-crash.tmp"
    temp.write_bytes(b"x")
    os.utime(temp, (clock().timestamp(), clock().timestamp()))
    clock.advance(DAY - 60)
    complaint_sync(runtime)
    assert len(kept(bot_config)) == 3, "less than a day old: kept (a web filing may still be linking it)"
    clock.advance(120)
    runtime.snapshots.expire()
    complaint_sync(runtime)
    assert kept(bot_config) == [bot_config.data_dir / evidence]
