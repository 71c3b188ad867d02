"""An officer takes a case in LINE: signed webhook in, the row update into the demo .xlsx, history, conflicts."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from bot.runtime import sheet_flusher
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS, HISTORY
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.servers import Served
from tests.fakes.sheet_edits import edit_complaint
from tests.integration.bot.test_complaints import Chat, file_by_line
from tests.integration.conftest import post_signed

OFFICER = demo_user_id("demo-officer")


def say(client: FlaskClient, app: Flask, fake: LineApiFake, clock: FakeClock, text: str) -> str:
    before = len(fake.deliveries)
    event = text_event(OFFICER, text, fake.issue_reply_token(OFFICER), line_ms(clock()))
    assert post_signed(client, body_of(event)) == 200
    runtime_of(app).events.wait_idle()
    return "\n".join(text for d in fake.deliveries[before:] for m in d.messages for text in texts_of(m))


def texts_of(node: object) -> list[str]:
    """A text message's text; a card's alt text, then every text and button label on it."""
    if isinstance(node, list):
        return [text for item in node for text in texts_of(item)]
    if not isinstance(node, dict):
        return []
    own = [str(node[key]) for key in ("text", "altText", "label") if isinstance(node.get(key), str)]
    return own + [text for value in node.values() if isinstance(value, dict | list) for text in texts_of(value)]


def sheet_rows(path: Path, tab: str) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path)[tab]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:] if any(row)]


def new_case(config: Config) -> str:
    """The demo's newest case, nobody's yet."""
    case_no = str(sheet_rows(config.workbook_path, COMPLAINTS.name)[-1]["เลขที่เรื่อง"])
    edit_complaint(config.workbook_path, case_no, {"ผู้รับผิดชอบ": "", "สถานะ": "รับเรื่อง"})
    return case_no


def flush(app: Flask, config: Config, clock: FakeClock) -> None:
    runtime = runtime_of(app)
    sheet_flusher(runtime.outbox, LocalWorkbook(config.workbook_path), clock, runtime.snapshots,
                  runtime.messenger).drain()


def test_an_officer_takes_a_case_and_the_sheet_history_and_next_card_show_it(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    case_no = new_case(bot_config)
    assert "ผู้รับผิดชอบ: วิชัย ตรงธรรม" not in say(client, bot_app, fake, clock, f"เรื่อง {case_no}")
    assert f"รับเรื่อง {case_no} แล้ว" in say(client, bot_app, fake, clock, f"รับเรื่อง {case_no}")
    flush(bot_app, bot_config, clock)
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, COMPLAINTS.name) if r["เลขที่เรื่อง"] == case_no]
    assert (row["ผู้รับผิดชอบ"], row["สถานะ"]) == ("วิชัย ตรงธรรม", "กำลังตรวจสอบ")
    (logged,) = sheet_rows(bot_config.workbook_path, HISTORY.name)
    assert (logged["รหัส"], logged["การดำเนินการ"], logged["โดย"]) == (case_no, "รับเรื่อง", "วิชัย ตรงธรรม")
    card = say(client, bot_app, fake, clock, f"เรื่อง {case_no}")
    assert "ผู้รับผิดชอบ: วิชัย ตรงธรรม" in card
    assert "การดำเนินการล่าสุด\n• 23 พ.ย. 2569 รับเรื่อง โดย วิชัย ตรงธรรม" in card


def test_an_admin_edit_in_between_is_kept_and_the_officer_is_told_the_value_now(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    case_no = new_case(bot_config)
    say(client, bot_app, fake, clock, f"รับเรื่อง {case_no}")
    edit_complaint(bot_config.workbook_path, case_no, {"ผู้รับผิดชอบ": "สมศรี มั่นคง"})
    before = len(fake.deliveries)
    flush(bot_app, bot_config, clock)
    (push,) = fake.deliveries[before:]
    assert push.kind == "push" and push.to == (OFFICER,)
    assert 'ผู้รับผิดชอบ: ตอนนี้ในชีตเป็น "สมศรี มั่นคง"' in str(push.messages[0]["text"])
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, COMPLAINTS.name) if r["เลขที่เรื่อง"] == case_no]
    assert row["ผู้รับผิดชอบ"] == "สมศรี มั่นคง"
    assert sheet_rows(bot_config.workbook_path, HISTORY.name) == []


def test_a_citizens_line_case_is_answered_and_closed_and_the_citizen_sees_it_in_follow(
        client: FlaskClient, bot_app: Flask, bot_config: Config, line_fake: tuple[LineApiFake, Served],
        clock: FakeClock) -> None:
    fake = line_fake[0]
    citizen = Chat(client, bot_app, fake, clock)
    receipt = file_by_line(citizen, "ขอให้ตรวจสอบการจัดซื้อ")
    flush(bot_app, bot_config, clock)
    case_no = str(sheet_rows(bot_config.workbook_path, COMPLAINTS.name)[-1]["เลขที่เรื่อง"])
    for text in [f"ตอบผู้ร้อง {case_no}", "กำลังเรียกเอกสารจากกองช่าง"]:
        say(client, bot_app, fake, clock, text)
    flush(bot_app, bot_config, clock)
    for text in [f"ปิดเรื่อง {case_no}", "ยุติเรื่อง", "คืนเงินให้ผู้ร้องแล้ว", "ผู้ถูกร้องคืนเงินให้ท่านแล้ว"]:
        say(client, bot_app, fake, clock, text)
    flush(bot_app, bot_config, clock)
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, COMPLAINTS.name) if r["เลขที่เรื่อง"] == case_no]
    assert (row["สถานะ"], row["ผลการดำเนินการ"]) == ("ยุติเรื่อง", "คืนเงินให้ผู้ร้องแล้ว")
    assert [h["การดำเนินการ"] for h in sheet_rows(bot_config.workbook_path, HISTORY.name)] == ["ตอบผู้ร้อง", "ปิดเรื่อง"]
    clock.advance(60)
    seen = citizen.say(f"ติดตาม {receipt}")
    assert "สถานะ: ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น" in seen and "ผู้ถูกร้องคืนเงินให้ท่านแล้ว" in seen
    assert "กำลังเรียกเอกสารจากกองช่าง" not in seen, "the closing message replaces the earlier one"
    assert "คืนเงินให้ผู้ร้องแล้ว" not in seen  # the result is for officers; the citizen gets the officer's message
