"""Issue 36 on the web: after the receipt lookup on /status, read what was filed, add to it, withdraw it."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from demo.line_fake import LineApiFake
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from state.row_changes import decode
from tests.conftest import FakeClock
from tests.fakes.photos import png
from tests.fakes.servers import Served
from tests.integration.bot.test_webform import RECEIPT, submit, token

GROUP = "C" + "6" * 32


def filed(client: FlaskClient) -> str:
    """A web case's receipt, once the case is in the sheet (a queued case is not changed: its row is not there)."""
    status, page = submit(client, details="มีการฮั้วประมูลงานถนน")
    found = RECEIPT.search(page)
    assert status == 200 and found
    assert post(client, "/status/withdraw", receipt=found.group(1))[0] == 409, "not before the row is in the sheet"
    in_sheet(client.application)
    return found.group(1)


def in_sheet(app: Flask) -> None:
    """The outbox written to the workbook and the snapshot read again (as the flusher and the cache do)."""
    runtime = runtime_of(app)
    Flusher(runtime.outbox, LocalWorkbook(runtime.config.workbook_path), runtime.clock).drain()
    runtime.snapshots.mark_changed()


def post(client: FlaskClient, path: str, **fields: object) -> tuple[int, str]:
    data = {"csrf_token": token(client, "/status"), **fields}
    response = client.post(path, data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def changes(bot_app: Flask, clock: FakeClock) -> list[str]:
    outbox = runtime_of(bot_app).outbox
    entries = [e for tab in outbox.tabs_due(clock()) if tab != "เรื่องร้องเรียน" for e in outbox.due(tab, clock(), 10)]
    return [f"{c.key}|{c.action}|{c.by}|{c.note}|" + ",".join(f"{x.header}={x.old}>{x.new}" for x in c.cells)
            for c in map(decode, entries)]


def test_the_lookup_shows_what_was_filed_and_the_forms(client: FlaskClient) -> None:
    receipt = filed(client)
    status, page = post(client, "/status", receipt=receipt)
    assert status == 200 and "เรื่องที่คุณแจ้งไว้" in page and "มีการฮั้วประมูลงานถนน" in page
    assert "<p>ประเภท: จัดซื้อจัดจ้าง</p>" in page and "<p>ผู้ถูกร้อง: กองช่าง</p>" in page
    assert 'action="/status/more"' in page and 'action="/status/withdraw"' in page
    assert f'name="receipt" value="{receipt}"' in page


def test_adding_information_and_a_photo_from_the_web(client: FlaskClient, bot_app: Flask, clock: FakeClock,
                                                     line_fake: tuple[LineApiFake, Served]) -> None:
    receipt = filed(client)
    depth = runtime_of(bot_app).outbox.depth()
    status, page = post(client, "/status/more", receipt=receipt, more="ผู้รับเหมาชื่อ ก.",
                        photos=[(io.BytesIO(png()), "b.png")])
    assert status == 200 and "ส่งข้อมูลเพิ่มเติมถึงเจ้าหน้าที่แล้ว" in page
    assert changes(bot_app, clock) == ["2570-0004|ผู้ร้องเพิ่มข้อมูล|ผู้ร้อง|ผู้รับเหมาชื่อ ก.\n(แนบรูปเพิ่ม 1 รูป)|"]
    assert len(runtime_of(bot_app).attachments.references("2570-0004")) == 1
    told = [m for m in line_fake[0].messages_to(GROUP) if "เพิ่มข้อมูล" in str(m.messages)]
    assert told and "ผู้รับเหมา" not in str(told[0].messages), "the officers are told, not the words"
    again, _ = post(client, "/status/more", receipt=receipt, more="ผู้รับเหมาชื่อ ก.",
                    photos=[(io.BytesIO(png()), "b.png")])
    assert again == 200 and runtime_of(bot_app).outbox.depth() == depth + 1, "Back and send again: one history row"


def test_an_empty_addition_is_refused_beside_the_form(client: FlaskClient, bot_app: Flask, clock: FakeClock) -> None:
    status, page = post(client, "/status/more", receipt=filed(client), more="  ")
    assert status == 400 and "กรุณาพิมพ์ข้อความที่ต้องการเพิ่ม หรือเลือกรูป" in page and changes(bot_app, clock) == []


def test_withdrawing_from_the_web_asks_first_then_closes_as_withdrawn(client: FlaskClient, bot_app: Flask,
                                                                      clock: FakeClock) -> None:
    receipt = filed(client)
    status, page = post(client, "/status/withdraw", receipt=receipt)
    assert status == 200 and "ยืนยันถอนเรื่องเลขที่ 2570-0004" in page and changes(bot_app, clock) == []
    assert 'name="confirm" value="yes"' in page
    status, page = post(client, "/status/withdraw", receipt=receipt, confirm="yes")
    assert status == 200 and "ถอนเรื่องแล้ว" in page
    (change,) = changes(bot_app, clock)
    assert change.startswith("2570-0004|ผู้ร้องถอนเรื่อง|ผู้ร้อง||สถานะ=รับเรื่อง>ถอนเรื่อง,ปิดเรื่องเมื่อ=>")


def test_a_wrong_receipt_or_a_forged_form_changes_nothing(client: FlaskClient, bot_app: Flask,
                                                          clock: FakeClock) -> None:
    status, page = post(client, "/status/withdraw", receipt="ZZZZ-ZZZZ-Z9", confirm="yes")
    assert status == 404 and "ไม่พบเรื่อง" in page
    forged = client.post("/status/withdraw", data={"csrf_token": "x", "receipt": filed(client), "confirm": "yes"})
    assert forged.status_code == 400 and changes(bot_app, clock) == []
    assert re.search("Traceback", forged.get_data(as_text=True)) is None
