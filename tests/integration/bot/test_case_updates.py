"""Officers note, re-status, forward and assign a citizen's case in LINE: the .xlsx, the history, the assignee's
push, and what the citizen sees (never the internal note)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from handlers.casework.updates import assignment_pusher
from sheets.schema import COMPLAINTS, HISTORY
from state.row_changes import CellChange, RowChange
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.bot.test_casework import flush, say, sheet_rows
from tests.integration.bot.test_complaints import USER, Chat, file_by_line
from tests.integration.bot.test_webform import token

ADMIN = demo_user_id("demo-admin")
NOTE = "โทรถามกองช่างแล้ว ผู้ถูกร้องเป็นญาติปลัด"


def test_a_case_is_noted_restatused_forwarded_and_assigned_and_the_citizen_never_sees_the_note(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    citizen = Chat(client, bot_app, fake, clock)
    receipt = file_by_line(citizen, "ขอให้ตรวจสอบการจัดซื้อรถขยะ")
    flush(bot_app, bot_config, clock)
    case_no = str(sheet_rows(bot_config.workbook_path, COMPLAINTS.name)[-1]["เลขที่เรื่อง"])
    steps = [[f"บันทึกภายใน {case_no}", NOTE], [f"เปลี่ยนสถานะ {case_no}", "กำลังตรวจสอบ", "เริ่มสอบข้อเท็จจริง"],
             [f"ส่งต่อหน่วยงาน {case_no}", "สำนักงาน ป.ป.ช. ประจำจังหวัด"]]
    for turns in steps:
        for text in turns:
            answer = say(client, bot_app, fake, clock, text)
        assert f"ของเรื่อง {case_no} แล้ว" in answer
        flush(bot_app, bot_config, clock)
    say(client, bot_app, fake, clock, f"บันทึกภายใน {case_no}")
    say(client, bot_app, fake, clock, NOTE)  # the same note again: logged once
    for text in [f"มอบหมาย {case_no}", "ประภา รักษ์งาน"]:
        say(client, bot_app, fake, clock, text)
    before = len(fake.deliveries)
    flush(bot_app, bot_config, clock)
    (push,) = fake.deliveries[before:]
    assert push.kind == "push" and push.to == (ADMIN,)
    assert f"คุณได้รับมอบหมายเรื่องร้องเรียนเลขที่ {case_no} จาก วิชัย ตรงธรรม" in str(push.messages[0]["text"])
    assert "รถขยะ" not in str(push.messages[0]["text"])
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, COMPLAINTS.name) if r["เลขที่เรื่อง"] == case_no]
    assert (row["สถานะ"], row["ผู้รับผิดชอบ"]) == ("ส่งต่อหน่วยงาน", "ประภา รักษ์งาน")
    assert NOTE not in {str(value) for value in row.values()}
    logged = [(h["การดำเนินการ"], h["บันทึก"]) for h in sheet_rows(bot_config.workbook_path, HISTORY.name)]
    assert logged == [("บันทึกภายใน", NOTE), ("เปลี่ยนสถานะ", "เริ่มสอบข้อเท็จจริง"),
                      ("ส่งต่อหน่วยงาน", "สำนักงาน ป.ป.ช. ประจำจังหวัด"), ("มอบหมาย", None)]
    clock.advance(60)
    followed = citizen.say(f"ติดตาม {receipt}")
    assert "สถานะ: ส่งต่อให้ สำนักงาน ป.ป.ช. ประจำจังหวัด ดำเนินการ" in followed
    assert NOTE not in followed and "เริ่มสอบ" not in followed
    page = client.post("/status", data={"csrf_token": token(client, "/status"), "receipt": receipt})
    shown = page.get_data(as_text=True)
    assert page.status_code == 200 and re.search(r'id="status-value">ส่งต่อให้ สำนักงาน ป.ป.ช. ประจำจังหวัด ดำเนินการ<',
                                                 shown)
    assert NOTE not in shown and "เริ่มสอบ" not in shown


def test_the_citizen_rates_a_closed_case_and_the_officers_summary_counts_it(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    citizen = Chat(client, bot_app, fake, clock)
    receipt = file_by_line(citizen, "ขอให้ตรวจสอบการจัดซื้อ")
    flush(bot_app, bot_config, clock)
    case_no = str(sheet_rows(bot_config.workbook_path, COMPLAINTS.name)[-1]["เลขที่เรื่อง"])
    for text in [f"ปิดเรื่อง {case_no}", "ยุติเรื่อง", "คืนเงินให้ผู้ร้องแล้ว", "ใช้ข้อความเดียวกัน"]:
        say(client, bot_app, fake, clock, text)
    flush(bot_app, bot_config, clock)
    clock.advance(60)
    assert "กดคะแนน 1 (ไม่พอใจ) ถึง 5 (พอใจมาก)" in citizen.say(f"ติดตาม {receipt}")
    assert "บันทึกคะแนนความพึงพอใจ 5 จาก 5" in citizen.say("๕")
    flush(bot_app, bot_config, clock)
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, COMPLAINTS.name) if r["เลขที่เรื่อง"] == case_no]
    assert str(row["ความพึงพอใจ"]) == "5"
    last = sheet_rows(bot_config.workbook_path, HISTORY.name)[-1]
    assert (last["การดำเนินการ"], last["โดย"], last["ค่าใหม่"]) == ("ให้คะแนนความพึงพอใจ", "ผู้ร้อง", "5")
    sheet_text = str(sheet_rows(bot_config.workbook_path, HISTORY.name)) + str(row)
    assert USER not in sheet_text and receipt not in sheet_text
    clock.advance(60)
    followed = citizen.say(f"ติดตาม {receipt}")
    assert "กดคะแนน" not in followed and "คะแนนความพึงพอใจที่คุณให้: 5 จาก 5" in followed  # rated once
    page = client.post("/status", data={"csrf_token": token(client, "/status"), "receipt": receipt})
    assert 'คะแนนความพึงพอใจที่คุณให้: <strong id="rating-value">5</strong> จาก 5' in page.get_data(as_text=True)
    assert "ความพึงพอใจของผู้ร้อง: เฉลี่ย 5.0 จาก 5 (1 เรื่องที่ให้คะแนน)" in say(client, bot_app, fake, clock,
                                                                               "สรุปร้องเรียน")


def test_a_replayed_assignment_reaches_the_assignee_once(bot_app: Flask, line_fake: tuple[LineApiFake, Served]) -> None:
    fake = line_fake[0]
    change = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", "2570-0004", (CellChange("ผู้รับผิดชอบ", "", "ประภา รักษ์งาน"),),
                       "assign-0004", action="มอบหมาย", by="วิชัย ตรงธรรม", extra={"tell": ADMIN, "category": "อื่น ๆ"})
    tell = assignment_pusher(runtime_of(bot_app).messenger.push)
    before = len(fake.deliveries)
    tell(change)
    tell(change)  # the flusher replays a batch after a crash: the same retry key, LINE answers 409
    (push,) = fake.deliveries[before:]
    assert push.to == (ADMIN,) and "กำหนดตอบ: ไม่มีกำหนดตอบ" in str(push.messages[0]["text"])
