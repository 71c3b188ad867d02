"""Officer case work as dialogue tables: list, open, take; who may see a case at all."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from demo.workbook import demo_user_id
from handlers.conversation.replies import Flex, Reply
from handlers.staff.assistant import Assistant
from sheets.records import Complaint
from sheets.workbook import Snapshot
from state.outbox import Outbox
from state.row_changes import RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, buttons, said, talk, with_rows

OFFICER = demo_user_id("demo-officer")
ADMIN = demo_user_id("demo-admin")


def case(number: int, status: str = "รับเรื่อง", due: date | None = None, officer: str | None = None) -> Complaint:
    return Complaint(number + 1, f"2570-{number:04d}", datetime(2026, 11, 20, 10), "LINE", "ทุจริต",
                     f"รายละเอียดเรื่อง {number}", "กองช่าง", "ตลาด", "1/11/2569", None, status, officer, due,
                     None, None, None)


CASES = (case(1, due=date(2026, 11, 30)), case(2, due=date(2026, 11, 20), officer="วิชัย ตรงธรรม"),
         case(3, status="ยุติเรื่อง", due=date(2026, 11, 1)), case(4, status="กำลังตรวจสอบ"))
CLOSED_BEFORE = (replace(case(5, status="ยุติเรื่อง"), closed=date(2026, 11, 10), outcome="คืนเงินแล้ว",
                 message_to_complainant="ได้รับเงินคืนแล้ว", rating="4"),
         replace(case(6, status="กำลังตรวจสอบ"), closed=date(2026, 11, 10)))
"""2570-0005 was closed, told and rated; 2570-0006 was closed on 10 Nov and reopened (an old row keeps that date)."""


@pytest.fixture
def cases(demo_snapshot: Snapshot) -> Snapshot:
    return with_rows(demo_snapshot, "เรื่องร้องเรียน", CASES)


@pytest.fixture
def desk_assistant(tmp_path: Path, clock: FakeClock, outbox: Outbox) -> Assistant:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     row_changes=RowChangeWriter(outbox, clock))


# (officer sends, words the answer must contain)
OFFICER_DIALOGUE = [
    ("เรื่องร้องเรียน", ["เรื่องร้องเรียนที่ยังไม่ปิด: 3 เรื่อง\n"
                        "2570-0002 · ทุจริต · รับเรื่อง · เกินกำหนด 3 วัน · วิชัย ตรงธรรม\n"
                        "2570-0001 · ทุจริต · รับเรื่อง · เหลือ 7 วัน · ยังไม่มีผู้รับผิดชอบ\n"
                        "2570-0004 · ทุจริต · กำลังตรวจสอบ · ไม่มีกำหนดตอบ"]),
    ("เรื่องร้องเรียน ของฉัน", ["เรื่องร้องเรียนของฉัน: 1 เรื่อง", "2570-0002"]),
    ("เรื่องร้องเรียน เกินกำหนด", ["(เกินกำหนด): 1 เรื่อง", "2570-0002"]),
    ("เรื่อง ๒๕๗๐-๐๐๐๑", ["เรื่องเลขที่ 2570-0001", "รายละเอียด: รายละเอียดเรื่อง 1", "กำหนดตอบ: 30 พ.ย. 2569",
                          "ผู้ถูกร้อง/หน่วยงาน: กองช่าง"]),
    ("เรื่อง 2570-0003", ["เรื่องนี้ปิดแล้ว"]),
    ("เรื่อง 2570-9999", ["ไม่พบเรื่องเลขที่ \"2570-9999\""]),
    ("รับเรื่อง 2570-0003", ["ปิดแล้ว (ยุติเรื่อง) จึงแก้ไขไม่ได้"]),
    ("รับเรื่อง 2570-0002", ["อยู่ในความรับผิดชอบของคุณ (วิชัย ตรงธรรม) อยู่แล้ว"]),
]


@pytest.mark.parametrize(("text", "expected"), OFFICER_DIALOGUE)
def test_officer_dialogue(desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, text: str,
                          expected: list[str]) -> None:
    answer = said(talk(desk_assistant, cases, OFFICER, text))
    for words in expected:
        assert words in answer
    assert outbox.depth() == 0  # reading and refusing write nothing


@pytest.mark.parametrize("user", [STAFF, CITIZEN])
@pytest.mark.parametrize("text", ["เรื่องร้องเรียน", "เรื่อง 2570-0001", "รับเรื่อง 2570-0001"])
def test_staff_who_are_not_officers_and_strangers_see_no_case(desk_assistant: Assistant, cases: Snapshot,
                                                              outbox: Outbox, user: str, text: str) -> None:
    answer = said(talk(desk_assistant, cases, user, text))
    assert "เฉพาะเจ้าหน้าที่ผู้รับเรื่องร้องเรียน" in answer
    assert "รายละเอียดเรื่อง" not in answer and "2570-0001" not in answer
    assert outbox.depth() == 0


def test_the_case_card_offers_the_actions_of_its_state(desk_assistant: Assistant, cases: Snapshot) -> None:
    assert card_buttons(talk(desk_assistant, cases, OFFICER, "เรื่อง 2570-0001")) == [
        ("รับเรื่อง", "รับเรื่อง 2570-0001"), ("มอบหมาย", "มอบหมาย 2570-0001"), ("เปลี่ยนสถานะ", "เปลี่ยนสถานะ 2570-0001"),
        ("ตอบผู้ร้อง", "ตอบผู้ร้อง 2570-0001"), ("บันทึกภายใน", "บันทึกภายใน 2570-0001"),
        ("ปิดเรื่อง", "ปิดเรื่อง 2570-0001"), ("ส่งต่อหน่วยงาน", "ส่งต่อหน่วยงาน 2570-0001")]
    assert card_buttons(talk(desk_assistant, cases, OFFICER, "เรื่อง 2570-0003")) == [
        ("เปิดเรื่องอีกครั้ง", "เปิดเรื่องอีกครั้ง 2570-0003")]


def card_buttons(replies: list[Reply]) -> list[tuple[str, str]]:
    """The footer's message buttons of the case card: (label, the text it sends)."""
    card = replies[0]
    assert isinstance(card, Flex)
    rows = card.contents["footer"]["contents"]
    return [(b["action"]["label"], b["action"]["text"]) for row in rows for b in row["contents"]]


