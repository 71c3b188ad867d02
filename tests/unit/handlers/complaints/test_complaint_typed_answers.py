"""Typing instead of tapping in the complaint flow (issue 36): a category in words, a story told early."""

from __future__ import annotations

import pytest

from handlers.complaints.answers import category_of, is_story, story_in_report
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.outbox import Outbox
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, buttons, said, talk

STEP_1 = "ขั้นที่ 1/7"
KEPT = "เก็บข้อความของคุณไว้เป็นรายละเอียดเรื่องแล้ว"
THE_REST = ["กองช่าง", "ข้าม", "ข้าม", "ข้าม", "ไม่รับ", "ยืนยันส่ง"]

# (what the citizen sends, words the answer must contain, words it must not contain)
REPORT_FIRST = [
    ("อยากแจ้งว่าเจ้าหน้าที่เรียกเงินค่ะ", [KEPT, STEP_1], []),
    ("เรียกเงิน", [f'{STEP_1}: หมายถึงประเภท "เรียกรับเงิน/ของขวัญ" ใช่ไหมคะ'], [KEPT]),
    ("ใช่ค่ะ", ["ขั้นที่ 2/7", "บันทึกข้อความที่คุณเล่าไว้แล้ว 34 ตัวอักษร"], []),
    ("ตอนไปขอใบอนุญาตก่อสร้าง", ["รับข้อความแล้ว (58/3000 ตัวอักษร)"], []),
    ("ถัดไป", ["ขั้นที่ 3/7"], ["กรุณาเล่าเหตุการณ์"]),
]

STORY_AT_THE_CATEGORY = [
    ("ร้องเรียน", [STEP_1], [KEPT]),
    ("เรื่องเงิน", [STEP_1], [KEPT]),
    ("ผู้รับเหมาฮั้วประมูลงานถนนซอย 3", [KEPT, 'หมายถึงประเภท "จัดซื้อจัดจ้าง"'], ["ยังไม่ตรงกับขั้นตอนนี้"]),
    ("จัดซื้อจัดจ้าง", ["ขั้นที่ 2/7", "บันทึกข้อความที่คุณเล่าไว้แล้ว 31 ตัวอักษร"], []),
    ("ถัดไป", ["ขั้นที่ 3/7"], []),
]


TYPED_BUTTONS = [
    ("ร้องเรียน", [STEP_1], []),
    ("จัดซื้อจัดจ้างค่ะ", ["ขั้นที่ 2/7"], []),
    ("มีการฮั้วประมูล", ["รับข้อความแล้ว"], []),
    ("ถัดไปค่ะ", ["ขั้นที่ 3/7"], []),
    ("กองช่าง", ["ขั้นที่ 4/7"], []),
    ("ข้ามค่ะ", ["ขั้นที่ 5/7"], []),
    ("ข้าม", ["ขั้นที่ 6/7"], []),
    ("ต่อไปเลยค่ะ", ["ขั้นที่ 7/7"], []),
    ("ไม่ค่ะ", ["ตรวจสอบก่อนส่ง", "รับแจ้งความคืบหน้า: ไม่รับ"], []),
    ("แก้", ["ต้องการแก้ส่วนใด"], []),
    ("สถานที่ค่ะ", ["ขั้นที่ 4/7"], []),
    ("ตลาดสด", ["ตรวจสอบก่อนส่ง", "สถานที่: ตลาดสด"], []),
    ("ยืนยันค่ะ", ["รับเรื่องร้องเรียนแล้ว"], []),
]


def test_every_button_of_the_flow_can_be_typed(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    _replay(assistant, demo_snapshot, TYPED_BUTTONS)


def _replay(assistant: Assistant, snapshot: Snapshot, table: list[tuple[str, list[str], list[str]]]) -> None:
    for sent, wanted, unwanted in table:
        answer = said(talk(assistant, snapshot, CITIZEN, sent))
        for words in wanted:
            assert words in answer, f"{sent!r} → {answer!r}"
        for words in unwanted:
            assert words not in answer, f"{sent!r} → {answer!r}"


def _details(assistant: Assistant, snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> str:
    """File the draft with the rest of the steps skipped; the details the officers get."""
    for message in THE_REST:
        talk(assistant, snapshot, CITIZEN, message)
    (entry,) = outbox.due("เรื่องร้องเรียน", clock(), 10)
    return entry.row["รายละเอียด"]


def test_the_sentence_that_starts_a_complaint_is_its_first_line(assistant: Assistant, demo_snapshot: Snapshot,
                                                                 outbox: Outbox, clock: FakeClock) -> None:
    _replay(assistant, demo_snapshot, REPORT_FIRST)
    assert _details(assistant, demo_snapshot, outbox, clock) == (
        "อยากแจ้งว่าเจ้าหน้าที่เรียกเงินค่ะ\nตอนไปขอใบอนุญาตก่อสร้าง")


def test_a_story_typed_at_the_category_is_kept(assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                              clock: FakeClock) -> None:
    _replay(assistant, demo_snapshot, STORY_AT_THE_CATEGORY)
    assert _details(assistant, demo_snapshot, outbox, clock) == "ผู้รับเหมาฮั้วประมูลงานถนนซอย 3"


def test_the_category_asked_about_leads_the_buttons(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน")
    asked = talk(assistant, demo_snapshot, CITIZEN, "ทุจริต")
    assert buttons(asked)[0] == "ทุจริต/ประพฤติมิชอบ" and buttons(asked)[-1] == "ยกเลิก"
    assert len(buttons(asked)) == 8


@pytest.mark.parametrize(("typed", "category", "sure"), [
    ("จัดซื้อจัดจ้างค่ะ", "จัดซื้อจัดจ้าง", True), ("๓", "จัดซื้อจัดจ้าง", True), ("อื่นๆ", "อื่น ๆ", True),
    ("ใช้ทรัพย์สินราชการ", "ใช้ทรัพย์สินของราชการ", True), ("ทุจริต", "ทุจริต/ประพฤติมิชอบ", False),
    ("เอารถหลวงไปใช้", "ใช้ทรัพย์สินของราชการ", False), ("กองช่าง", None, False), ("8", None, False)])
def test_a_category_typed_in_words(typed: str, category: str | None, sure: bool) -> None:
    choice = category_of(typed)
    assert (choice.name, choice.sure) == (category, sure) if choice else category is None


@pytest.mark.parametrize(("text", "story"), [
    ("ผู้รับเหมาเป็นญาติของเจ้าหน้าที่", True), ("เรื่องอื่นที่ไม่มีในปุ่ม", False), ("ทุจริต", False),
    ("ต้องเลือกประเภทไหนคะ", False), ("เจ้าหน้าที่เรียกเงินค่าใบอนุญาต", True)])
def test_a_story_is_told_from_an_answer(text: str, story: bool) -> None:
    assert is_story(text) == story


@pytest.mark.parametrize(("text", "kept"), [
    ("อยากแจ้งว่าเจ้าหน้าที่เรียกเงินค่ะ", "อยากแจ้งว่าเจ้าหน้าที่เรียกเงินค่ะ"), ("อยากร้องเรียนค่ะ", ""),
    ("ร้องเรียน", ""), ("ขอแจ้งเบาะแสหน่อยครับ", "")])
def test_only_a_report_that_says_more_is_kept(text: str, kept: str) -> None:
    assert story_in_report(text) == kept
