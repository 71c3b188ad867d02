"""The web complaint form and status page: CSRF, limits, the same pipeline and receipt as LINE."""

from __future__ import annotations

import io
import itertools
import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from tests.conftest import FakeClock
from tests.fakes.photos import png

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt">([0-9A-Z-]+)<')
PNG = png()
SENT = itertools.count(1)
"""Each submit a complaint of its own: the same form sent again is the first case again (test_webform_again)."""


def token(client: FlaskClient, path: str = "/complaint") -> str:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    match = TOKEN.search(page.get_data(as_text=True))
    assert match
    return match.group(1)


def submit(client: FlaskClient, address: str = "127.0.0.1", **fields: object) -> tuple[int, str]:
    data = {"csrf_token": token(client), "category": "จัดซื้อจัดจ้าง", "details": f"มีการฮั้วประมูล ({next(SENT)})",
            "accused": "กองช่าง", "place": "", "incident_date": "", **fields}
    response = client.post("/complaint", data=data, content_type="multipart/form-data",
                           environ_base={"REMOTE_ADDR": address})
    return response.status_code, response.get_data(as_text=True)


def test_a_web_complaint_gets_a_receipt_and_its_status(client: FlaskClient, bot_app: Flask,
                                                       clock: FakeClock) -> None:
    status, page = submit(client, incident_date="๑ พ.ย. ๖๙", photos=[(io.BytesIO(PNG), "a.png")])
    assert status == 200 and "เลขที่เรื่อง <strong id=\"case-no\">2570-0004</strong>" in page
    receipt = RECEIPT.search(page)
    assert receipt
    (entry,) = runtime_of(bot_app).outbox.due("เรื่องร้องเรียน", clock(), 10)
    assert entry.row["ช่องทาง"] == "เว็บไซต์" and entry.row["วันที่เกิดเหตุ"] == "1 พ.ย. 2569"
    assert entry.row["ไฟล์แนบ"] == "รูปภาพ 1 รูป — ดูใน LINE: เรื่อง 2570-0004", "how many, never a file path"
    (reference,) = runtime_of(bot_app).attachments.references("2570-0004")
    assert reference.startswith("attachments/") and reference.endswith(".png")
    shown = client.post("/status", data={"csrf_token": token(client, "/status"), "receipt": receipt.group(1)})
    words = "ได้รับเรื่องแล้ว รอเจ้าหน้าที่ตรวจสอบ"
    assert shown.status_code == 200 and f"สถานะ: <strong id=\"status-value\">{words}</strong>" in shown.get_data(
        as_text=True)
    assert "กำหนดตอบ: 8 ธ.ค. 2569" in shown.get_data(as_text=True), "the deadline before the row is in the sheet"


def test_without_the_csrf_token_nothing_is_filed(client: FlaskClient, bot_app: Flask) -> None:
    response = client.post("/complaint", data={"category": "อื่น ๆ", "details": "x", "csrf_token": "forged"})
    assert response.status_code == 400 and "แบบฟอร์มหมดอายุ" in response.get_data(as_text=True)
    assert runtime_of(bot_app).outbox.depth() == 0


@pytest.mark.parametrize(("fields", "message"), [
    ({"category": "ไม่มีประเภทนี้"}, "กรุณาเลือกประเภทเรื่อง"),
    ({"details": "   "}, "กรุณาเล่าเหตุการณ์"),
    ({"details": "ก" * 3001}, "ยาวเกิน 3000 ตัวอักษร"),
    ({"incident_date": "31/02/2569"}, "ไม่มีวันที่นี้ในปฏิทิน"),
    ({"photos": [(io.BytesIO(b"GIF89a..."), "a.gif")]}, "JPEG หรือ PNG"),
    ({"photos": [(io.BytesIO(PNG), f"{n}.png") for n in range(4)]}, "ไม่เกิน 3 รูป"),
])
def test_bad_input_gets_a_thai_message_and_keeps_what_was_typed(client: FlaskClient, bot_app: Flask,
                                                                fields: dict[str, object], message: str) -> None:
    status, page = submit(client, accused="<script>alert(1)</script>", **fields)
    assert status == 400 and message in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert runtime_of(bot_app).outbox.depth() == 0


def test_wrong_receipts_are_refused_then_throttled(client: FlaskClient) -> None:
    csrf = token(client, "/status")
    statuses = [client.post("/status", data={"csrf_token": csrf, "receipt": "AAAA-BBBB-CC"}).status_code
                for _ in range(11)]
    assert statuses == [404] * 10 + [429]


def test_web_complaints_leave_no_text_or_address_in_the_logs(client: FlaskClient,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    data = {"csrf_token": token(client), "category": "อื่น ๆ", "details": "คานารี-เว็บ-7731", "accused": "",
            "place": "", "incident_date": ""}
    with caplog.at_level(logging.DEBUG):
        response = client.post("/complaint", data=data, environ_base={"REMOTE_ADDR": "203.0.113.77"})
    assert response.status_code == 200
    assert "คานารี-เว็บ-7731" not in caplog.text and "203.0.113.77" not in caplog.text


def test_a_form_error_asks_for_the_photo_again(client: FlaskClient, bot_app: Flask) -> None:
    status, page = submit(client, details="   ", photos=[(io.BytesIO(PNG), "a.png")])
    assert status == 400 and "กรุณาเลือกรูปอีกครั้ง" in page, "the browser drops the file: say so"
    status, page = submit(client, details="   ")
    assert status == 400 and "กรุณาเลือกรูปอีกครั้ง" not in page


def test_the_web_form_reads_relative_incident_dates(client: FlaskClient, bot_app: Flask, clock: FakeClock) -> None:
    status, _ = submit(client, incident_date="เมื่อวาน")
    assert status == 200
    (entry,) = runtime_of(bot_app).outbox.due("เรื่องร้องเรียน", clock(), 10)
    assert entry.row["วันที่เกิดเหตุ"] == "22 พ.ย. 2569"
