"""Issue 36 through the webhook: a complainant adds a photo to a filed case with the receipt; an abandoned one is
deleted like a draft's; a withdrawal confirmed in LINE is queued for the sheet."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from demo.line_fake import LineApiFake
from state.row_changes import decode
from tests.conftest import FakeClock
from tests.fakes.photos import jpeg_with_gps
from tests.fakes.servers import Served
from tests.integration.bot.test_complaints import Chat, file_by_line
from tests.integration.bot.test_status_actions import in_sheet

JPEG = jpeg_with_gps()


@pytest.fixture
def citizen(client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> Chat:
    return Chat(client, bot_app, line_fake[0], clock)


def test_a_photo_added_with_the_receipt_joins_the_case(citizen: Chat, bot_app: Flask, clock: FakeClock) -> None:
    receipt = file_by_line(citizen, "มีการฮั้วประมูลงานถนน")
    in_sheet(bot_app)
    attachments = runtime_of(bot_app).attachments
    citizen.fake.content["m-2"] = JPEG
    assert "พิมพ์ข้อความที่ต้องการเพิ่มหรือแก้ไข" in citizen.say(f"เพิ่มข้อมูล {receipt}")
    assert "รูป 1 รูป" in citizen.photo("m-2")
    assert "ส่งข้อมูลเพิ่มเติมของเรื่องเลขที่ 2570-0004 ถึงเจ้าหน้าที่แล้ว" in citizen.say("ส่งข้อมูลเพิ่มเติม")
    (reference,) = attachments.references("2570-0004")
    assert attachments.path_of(reference) is not None and attachments.path_of(reference).exists()  # type: ignore[union-attr]


def test_a_photo_of_an_abandoned_addition_is_deleted(citizen: Chat, bot_app: Flask) -> None:
    receipt = file_by_line(citizen, "มีการฮั้วประมูลงานถนน")
    in_sheet(bot_app)
    attachments = runtime_of(bot_app).attachments
    citizen.fake.content["m-3"] = JPEG
    citizen.say(f"เพิ่มรูป {receipt}")
    citizen.photo("m-3")
    assert attachments.unfiled(), "kept as a draft while the addition is open"
    citizen.say("ยกเลิก")
    assert not attachments.unfiled() and attachments.references("2570-0004") == []


def test_a_withdrawal_confirmed_in_line_is_queued(citizen: Chat, bot_app: Flask, clock: FakeClock) -> None:
    receipt = file_by_line(citizen, "มีการฮั้วประมูลงานถนน")
    in_sheet(bot_app)
    assert "ยืนยันถอนเรื่องเลขที่ 2570-0004 หรือไม่" in citizen.say(f"ขอถอนเรื่อง {receipt.lower()} ค่ะ")
    assert "ถอนเรื่องเลขที่ 2570-0004 แล้ว" in citizen.say("ยืนยันถอนเรื่อง")
    outbox = runtime_of(bot_app).outbox
    (change,) = [decode(e) for tab in outbox.tabs_due(clock()) if tab != "เรื่องร้องเรียน"
                 for e in outbox.due(tab, clock(), 10)]
    assert change.action == "ผู้ร้องถอนเรื่อง" and change.cells[0].new == "ถอนเรื่อง"
