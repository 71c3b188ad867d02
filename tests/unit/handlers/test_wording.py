"""Small things people see: whole words on buttons, one honorific, a space where a line ends, cases in order."""

from __future__ import annotations

import pytest

from demo.workbook import demo_user_id
from handlers.complaints.desk import CATEGORIES
from handlers.conversation.phrasing import fit_label, words
from handlers.staff.assistant import Assistant
from handlers.staff.registration import addressed
from sheets.workbook import Snapshot
from templates import render
from tests.unit.conftest import CITIZEN, said, talk


@pytest.mark.parametrize(("text", "label"), [
    ("ใช้ทรัพย์สินของราชการ", "ใช้ทรัพย์สินของ…"),
    ("เรียกรับเงิน/ของขวัญ", "เรียกรับเงิน/ของขวัญ"),
    ("กองส่งเสริมการเกษตรและสหกรณ์", "กองส่งเสริมการ…"),  # เกษตรและสหกรณ์ is one dictionary word
    ("Procurement and contracts office", "Procurement and…"),
])
def test_a_long_label_is_cut_between_words(text: str, label: str) -> None:
    assert fit_label(text) == label and len(fit_label(text)) <= 20


def test_category_buttons_hold_whole_words(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    replies = talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน")
    for button, category in zip(replies[-1].quick_replies, CATEGORIES, strict=False):
        assert len(button.label) <= 20 and button.text == category
        assert not button.label.endswith("…"), f"{button.label!r} is cut: give it a shorter label"
        assert set(words(button.label)) <= set(words(category)), f"{button.label!r} cuts a word of {category!r}"


@pytest.mark.parametrize(("name", "called"), [("นางสาวทดสอบ ระบบ", "นางสาวทดสอบ ระบบ"), ("นายมานพ ขยัน", "นายมานพ ขยัน"),
                                              ("คุณสมศรี", "คุณสมศรี"), ("สมศรี ใจดี", "คุณสมศรี ใจดี"),
                                              ("ดร.วิชัย", "ดร.วิชัย")])
def test_one_honorific(name: str, called: str) -> None:
    assert addressed(name) == called


def test_registration_asks_the_unit_without_a_double_honorific(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน 246810")
    asked = said(talk(assistant, demo_snapshot, CITIZEN, "นางสาวทดสอบ ระบบ"))
    assert asked.startswith("นางสาวทดสอบ ระบบ สังกัดหน่วยงานใด") and "คุณนางสาว" not in asked


def test_a_wrong_code_keeps_its_sentences_apart(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    text = said(talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน 999"))
    assert "ไม่ถูกต้องค่ะ\nขอรหัส" in text and "ค่ะขอ" not in text


@pytest.mark.parametrize("template", ["register_bad_code.txt.j2"])
def test_no_sentence_runs_into_the_next(template: str) -> None:
    for given in (True, False):
        assert "ขอรหัส" in render(template, given=given).split("\n")[-1]


def test_officer_summary_counts_in_the_order_a_case_moves(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    summary = said(talk(assistant, demo_snapshot, demo_user_id("demo-officer"), "สรุปร้องเรียน"))
    assert "• รับเรื่อง: 1\n• กำลังตรวจสอบ: 1\n• ยุติเรื่อง: 1" in summary
