"""Dialogues as tables: what a person sends, and what the assistant answers (DESIGN §4)."""

from __future__ import annotations

from common.thaitext import to_thai_digits
from demo.workbook import demo_user_id
from handlers.conversation.replies import Flex
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, LAST_YEAR, STAFF, YEAR_BEFORE, buttons, said, talk

YEAR_BUTTONS = [f"ปี {LAST_YEAR} (ล่าสุด)", f"ปี {YEAR_BEFORE}", "ยกเลิก"]

# (what the citizen sends, words the answer must contain, the quick-reply buttons under it)
CITIZEN_DIALOGUE = [
    ("เมนู", ["สิ่งที่ทำได้ที่นี่", f'เช่น "คะแนน ITA {LAST_YEAR}"'], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    ("help", ["สิ่งที่ทำได้ที่นี่"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    ("ＨＥＬＰ", ["สิ่งที่ทำได้ที่นี่"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    ("อยากทราบข้อมูลหน่อยค่ะ", ["ไม่เข้าใจคำสั่งนี้", "สิ่งที่ทำได้ที่นี่"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    ("ยกเลิก", ["ไม่มีรายการที่ค้างอยู่"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    ("คะแนน ITA", ["ปีงบประมาณใด"], YEAR_BUTTONS),
    ("2563", ["ไม่พบคะแนนของปี \"2563\"", f"{LAST_YEAR}, {YEAR_BEFORE}"], YEAR_BUTTONS),
    (to_thai_digits(str(LAST_YEAR)),
     [f"[การ์ด] ผล ITA ปี {LAST_YEAR} เทศบาลตำบลมวกเหล็ก: 80.61 คะแนน ระดับ ต้องปรับปรุง (ไม่ผ่านเกณฑ์ 85)",
      "การเปิดเผยข้อมูล, การป้องกันการทุจริต"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    (f"คะแนน  ita   {YEAR_BEFORE}", [f"[การ์ด] ผล ITA ปี {YEAR_BEFORE}", "78.80 คะแนน ระดับ ต้องปรับปรุง"],
     ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    (f"คะแนน ITA {LAST_YEAR % 100}", [f"ผล ITA ปี {LAST_YEAR}"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    ("คะแนน ITA", ["ปีงบประมาณใด"], YEAR_BUTTONS),
    ("ยกเลิก", ["ยกเลิกแล้ว"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
    (str(LAST_YEAR), ["ไม่เข้าใจคำสั่งนี้"], ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]),
]


def test_citizen_dialogue(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    for sent, expected_words, expected_buttons in CITIZEN_DIALOGUE:
        replies = talk(assistant, demo_snapshot, CITIZEN, sent)
        for words in expected_words:
            assert words in said(replies), f"{sent!r} → {said(replies)!r}"
        assert buttons(replies) == expected_buttons, sent


def test_follow_greets_with_the_menu_and_unfollow_says_nothing(assistant: Assistant,
                                                               demo_snapshot: Snapshot) -> None:
    greeting = talk(assistant, demo_snapshot, CITIZEN, "", "follow")
    assert "ขอบคุณที่เพิ่มเทศบาลตำบลมวกเหล็กเป็นเพื่อน" in said(greeting)
    assert buttons(greeting) == ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]
    talk(assistant, demo_snapshot, CITIZEN, "คะแนน ITA")
    assert talk(assistant, demo_snapshot, CITIZEN, "", "unfollow") == []
    assert "ไม่เข้าใจ" in said(talk(assistant, demo_snapshot, CITIZEN, str(LAST_YEAR))), "unfollow ends the flow"


def test_a_flow_times_out(assistant: Assistant, demo_snapshot: Snapshot, clock: FakeClock) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "คะแนน ITA")
    clock.advance(9 * 60)
    replies = talk(assistant, demo_snapshot, CITIZEN, str(YEAR_BEFORE))
    assert f"ผล ITA ปี {YEAR_BEFORE}" in said(replies), "still inside the flow"
    talk(assistant, demo_snapshot, CITIZEN, "คะแนน ITA")
    clock.advance(11 * 60)
    replies = talk(assistant, demo_snapshot, CITIZEN, str(YEAR_BEFORE))
    assert "หมดเวลาแล้ว (10 นาที)" in said(replies) and "ไม่เข้าใจ" in said(replies)


def test_staff_role_comes_from_the_staff_tab(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    assert "คุณใช้งานในฐานะเจ้าหน้าที่" in said(talk(assistant, demo_snapshot, STAFF, "เมนู"))
    pending = demo_user_id("demo-pending")
    assert "ในฐานะ" not in said(talk(assistant, demo_snapshot, pending, "เมนู")), "not approved yet"


def test_without_a_snapshot_the_answer_is_polite(assistant: Assistant) -> None:
    replies = talk(assistant, None, CITIZEN, "คะแนน ITA")
    assert "ยังอ่านข้อมูลของหน่วยงานไม่ได้" in said(replies) and buttons(replies) == ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]


def test_score_card_is_a_flex_bubble_with_ten_indicators(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    (card,) = talk(assistant, demo_snapshot, CITIZEN, f"คะแนน ITA {LAST_YEAR}")
    assert isinstance(card, Flex) and card.contents["type"] == "bubble"
    rows = card.contents["body"]["contents"][3:]
    assert len(rows) == 10
    assert rows[9]["contents"][2]["text"] == "37.50" and rows[9]["contents"][2]["color"] == "#C0392B"
