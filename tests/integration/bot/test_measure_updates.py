"""A unit's staff member updates a measure in LINE: signed webhook in, the row update into the demo .xlsx."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from documents.output import render_document
from documents.photos import photo_folder
from handlers.documents.progress_report import build_progress
from handlers.measures.evidence import photo_references
from sheets.local import LocalWorkbook
from sheets.schema import HISTORY, MEASURES
from sheets.workbook import parse_workbook
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.photos import PHONE_MAKE, jpeg_with_gps
from tests.fakes.servers import Served
from tests.integration.bot.test_casework import flush, sheet_rows
from tests.integration.conftest import post_signed
from tests.unit.documents.readback import read_docx

STAFF = demo_user_id("demo-staff")
TWO_WEEKS = 14 * 24 * 3600


def say(client: FlaskClient, app: Flask, fake: LineApiFake, clock: FakeClock, text: str) -> list[dict[str, object]]:
    before = len(fake.deliveries)
    event = text_event(STAFF, text, fake.issue_reply_token(STAFF), line_ms(clock()))
    assert post_signed(client, body_of(event)) == 200
    runtime_of(app).events.wait_idle()
    return [m for d in fake.deliveries[before:] for m in d.messages]


def texts(messages: list[dict[str, object]]) -> str:
    return "\n".join(str(m.get("text") or m.get("altText")) for m in messages)


def measure_row(path: Path, code: str) -> dict[str, object]:
    (row,) = [r for r in sheet_rows(path, MEASURES.name) if r["รหัส"] == code]
    return row


def edit_measure(path: Path, code: str, changes: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[MEASURES.name]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == code)
    for column, value in changes.items():
        row[header.index(column)].value = value
    book.save(path)


def test_a_measure_goes_to_done_in_line_and_the_sheet_history_and_next_card_show_it(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    clock.advance(TWO_WEEKS)  # 7 ธ.ค. 2569: the demo's อัปเดตล่าสุด (a date cell) is 23 พ.ย.
    card = say(client, bot_app, fake, clock, "มาตรการ")
    assert "อัปเดต M2570-10" in str(card[-1]["contents"])  # the card's button
    for text in ("อัปเดต M2570-10", "ความคืบหน้า", "100", "เสร็จสิ้น", "การติดตามผล", "เผยแพร่ข่าวครบ 12 เดือนแล้ว"):
        answer = texts(say(client, bot_app, fake, clock, text))
    assert "บันทึกแล้ว · การติดตามผล: เผยแพร่ข่าวครบ 12 เดือนแล้ว" in answer
    flush(bot_app, bot_config, clock)
    row = measure_row(bot_config.workbook_path, "M2570-10")
    assert (row["สถานะ"], row["ความคืบหน้า (%)"], row["การติดตามผล"], row["อัปเดตล่าสุด"]) == (
        "เสร็จสิ้น", 100, "เผยแพร่ข่าวครบ 12 เดือนแล้ว", datetime(2026, 12, 7))  # a number and a date cell
    logged = sheet_rows(bot_config.workbook_path, HISTORY.name)
    assert [(h["รหัส"], h["การดำเนินการ"], h["โดย"]) for h in logged] == [
        ("M2570-10", "อัปเดตความคืบหน้า", "สมศรี ใจดี"), ("M2570-10", "อัปเดตสถานะ", "สมศรี ใจดี"),
        ("M2570-10", "อัปเดตการติดตามผล", "สมศรี ใจดี")]
    say(client, bot_app, fake, clock, "ยกเลิก")
    assert "M2570-10" not in str(say(client, bot_app, fake, clock, "มาตรการ")[-1]["contents"])  # done: off the card


def test_an_admin_edit_in_between_is_kept_and_the_person_is_told_the_value_now(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    for text in ("อัปเดต M2570-02", "ความคืบหน้า", "80"):
        say(client, bot_app, fake, clock, text)
    edit_measure(bot_config.workbook_path, "M2570-02", {"ความคืบหน้า (%)": 75})
    before = len(fake.deliveries)
    flush(bot_app, bot_config, clock)
    (push,) = fake.deliveries[before:]
    assert push.kind == "push" and push.to == (STAFF,)
    assert 'ความคืบหน้า (%): ตอนนี้ในชีตเป็น "75" (ที่คุณเห็นคือ "70")' in str(push.messages[0]["text"])
    assert [q["action"]["text"] for q in push.messages[0]["quickReply"]["items"]] == ["อัปเดต M2570-02"]
    assert measure_row(bot_config.workbook_path, "M2570-02")["ความคืบหน้า (%)"] == 75
    assert sheet_rows(bot_config.workbook_path, HISTORY.name) == []


def send_photo(client: FlaskClient, app: Flask, fake: LineApiFake, clock: FakeClock, message_id: str) -> str:
    before = len(fake.deliveries)
    event = text_event(STAFF, "", fake.issue_reply_token(STAFF), line_ms(clock()))
    event["message"] = {"type": "image", "id": message_id, "contentProvider": {"type": "line"}, "quoteToken": "q"}
    assert post_signed(client, body_of(event)) == 200
    runtime_of(app).events.wait_idle()
    return texts([m for d in fake.deliveries[before:] for m in d.messages])


def test_evidence_photos_are_kept_re_encoded_and_embedded_in_the_progress_report(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    fake.content["p-1"], fake.content["p-2"] = jpeg_with_gps(), b"\xff\xd8" + b"0" * (11 * 1024 * 1024)
    for text in ("อัปเดต M2570-02", "หลักฐาน"):
        say(client, bot_app, fake, clock, text)
    assert "บันทึกรูปแล้ว · รูปถ่าย 1 รูป: attachments/" in send_photo(client, bot_app, fake, clock, "p-1")
    assert "รับรูปนี้ไม่ได้" in send_photo(client, bot_app, fake, clock, "p-2")  # over 10 MB: nothing written
    flush(bot_app, bot_config, clock)
    cell = str(measure_row(bot_config.workbook_path, "M2570-02")["หลักฐาน"])
    assert cell.startswith("https://www.muaklek.go.th/anti-corruption/plan\nรูปถ่าย 1 รูป: attachments/")
    (reference,) = photo_references(cell)
    kept = (bot_config.data_dir / reference).read_bytes()
    assert kept.startswith(b"\xff\xd8\xff") and PHONE_MAKE.encode() not in kept
    snapshot = parse_workbook(LocalWorkbook(bot_config.workbook_path).read_tables(), clock())
    document = build_progress(snapshot, 2570, date(2027, 3, 31))
    docx = read_docx(render_document(document, "docx", photo_folder(bot_config.data_dir / "attachments")))
    assert kept in docx.images
