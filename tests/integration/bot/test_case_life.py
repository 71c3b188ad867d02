"""Issue 36, "a case's life, truthfully", as one story through the real app, flusher and workbook: a LINE case is
closed (the citizen is pushed the outcome with rating buttons and rates with one tap), reopened (close date, result,
message and rating emptied, kept in the history tab; the citizen told) and closed again on another day (its own
date; rated again, this time on /status)."""

from __future__ import annotations

from datetime import date

from flask import Flask

from app import complaint_sync, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from sheets.records import Complaint
from sheets.schema import COMPLAINTS, HISTORY
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.bot.test_case_story import OFFICER, Line, status_page
from tests.integration.bot.test_casework import flush, sheet_rows
from tests.integration.bot.test_complaints import USER, Chat, file_by_line
from tests.integration.bot.test_webform import token

REPLY = "ผู้ถูกร้องคืนเงินให้ท่านแล้ว"


def case_of(app: Flask, case_no: str) -> Complaint:
    runtime_of(app).snapshots.expire()
    snapshot = runtime_of(app).snapshots.get()
    assert snapshot is not None
    (row,) = [c for c in snapshot.complaints if c.case_no == case_no]
    return row


def pushed(fake: LineApiFake, before: int) -> list[dict[str, object]]:
    return [m for d in fake.deliveries[before:] if d.kind == "push" and d.to == (USER,) for m in d.messages]


def test_close_rate_reopen_close_again_and_rate_on_the_web(bot_app: Flask, bot_config: Config, clock: FakeClock,
                                                          line_fake: tuple[LineApiFake, Served]) -> None:
    fake, client = line_fake[0], bot_app.test_client()
    line, citizen = Line(client, bot_app, fake, clock), Chat(client, bot_app, fake, clock)
    receipt = file_by_line(citizen, "เจ้าหน้าที่เรียกเงินค่าใบอนุญาต")
    flush(bot_app, bot_config, clock)
    case_no = str(sheet_rows(bot_config.workbook_path, COMPLAINTS.name)[-1]["เลขที่เรื่อง"])
    runtime = runtime_of(bot_app)
    complaint_sync(runtime)

    line.say(OFFICER, f"ตอบผู้ร้อง {case_no}")
    line.say(OFFICER, "อยู่ระหว่างตรวจสอบเอกสาร")
    flush(bot_app, bot_config, clock)
    complaint_sync(runtime)
    for turn in (f"ปิดเรื่อง {case_no}", "ยุติเรื่อง", "ลงโทษทางวินัยแล้ว", REPLY):
        line.say(OFFICER, turn)
    flush(bot_app, bot_config, clock)
    closed = case_of(bot_app, case_no)
    assert (closed.status, closed.closed, closed.message_to_complainant) == ("ยุติเรื่อง", date(2026, 11, 23), REPLY)
    before = len(fake.deliveries)
    complaint_sync(runtime)
    (push,) = pushed(fake, before)
    assert "ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น" in str(push["text"]) and REPLY in str(push["text"])
    assert "อยู่ระหว่างตรวจสอบ" not in str(push["text"]) and "ยุติเรื่อง" not in str(push["text"])
    items = push["quickReply"]["items"]  # type: ignore[index]
    assert [(i["action"]["type"], i["action"]["data"]) for i in items] == [
        ("postback", f"ให้คะแนน {case_no} {n}") for n in "12345"]
    assert "บันทึกคะแนนความพึงพอใจ 4 จาก 5" in citizen.tap(items[3]["action"]["data"])
    flush(bot_app, bot_config, clock)
    assert case_of(bot_app, case_no).rating == "4"

    clock.advance(10 * 86400)
    line.say(OFFICER, f"เปิดเรื่องอีกครั้ง {case_no}")
    line.say(OFFICER, "ผู้ร้องส่งหลักฐานใหม่")
    flush(bot_app, bot_config, clock)
    reopened = case_of(bot_app, case_no)
    assert (reopened.status, reopened.closed, reopened.outcome, reopened.message_to_complainant, reopened.rating) == (
        "กำลังตรวจสอบ", None, None, None, None)
    history = [h for h in sheet_rows(bot_config.workbook_path, HISTORY.name) if h["รหัส"] == case_no]
    assert history[-1]["การดำเนินการ"] == "เปิดเรื่องอีกครั้ง" and "ความพึงพอใจ: 4" in str(history[-1]["ค่าเดิม"])
    assert "ลงโทษทางวินัยแล้ว" in str(history[-1]["ค่าเดิม"]), "the history tab keeps what was emptied"
    page = status_page(client, receipt)
    assert "เจ้าหน้าที่กำลังตรวจสอบเรื่องของคุณ" in page and "rating-value" not in page and REPLY not in page
    before = len(fake.deliveries)
    complaint_sync(runtime)
    assert "เปิดเรื่องนี้อีกครั้ง" in str(pushed(fake, before)[0]["text"])

    for turn in (f"ปิดเรื่อง {case_no}", "ยุติเรื่อง", "ตรวจหลักฐานใหม่แล้ว ไม่พบความผิดเพิ่ม", "ใช้ข้อความเดียวกัน"):
        line.say(OFFICER, turn)
    flush(bot_app, bot_config, clock)
    assert case_of(bot_app, case_no).closed == date(2026, 12, 3), "each close has its own date"
    page = status_page(client, receipt)
    assert 'id="rate"' in page and "ปิดเรื่องเมื่อ: 3 ธ.ค. 2569" in page and "กำหนดตอบ" not in page
    csrf = token(client, "/status")
    rated = client.post("/status/rate", data={"csrf_token": csrf, "receipt": receipt, "score": "๕"})
    assert rated.status_code == 200 and 'id="rating-value">5<' in rated.get_data(as_text=True)
    flush(bot_app, bot_config, clock)
    assert case_of(bot_app, case_no).rating == "5"
    again = client.post("/status/rate", data={"csrf_token": csrf, "receipt": receipt, "score": "1"})
    assert again.status_code == 409 and "ให้คะแนนไม่ได้แล้ว" in again.get_data(as_text=True)
    forged = client.post("/status/rate", data={"csrf_token": "forged", "receipt": receipt, "score": "1"})
    assert forged.status_code == 400 and case_of(bot_app, case_no).rating == "5"


