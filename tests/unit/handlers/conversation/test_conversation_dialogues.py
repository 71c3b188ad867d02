"""Conversations as people expect them: no step traps anyone, ติดตาม takes the receipt next, 2566 is rated
on the 5-level scheme, and a group the bot joins is told what it will get."""

from __future__ import annotations

import re

import pytest

from common.thaitext import to_thai_digits
from demo.workbook_data import INDICATORS, SCORES
from handlers.conversation.engine import Incoming
from handlers.staff.assistant import Assistant
from sheets.records import Rule, Score, Setting
from sheets.workbook import Snapshot
from tests.unit.conftest import CITIZEN, LAST_YEAR, STAFF, YEAR_BEFORE, buttons, said, talk, with_rows

MENU = ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]
YEAR_BUTTONS = [f"ปี {LAST_YEAR} (ล่าสุด)", f"ปี {YEAR_BEFORE}", "ยกเลิก"]
LEFT = "ออกจากขั้นตอน"

# (what the citizen sends, words the answer must contain, words it must not contain, buttons under it)
TRAP = [
    ("คะแนน ITA 2566", ["ไม่พบคะแนนของปี \"2566\""], [], YEAR_BUTTONS),
    ("เมนู", [LEFT, "สิ่งที่ทำได้ที่นี่"], ["ไม่พบคะแนน"], MENU),
    ("คะแนน ITA 2566", ["ไม่พบคะแนนของปี"], [], YEAR_BUTTONS),
    ("help", [LEFT, "สิ่งที่ทำได้ที่นี่"], ["ไม่พบคะแนน"], MENU),
    ("คะแนน ITA 2566", ["ไม่พบคะแนนของปี"], [], None),
    ("ITA คืออะไร", [LEFT, "การประเมินคุณธรรมและความโปร่งใส"], ["ไม่พบคะแนน"], MENU),
    ("คะแนน ITA 2566", ["ไม่พบคะแนนของปี"], [], None),
    ("ร้องเรียนได้ทางไหนบ้าง", [LEFT, "พิมพ์ ร้องเรียน ในแชทนี้"], ["ขั้นที่ 1/7"], MENU),
    ("คะแนน ITA 2566", ["ไม่พบคะแนนของปี"], [], None),
    ("ร้องเรียน", [LEFT, "ขั้นที่ 1/7"], ["ไม่พบคะแนน"], None),
    ("ยกเลิก", ["ยกเลิกแล้ว"], [], MENU),
    ("คะแนน ITA 2566", ["ไม่พบคะแนนของปี"], [], None),
    ("ปีหน้า", [f"ไม่พบคะแนนของปี \"ปีหน้า ({LAST_YEAR + 2})\""], ["แตะ เมนู"], YEAR_BUTTONS),
    ("ไม่รู้", ["ไม่พบคะแนนของปี \"ไม่รู้\"", "ยังไม่ตรงกับขั้นตอนนี้", "แตะ เมนู"], [],
     [*YEAR_BUTTONS, "เมนู"]),
    (to_thai_digits(str(LAST_YEAR)), [f"[การ์ด] ผล ITA ปี {LAST_YEAR}"], [LEFT], MENU),
    (str(LAST_YEAR), ["ไม่เข้าใจคำสั่งนี้"], [], MENU),
]