def test_taking_a_case_queues_one_keyed_change_with_what_the_officer_saw(
        desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    assert "รับเรื่อง 2570-0001 แล้ว: ผู้รับผิดชอบ วิชัย ตรงธรรม" in said(
        talk(desk_assistant, cases, OFFICER, "รับเรื่อง 2570-0001"))
    talk(desk_assistant, cases, OFFICER, "รับเรื่อง 2570-0001")  # a double tap
    (entry,) = outbox.due(outbox.tabs_due(clock())[0], clock(), 10)
    change = decode(entry)
    assert (change.key, change.action, change.by) == ("2570-0001", "รับเรื่อง", "วิชัย ตรงธรรม")
    assert [(c.header, c.old, c.new) for c in change.cells] == [
        ("ผู้รับผิดชอบ", "", "วิชัย ตรงธรรม"), ("สถานะ", "รับเรื่อง", "กำลังตรวจสอบ")]


def test_lists_page_ten_cases_at_a_time(desk_assistant: Assistant, demo_snapshot: Snapshot) -> None:
    many = with_rows(demo_snapshot, "เรื่องร้องเรียน", tuple(case(n, due=date(2026, 12, n)) for n in range(1, 24)))
    first = talk(desk_assistant, many, ADMIN, "เรื่องร้องเรียน")
    assert "23 เรื่อง (หน้า 1/3)" in said(first) and buttons(first)[-1] == "หน้าถัดไป"
    assert first[-1].quick_replies[-1].text == "เรื่องร้องเรียน 2"
    last = said(talk(desk_assistant, many, ADMIN, "เรื่องร้องเรียน ๓"))
    assert "(หน้า 3/3)" in last and "2570-0023" in last and "2570-0001" not in last


def queued(outbox: Outbox, clock: FakeClock) -> list[tuple[str, str, str]]:
    tabs = outbox.tabs_due(clock())
    return [(c.header, c.old, c.new) for tab in tabs for e in outbox.due(tab, clock(), 10) for c in decode(e).cells]


# (what the officer sends in turn, words the last answer must contain, the cells queued at the end)
ACTIONS = [
    (["ตอบผู้ร้อง 2570-0001", "กำลังเรียกเอกสารจากกองช่าง"], "บันทึก ตอบผู้ร้อง ของเรื่อง 2570-0001 แล้ว",
     [("ข้อความถึงผู้ร้อง", "", "กำลังเรียกเอกสารจากกองช่าง")]),
    (["ปิดเรื่อง 2570-0004", "ยุติเรื่อง", "คืนเงินแล้ว", "ผู้ถูกร้องคืนเงินให้ท่านครบแล้ว"], "ปิดเรื่องเมื่อ: 23/11/2569",
     [("สถานะ", "กำลังตรวจสอบ", "ยุติเรื่อง"), ("ผลการดำเนินการ", "", "คืนเงินแล้ว"),
      ("ข้อความถึงผู้ร้อง", "", "ผู้ถูกร้องคืนเงินให้ท่านครบแล้ว"), ("ปิดเรื่องเมื่อ", "", "23/11/2569")]),
    (["ปิดเรื่อง 2570-0004", "ไม่รับพิจารณา", "ไม่อยู่ในอำนาจ", "ใช้ข้อความเดียวกัน"], "สถานะ: ไม่รับพิจารณา",
     [("สถานะ", "กำลังตรวจสอบ", "ไม่รับพิจารณา"), ("ผลการดำเนินการ", "", "ไม่อยู่ในอำนาจ"),
      ("ข้อความถึงผู้ร้อง", "", "ไม่อยู่ในอำนาจ"), ("ปิดเรื่องเมื่อ", "", "23/11/2569")]),
    (["เปิดเรื่องอีกครั้ง 2570-0003", "ผู้ร้องส่งหลักฐานใหม่"], "สถานะ: กำลังตรวจสอบ",
     [("สถานะ", "ยุติเรื่อง", "กำลังตรวจสอบ")]),
    (["เปิดเรื่องอีกครั้ง 2570-0005", "ผู้ร้องส่งหลักฐานใหม่"], "ปิดเรื่องเมื่อ: (ล้างแล้ว",
     [("สถานะ", "ยุติเรื่อง", "กำลังตรวจสอบ"), ("ปิดเรื่องเมื่อ", "10/11/2569", ""), ("ผลการดำเนินการ", "คืนเงินแล้ว", ""),
      ("ข้อความถึงผู้ร้อง", "ได้รับเงินคืนแล้ว", ""), ("ความพึงพอใจ", "4", "")]),
    (["ปิดเรื่อง 2570-0006", "ยุติเรื่อง", "ตักเตือนเจ้าหน้าที่แล้ว", "ใช้ข้อความเดียวกันค่ะ"], "ปิดเรื่องเมื่อ: 23/11/2569",
     [("สถานะ", "กำลังตรวจสอบ", "ยุติเรื่อง"), ("ผลการดำเนินการ", "", "ตักเตือนเจ้าหน้าที่แล้ว"),
      ("ข้อความถึงผู้ร้อง", "", "ตักเตือนเจ้าหน้าที่แล้ว"), ("ปิดเรื่องเมื่อ", "10/11/2569", "23/11/2569")]),
    (["ปิดเรื่อง 2570-0004", "ยุติค่ะ", "คืนเงินแล้ว", "ยกเลิก"], "ยกเลิก", []),
    (["ปิดเรื่อง 2570-0004", "ยุติเรื่อง", "คืนเงินแล้ว", "ก"], "ข้อความถึงผู้ร้องต้องมีข้อความ", []),
    (["ปิดเรื่อง 2570-0004", "เสร็จแล้ว"], "โปรดเลือก ยุติเรื่อง หรือ ไม่รับพิจารณา", []),
    (["ตอบผู้ร้อง 2570-0001", " "], "ตอบผู้ร้องต้องมีข้อความ", []),
    (["ตอบผู้ร้อง 2570-0001", "ยกเลิก"], "ยกเลิก", []),
    (["ปิดเรื่อง 2570-0004", "ยุติเรื่อง", "ยกเลิก"], "ยกเลิก", []),
    (["ปิดเรื่อง 2570-0003"], "ปิดแล้ว (ยุติเรื่อง) จึงแก้ไขไม่ได้", []),
    (["เปิดเรื่องอีกครั้ง 2570-0001"], "ยังไม่ปิด (สถานะ รับเรื่อง)", []),
    (["ตอบผู้ร้อง 2570-0404"], "ไม่พบเรื่องเลขที่ \"2570-0404\"", []),
]


@pytest.mark.parametrize(("turns", "expected", "cells"), ACTIONS)
def test_officer_actions(desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock,
                         turns: list[str], expected: str, cells: list[tuple[str, str, str]]) -> None:
    more = with_rows(cases, "เรื่องร้องเรียน", (*CASES, *CLOSED_BEFORE))
    for text in turns:
        answer = talk(desk_assistant, more, OFFICER, text)
    assert expected in said(answer)
    assert queued(outbox, clock) == cells


def test_every_step_offers_cancel_and_a_command_typed_in_a_step_is_not_saved_as_its_text(
        desk_assistant: Assistant, cases: Snapshot, outbox: Outbox) -> None:
    assert buttons(talk(desk_assistant, cases, OFFICER, "ปิดเรื่อง 2570-0004")) == ["ยุติเรื่อง", "ไม่รับพิจารณา", "ยกเลิก"]
    assert buttons(talk(desk_assistant, cases, OFFICER, "ยุติเรื่อง")) == ["ยกเลิก"]
    other = talk(desk_assistant, cases, OFFICER, "เปิดเรื่องอีกครั้ง 2570-0003")  # another case, mid-step
    assert "ออกจากขั้นตอนดำเนินการเรื่องเดิมแล้วค่ะ (ยังไม่ได้บันทึกอะไร)" in said(other)
    assert "พิมพ์เหตุผลที่เปิดเรื่อง 2570-0003 อีกครั้ง" in said(other) and buttons(other) == ["ยกเลิก"]
    assert outbox.depth() == 0


@pytest.mark.parametrize("text", ["เรื่องอื่น ๆ", "เรื่องร้องเรียนของฉันถึงไหนแล้ว", "รับเรื่องหรือยัง", "ปิดเรื่องยังไง"])
def test_sentences_that_start_like_a_case_command_are_not_case_commands(desk_assistant: Assistant, cases: Snapshot,
                                                                         text: str) -> None:
    assert "เฉพาะเจ้าหน้าที่ผู้รับเรื่องร้องเรียน" not in said(talk(desk_assistant, cases, CITIZEN, text))