def test_closed_reopened_and_closed_again_the_same_day_is_rated_again_on_the_web(
        bot_app: Flask, bot_config: Config, clock: FakeClock, line_fake: tuple[LineApiFake, Served]) -> None:
    """The close date alone named the rating: a second close on the same day found the first rating's id and its
    rating was dropped. Each round of the case (the reopenings in the history tab) is rated on its own."""
    fake, client = line_fake[0], bot_app.test_client()
    line, citizen = Line(client, bot_app, fake, clock), Chat(client, bot_app, fake, clock)
    receipt = file_by_line(citizen, "เจ้าหน้าที่เรียกเงินค่าใบอนุญาต")
    flush(bot_app, bot_config, clock)
    case_no = str(sheet_rows(bot_config.workbook_path, COMPLAINTS.name)[-1]["เลขที่เรื่อง"])
    csrf = token(client, "/status")
    for round_, (score, stored) in enumerate((("2", "2"), ("๔", "4"))):
        if round_:
            clock.advance(3600)
            line.say(OFFICER, f"เปิดเรื่องอีกครั้ง {case_no}")
            line.say(OFFICER, "ผู้ร้องส่งหลักฐานใหม่")
            flush(bot_app, bot_config, clock)
            assert case_of(bot_app, case_no).rating is None
        for turn in (f"ปิดเรื่อง {case_no}", "ยุติเรื่อง", "ตรวจสอบแล้ว", "ใช้ข้อความเดียวกัน"):
            line.say(OFFICER, turn)
        flush(bot_app, bot_config, clock)
        assert case_of(bot_app, case_no).closed == date(2026, 11, 23), "both closes on the same day"
        assert 'id="rate"' in status_page(client, receipt), f"round {round_ + 1} asks for a rating"
        rated = client.post("/status/rate", data={"csrf_token": csrf, "receipt": receipt, "score": score})
        assert rated.status_code == 200
        flush(bot_app, bot_config, clock)
        assert case_of(bot_app, case_no).rating == stored
    ratings = [h for h in sheet_rows(bot_config.workbook_path, HISTORY.name)
               if h["รหัส"] == case_no and h["การดำเนินการ"] == "ให้คะแนนความพึงพอใจ"]
    assert [h["ค่าใหม่"] for h in ratings] == ["2", "4"]
