"""Complaints end to end: photos from LINE's content API, status pushes, no leaks, never a formula."""

from __future__ import annotations

import logging
import random
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import complaint_sync, runtime_of
from bot.dispatch import pseudonymizer
from demo.line_fake import LineApiFake
from handlers.complaints.desk import ComplaintDesk, Draft
from sheets.flusher import Flusher
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.photos import PHONE_MAKE, jpeg_with_gps
from tests.fakes.servers import Served
from tests.fakes.sheet_edits import edit_complaint
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.sheets_state import Formula
from tests.integration.conftest import post_signed

USER = "U" + "7" * 32
JPEG = jpeg_with_gps()
RECEIPT = re.compile(r"เลขรับเรื่องของคุณ: ([0-9A-Z-]+)")


class Chat:
    """A citizen talking to the bot through signed webhooks; answers read back from the LINE fake."""

    def __init__(self, client: FlaskClient, app: Flask, fake: LineApiFake, clock: FakeClock) -> None:
        self.client, self.app, self.fake, self.clock = client, app, fake, clock

    def say(self, text: str) -> str:
        return self._post(text_event(USER, text, self.fake.issue_reply_token(USER), self._now()))

    def tap(self, data: str) -> str:
        """A postback button's tap, as LINE delivers it (webhook.yml PostbackEvent)."""
        event = text_event(USER, "", self.fake.issue_reply_token(USER), self._now())
        del event["message"]
        event.update(type="postback", postback={"data": data})
        return self._post(event)

    def photo(self, message_id: str) -> str:
        event = text_event(USER, "", self.fake.issue_reply_token(USER), self._now())
        event["message"] = {"type": "image", "id": message_id, "contentProvider": {"type": "line"},
                            "quoteToken": "q"}
        return self._post(event)

    def _now(self) -> int:
        return line_ms(self.clock())

    def _post(self, event: dict[str, object]) -> str:
        before = len(self.fake.deliveries)
        assert post_signed(self.client, body_of(event)) == 200
        runtime_of(self.app).events.wait_idle()
        return "\n".join(str(m.get("text") or m.get("altText")) for d in self.fake.deliveries[before:]
                         for m in d.messages)