def test_a_step_does_not_trap(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    for sent, wanted, unwanted, expected_buttons in TRAP:
        replies = talk(assistant, demo_snapshot, CITIZEN, sent)
        for words in wanted:
            assert words in said(replies), f"{sent!r} → {said(replies)!r}"
        for words in unwanted:
            assert words not in said(replies), f"{sent!r} → {said(replies)!r}"
        if expected_buttons is not None:
            assert buttons(replies) == expected_buttons, f"{sent!r} → {buttons(replies)}"


def test_complaint_steps_keep_free_text_but_leave_on_a_command_word(assistant: Assistant,
                                                                   demo_snapshot: Snapshot) -> None:
    for message in ["ร้องเรียน", "จัดซื้อจัดจ้าง"]:
        talk(assistant, demo_snapshot, CITIZEN, message)
    kept = said(talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียนไปแล้วที่อำเภอแต่ไม่มีใครตอบ ทำไมเป็นแบบนี้"))
    assert "รับข้อความแล้ว" in kept and LEFT not in kept, "the story may contain command words and questions"
    left = said(talk(assistant, demo_snapshot, CITIZEN, "เมนู"))
    assert "ออกจากขั้นตอนแจ้งเรื่องร้องเรียนแล้วค่ะ (เรื่องที่กรอกไว้ยังไม่ได้ส่ง)" in left and "สิ่งที่ทำได้ที่นี่" in left


def test_a_category_button_with_sara_am_is_taken(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน")
    assert "ขั้นที่ 2/7" in said(talk(assistant, demo_snapshot, CITIZEN, "ใช้อำนาจโดยมิชอบ"))


RECEIPT = re.compile(r"เลขรับเรื่องของคุณ: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})")


def _file_one(assistant: Assistant, snapshot: Snapshot) -> str:
    for message in ["ร้องเรียน", "จัดซื้อจัดจ้าง", "ฮั้วประมูล", "ถัดไป", "ไม่ทราบ", "ข้าม", "ข้าม", "ข้าม",
                    "ไม่รับ"]:
        talk(assistant, snapshot, CITIZEN, message)
    found = RECEIPT.search(said(talk(assistant, snapshot, CITIZEN, "ยืนยันส่ง")))
    assert found
    return found.group(1)


OWN_CASE = ["ดูเรื่องที่แจ้ง", "เมนู"]
"""Under a looked-up case just filed (its row still on its way to the sheet): read what was filed (issue 36);
adding and withdrawing come once the row is in the sheet (test_own_case)."""


def test_follow_then_the_receipt(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    receipt = _file_one(assistant, demo_snapshot)
    table = [
        ("ติดตาม", ["พิมพ์เลขรับเรื่อง"], ["ยกเลิก"]),
        ("ลืมแล้ว", ["พิมพ์เลขรับเรื่อง"], ["ยกเลิก"]),
        (receipt.lower().replace("-", " "), ["เรื่องเลขที่ 2570-0004", "สถานะ: ได้รับเรื่องแล้ว"], OWN_CASE),
        (receipt, ["เรื่องเลขที่ 2570-0004: กดปุ่มด้านล่าง"], OWN_CASE),  # the case's buttons again (issue 36)
        ("ติดตามเรื่องค่ะ", ["พิมพ์เลขรับเรื่อง"], ["ยกเลิก"]),
        ("AAAA-BBBB-CC", ["ไม่พบเรื่องของเลขรับเรื่องนี้"], MENU),
        ("ติดตาม", ["พิมพ์เลขรับเรื่อง"], ["ยกเลิก"]),
        (f"ติดตาม {receipt}", ["เรื่องเลขที่ 2570-0004"], OWN_CASE),
    ]
    for sent, wanted, expected_buttons in table:
        replies = talk(assistant, demo_snapshot, CITIZEN, sent)
        for words in wanted:
            assert words in said(replies), f"{sent!r} → {said(replies)!r}"
        assert buttons(replies) == expected_buttons, sent


def _with_2566(snapshot: Snapshot, eit: float) -> Snapshot:
    """2566 scores: IIT 90, EIT ``eit``, OIT 95.40 and 97.00 (mean 96.20); with EIT 88 the overall is 91.88."""
    values = [90.0] * 5 + [eit] * 3 + [95.40, 97.00]
    scores = tuple(Score(900 + no, 2566, no, name, tool, values[no - 1]) for no, name, tool in INDICATORS)
    return with_rows(snapshot, "คะแนน", (*snapshot.scores, *scores))


@pytest.mark.parametrize("rules", ["demo", "none"])
def test_2566_is_rated_on_the_five_levels(assistant: Assistant, demo_snapshot: Snapshot, rules: str) -> None:
    snapshot = _with_2566(demo_snapshot, eit=88.0)
    if rules == "none":  # no row in เกณฑ์: the default for 2566 is the 5-level scheme
        snapshot = with_rows(snapshot, "เกณฑ์", ())
    table = [
        ("คะแนน ITA 2566", ["[การ์ด] ผล ITA ปี 2566 เทศบาลตำบลมวกเหล็ก: 91.88 คะแนน ระดับ ผ่านดี (ผ่านเกณฑ์ 85)"]),
        (f"คะแนน ITA {LAST_YEAR}", ["80.61 คะแนน ระดับ ต้องปรับปรุง"]),
    ]
    for sent, wanted in table:
        for words in wanted:
            assert words in said(talk(assistant, snapshot, CITIZEN, sent)), sent
    assert "คะแนน ITA ปี 2566: 91.88 ระดับ ผ่านดี" in said(talk(assistant, snapshot, STAFF, "คะแนน 2566"))


def test_2566_with_a_tool_below_85_is_only_pass(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    snapshot = with_rows(_with_2566(demo_snapshot, eit=84.0), "เกณฑ์", ())
    assert "ระดับ ผ่าน (" in said(talk(assistant, snapshot, CITIZEN, "คะแนน ITA 2566"))
    analysis = said(talk(assistant, snapshot, STAFF, "วิเคราะห์ 2566"))
    assert "ระดับ ผ่าน" in analysis and "ขวางระดับผ่านดี" in analysis and "EIT" in analysis


def test_2565_keeps_seven_levels_without_a_rule(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    seed = tuple(Score(800 + no, 2565, no, name, tool, SCORES[2565][no - 1]) for no, name, tool in INDICATORS)
    snapshot = with_rows(with_rows(demo_snapshot, "คะแนน", (*demo_snapshot.scores, *seed)), "เกณฑ์",
                         (Rule(2, 2564, 0.3, 0.3, 0.4, None),))
    assert "80.61 คะแนน ระดับ B" in said(talk(assistant, snapshot, CITIZEN, "คะแนน ITA 2565"))


GROUP = "C" + "7" * 32


def test_joining_a_group_greets_and_says_how_to_set_it_up(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    (greeting,) = assistant.respond(Incoming("join", GROUP), demo_snapshot).replies
    text = said([greeting])
    assert "ผู้ช่วย ITA ของเทศบาลตำบลมวกเหล็ก เข้ากลุ่มนี้แล้ว" in text
    assert "staff_group_id" in text and "officer_group_id" in text and "สรุปประจำสัปดาห์" in text
    assert f"รหัสกลุ่มนี้: {GROUP}" in text and "แท็บ ตั้งค่า" in text


def test_joining_a_group_already_set_up_says_so(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    settings = (*demo_snapshot.rows("ตั้งค่า", Setting), Setting(99, "officer_group_id", GROUP, None))
    snapshot = with_rows(demo_snapshot, "ตั้งค่า", tuple(s for s in settings if s.key != "officer_group_id" or
                                                         s.value == GROUP))
    text = said(assistant.respond(Incoming("join", GROUP), snapshot).replies)
    assert "กลุ่มนี้ตั้งไว้แล้วเป็น: officer_group_id" in text and "วิธีตั้งค่า" not in text