@pytest.fixture
def chat(client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> Chat:
    return Chat(client, bot_app, line_fake[0], clock)


def file_by_line(chat: Chat, details: str, opt_in: str = "รับแจ้งเตือน", photo: str | None = None) -> str:
    for text in ["ร้องเรียน", "จัดซื้อจัดจ้าง", details, "ถัดไป", "กองช่าง", "ข้าม", "ข้าม"]:
        chat.say(text)
    if photo:
        assert "ได้รับแล้ว 1 รูป" in chat.photo(photo)
    chat.say("ถัดไป")
    chat.say(opt_in)
    receipt = RECEIPT.search(chat.say("ยืนยันส่ง"))
    assert receipt
    return receipt.group(1)


def test_a_photo_is_fetched_from_line_at_once_and_referenced(chat: Chat, bot_app: Flask, clock: FakeClock,
                                                             bot_config) -> None:  # type: ignore[no-untyped-def]
    chat.fake.content["m-1"] = JPEG
    file_by_line(chat, "มีรูปประกอบ", photo="m-1")
    (entry,) = runtime_of(bot_app).outbox.due("เรื่องร้องเรียน", clock(), 10)
    assert entry.row["ไฟล์แนบ"] == "รูปภาพ 1 รูป — ดูใน LINE: เรื่อง 2570-0004"
    (reference,) = runtime_of(bot_app).attachments.references("2570-0004")
    kept = (bot_config.data_dir / reference).read_bytes()
    assert kept.startswith(b"\xff\xd8\xff") and PHONE_MAKE.encode() not in kept, "re-encoded, without its EXIF"


def test_photos_of_closed_cases_are_removed_after_the_retention(chat: Chat, bot_app: Flask, clock: FakeClock,
                                                                bot_config) -> None:  # type: ignore[no-untyped-def]
    runtime = runtime_of(bot_app)
    chat.fake.content["m-2"] = JPEG
    file_by_line(chat, "มีรูปประกอบ", opt_in="ไม่รับ", photo="m-2")
    workbook = LocalWorkbook(bot_config.workbook_path)
    Flusher(runtime.outbox, workbook, clock).drain()
    (photo,) = (bot_config.data_dir / "attachments").iterdir()
    edit_complaint(workbook.path, "2570-0004", {"สถานะ": "ยุติเรื่อง", "ปิดเรื่องเมื่อ": "1 พ.ย. 2569"})
    clock.advance(31)
    complaint_sync(runtime)
    assert photo.exists(), "closed 22 days ago: kept for the 30-day retention"
    clock.advance(9 * 86400)
    complaint_sync(runtime)
    assert not photo.exists() and runtime.attachments.references("2570-0004") == []


def test_an_old_rows_bare_path_is_removed_after_the_retention_too(bot_app: Flask, bot_config,  # type: ignore[no-untyped-def]
                                                                  clock: FakeClock) -> None:
    runtime = runtime_of(bot_app)
    assert runtime.warmed.wait(30), "the first read is done: it never races the edit below (a half-saved file)"
    reference = runtime.attachments.save(JPEG)
    assert reference
    edit_complaint(bot_config.workbook_path, "2570-0002", {"ไฟล์แนบ": reference, "สถานะ": "ยุติเรื่อง",
                                                           "ปิดเรื่องเมื่อ": "1 ต.ค. 2569"})
    runtime.snapshots.expire()
    complaint_sync(runtime)
    assert not (bot_config.data_dir / reference).exists(), runtime.snapshots._last_error


def test_officer_edits_are_pushed_to_opted_in_citizens(chat: Chat, bot_app: Flask, bot_config,  # type: ignore[no-untyped-def]
                                                       clock: FakeClock) -> None:
    runtime = runtime_of(bot_app)
    file_by_line(chat, "ขอให้ตรวจสอบ")
    workbook = LocalWorkbook(bot_config.workbook_path)
    Flusher(runtime.outbox, workbook, clock).drain()
    assert complaint_sync(runtime) == 0, "they were told รับเรื่อง when they filed"
    edit_complaint(workbook.path, "2570-0004", {"สถานะ": "กำลังตรวจสอบ",
                                                "ข้อความถึงผู้ร้อง": "กำลังเรียกเอกสารจากกองช่าง"})
    before = len(chat.fake.deliveries)
    clock.advance(31)
    assert complaint_sync(runtime) == 1
    assert complaint_sync(runtime) == 0, "nothing new, nothing pushed"
    (push,) = chat.fake.deliveries[before:]
    assert push.kind == "push" and push.to == (USER,)
    assert "สถานะ: เจ้าหน้าที่กำลังตรวจสอบเรื่องของคุณ" in push.messages[0]["text"]
    assert "กำลังเรียกเอกสาร" in push.messages[0]["text"]


def test_canaries_never_reach_the_logs_and_no_identity_reaches_the_sheet(
        chat: Chat, bot_app: Flask, bot_config, clock: FakeClock,  # type: ignore[no-untyped-def]
        caplog: pytest.LogCaptureFixture) -> None:
    canaries = [f"CANARY-{n}-คานารี" for n in range(3)]
    runtime = runtime_of(bot_app)
    with caplog.at_level(logging.DEBUG):
        receipt = file_by_line(chat, canaries[0])
        chat.fake.faults.extend([500] * 8)  # LINE fails while the next complaint is answered
        for text in ["ร้องเรียน", "อื่น ๆ", canaries[1], "ถัดไป", "ไม่ทราบ", "ข้าม", "ข้าม", "ข้าม", "ไม่รับ",
                     "ยืนยันส่ง"]:
            chat.say(text)
        chat.fake.faults.clear()
        chat.say(f"ติดตาม {receipt}")
        chat.say(f"ติดตาม {canaries[2]}")
        workbook = LocalWorkbook(bot_config.workbook_path)
        lock = workbook.path.with_name(f".~lock.{workbook.path.name}#")
        lock.write_text("admin")  # the sheet is busy: the flusher fails and logs
        Flusher(runtime.outbox, workbook, clock).flush_once()
        lock.unlink()
        clock.advance(3600)
        Flusher(runtime.outbox, workbook, clock).drain()
    logged = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    for secret in [*canaries, receipt, USER]:
        assert secret not in logged
    cells = [str(cell) for row in workbook.read_tables()[COMPLAINTS.name] for cell in row if cell is not None]
    assert canaries[0] in "\n".join(cells), "the complaint itself did reach the sheet"
    assert not any(re.search(r"U[0-9a-f]{32}", cell) for cell in cells)
    assert receipt not in "\n".join(cells)


def test_no_log_line_marks_who_filed_or_when(chat: Chat, bot_config,  # type: ignore[no-untyped-def]
                                            caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        file_by_line(chat, "เรื่องที่ไม่ควรโยงถึงตัวผู้ร้อง")
    pseudonym = pseudonymizer(bot_config.secret_key.encode())(USER)
    assert pseudonym not in caplog.text
    event_lines = {record.getMessage() for record in caplog.records if record.name == "bot.dispatch"}
    assert event_lines <= {"event text handled", "event postback handled", "event image handled"}, event_lines


citizen_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(details=citizen_text, accused=citizen_text, place=citizen_text)
def test_whatever_the_citizen_types_no_stored_cell_is_a_formula(tmp_path: Path, google_workbook: GoogleWorkbook,
                                                               sheets_fake: FakeSheetsApi, details: str,
                                                               accused: str, place: str) -> None:
    folder = tmp_path / f"run-{random.random()}"
    clock = lambda: datetime(2026, 11, 23, 9)  # noqa: E731
    outbox = Outbox(folder / "outbox.sqlite3", "k" * 32)
    desk = ComplaintDesk(ComplaintLedger(folder / "ledger.sqlite3", "k" * 32), OutboxWriter(outbox, clock), clock,
                         hourly_cap=10_000)
    desk.file(Draft("อื่น ๆ", [f"={details}", details], f"+{accused}", f"@{place}"), "LINE", None, sender=None,
              user_id=None)
    local = LocalWorkbook(folder / "ita.xlsx")
    local.init_schema()
    if COMPLAINTS.name not in sheets_fake.spreadsheet.grids:
        google_workbook.init_schema()
    for backend in (local, google_workbook):
        Flusher(outbox, backend, clock).drain()
        outbox = Outbox(folder / f"again-{id(backend)}.sqlite3", "k" * 32) if backend is local else outbox
        if backend is local:
            desk.writer = OutboxWriter(outbox, clock)
            desk.file(Draft("อื่น ๆ", [f"={details}", details], f"+{accused}", f"@{place}"), "LINE", None,
                      sender=None, user_id=None)
    sheet = openpyxl.load_workbook(local.path)[COMPLAINTS.name]
    assert all(cell.data_type != "f" for row in sheet.iter_rows(min_row=2) for cell in row)
    assert not any(isinstance(cell, Formula) for row in sheets_fake.grid(COMPLAINTS.name).rows for cell in row)


def test_photos_a_complainant_added_later_are_removed_after_the_retention_too(
        bot_app: Flask, bot_config, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """Found in review: a case filed without photos, given some by receipt later, kept them for ever (its ไฟล์แนบ
    cell stays empty; only the case's list of photos names them)."""
    runtime = runtime_of(bot_app)
    assert runtime.warmed.wait(30), "the first read is done: it never races the edit below"
    reference = runtime.attachments.save(JPEG)
    assert reference
    runtime.desk.add_photos("2570-0002", [reference])
    edit_complaint(bot_config.workbook_path, "2570-0002", {"สถานะ": "ยุติเรื่อง", "ปิดเรื่องเมื่อ": "1 ต.ค. 2569"})
    runtime.snapshots.expire()
    complaint_sync(runtime)
    assert not (bot_config.data_dir / reference).exists() and runtime.attachments.references("2570-0002") == []
