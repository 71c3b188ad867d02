"""Questions are questions (issue 36): each finding replayed, and staff questions in words reaching their filter."""

from __future__ import annotations

import pytest

from demo.workbook import demo_user_id
from handlers.conversation.replies import Flex
from handlers.staff.assistant import Assistant
from sheets import records as r
from sheets.workbook import Snapshot
from state.outbox import Outbox
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, LAST_YEAR, STAFF, buttons, said, talk, with_rows, with_staff

OFFICER = demo_user_id("demo-officer")
ADMIN = demo_user_id("demo-admin")
CLERK = demo_user_id("demo-pending")
"""มานพ ขยัน of กองคลัง, approved in the tests that need a second unit."""
WHERE_ANSWER = "พิมพ์ ร้องเรียน ในแชทนี้"
STEP_1 = "ขั้นที่ 1/7"


def test_an_officer_asking_for_overdue_cases_gets_the_overdue_list(assistant: Assistant,
                                                                    demo_snapshot: Snapshot) -> None:
    for asked in ("เรื่องที่เกินกำหนดมีอะไรบ้างครับ", "มีเรื่องไหนเกินกำหนดบ้าง", "เรื่องร้องเรียนที่เกินกำหนดค่ะ"):
        answer = said(talk(assistant, demo_snapshot, OFFICER, asked))
        assert "เรื่องร้องเรียนที่ยังไม่ปิด (เกินกำหนด): 1 เรื่อง" in answer and "2570-0001" in answer, asked
    mine = said(talk(assistant, demo_snapshot, OFFICER, "เรื่องของฉันมีอะไรบ้าง"))
    assert "เรื่องร้องเรียนของฉัน: 2 เรื่อง" in mine
    assert "2570-0001" not in said(talk(assistant, demo_snapshot, STAFF, "เรื่องที่เกินกำหนดมีอะไรบ้างครับ"))


def test_a_citizen_asking_last_year_s_score_gets_the_public_card(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    replies = talk(assistant, demo_snapshot, CITIZEN, "คะแนนปีที่แล้วเท่าไหร่คะ")
    assert isinstance(replies[0], Flex) and replies[0].alt_text.startswith(f"ผล ITA ปี {LAST_YEAR}")
    assert "สำหรับเจ้าหน้าที่" not in said(replies)
    staff_card = talk(assistant, demo_snapshot, STAFF, "คะแนนปีที่แล้วเท่าไหร่คะ")
    assert said(staff_card).startswith(f"[การ์ด] คะแนน ITA ปี {LAST_YEAR}: 80.61")
    assert "สำหรับเจ้าหน้าที่" in said(talk(assistant, demo_snapshot, CITIZEN, f"คะแนน {LAST_YEAR}")), "a command"


@pytest.mark.parametrize("asked", ["ร้องเรียนยังไงคะ", "แจ้งทุจริตได้ที่ไหนครับ", "ร้องเรียนได้ไหม",
                                   "ร้องเรียนแล้วต้องรอนานแค่ไหน", "แจ้งเบาะแสได้ไหมคะ"])
def test_a_question_about_complaining_is_answered_and_does_not_start_one(assistant: Assistant,
                                                                          demo_snapshot: Snapshot, asked: str) -> None:
    replies = talk(assistant, demo_snapshot, CITIZEN, asked)
    assert STEP_1 not in said(replies), asked
    if "นาน" not in asked:
        assert WHERE_ANSWER in said(replies) and "ร้องเรียน" in buttons(replies), asked
        assert STEP_1 in said(talk(assistant, demo_snapshot, CITIZEN, "ร้องเรียน")), "the button starts one"


def test_without_an_faq_entry_the_bot_says_how_to_complain(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    snapshot = with_rows(demo_snapshot, "คำถามที่พบบ่อย", ())
    replies = talk(assistant, snapshot, CITIZEN, "ร้องเรียนยังไงคะ")
    assert "แจ้งเรื่องร้องเรียนการทุจริต/ประพฤติมิชอบได้ที่นี่" in said(replies) and "1567" in said(replies)
    assert STEP_1 not in said(replies) and "ร้องเรียน" in buttons(replies)


@pytest.mark.parametrize("report", ["อยากแจ้งว่าเจ้าหน้าที่เรียกเงิน", "อยากแจ้งว่ามีใครไม่รู้มาเรียกเงินค่าใบอนุญาต"])
def test_a_sentence_that_starts_a_complaint_is_its_first_line(assistant: Assistant, demo_snapshot: Snapshot,
                                                              outbox: Outbox, clock: FakeClock, report: str) -> None:
    assert STEP_1 in said(talk(assistant, demo_snapshot, CITIZEN, report))
    for message in ("เรียกรับเงิน/ของขวัญ", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ข้าม", "ไม่รับ", "ยืนยันส่ง"):
        talk(assistant, demo_snapshot, CITIZEN, message)
    (entry,) = outbox.due("เรื่องร้องเรียน", clock(), 10)
    assert entry.row["รายละเอียด"].split("\n")[0] == report


STAFF_QUESTIONS = [
    ("มาตรการของหน่วยงานฉัน", "มาตรการที่ยังไม่เสร็จ (สำนักปลัดเทศบาล) ปีงบประมาณ 2570: 2 รายการ"),
    ("มาตรการของกองคลังมีอะไรบ้าง", "มาตรการที่ยังไม่เสร็จ (กองคลัง) ปีงบประมาณ 2570: 2 รายการ"),
    ("กองคลังมีมาตรการอะไรบ้างคะ", "(กองคลัง) ปีงบประมาณ 2570: 2 รายการ"),
    ("มาตรการ คลัง", "(กองคลัง) ปีงบประมาณ 2570: 2 รายการ"),
    ("มาตรการของกองช่างค่ะ", "(กองช่าง) ปีงบประมาณ 2570: 1 รายการ"),
    ("มาตรการที่เกินกำหนดของหน่วยงานฉันมีอะไรบ้าง", "(สำนักปลัดเทศบาล ค้างส่ง) ปีงบประมาณ 2570: 1 รายการ"),
    ("มาตรการ", "มาตรการที่ยังไม่เสร็จ (สำนักปลัดเทศบาล) ปีงบประมาณ 2570: 2 รายการ"),
    ("มาตรการ ทุกหน่วยงาน", "มาตรการที่ยังไม่เสร็จ ปีงบประมาณ 2570: 8 รายการ"),
    ("OIT ของกองช่าง", "[การ์ด] OIT ปี 2570 (กองช่าง): เผยแพร่แล้ว 0/1 ข้อ"),
    ("OIT ของหน่วยงานฉันเป็นยังไงบ้าง", "[การ์ด] OIT ปี 2570 (สำนักปลัดเทศบาล): เผยแพร่แล้ว 6/8 ข้อ"),
    ("OIT", "[การ์ด] OIT ปี 2570 (สำนักปลัดเทศบาล): เผยแพร่แล้ว 6/8 ข้อ"),
    ("OIT ทุกหน่วยงาน", "[การ์ด] OIT ปี 2570: เผยแพร่แล้ว 9/16 ข้อ"),
    ("OIT ของกองการศึกษา", "ไม่มีข้อ OIT ที่ กองการศึกษา รับผิดชอบในปีงบประมาณ 2570"),
    ("คะแนนผ่านเกณฑ์เท่าไหร่", "85 คะแนนขึ้นไป"),
]


@pytest.mark.parametrize(("asked", "expected"), STAFF_QUESTIONS)
def test_staff_questions_in_words_reach_their_filter(assistant: Assistant, demo_snapshot: Snapshot, asked: str,
                                                     expected: str) -> None:
    assert expected in said(talk(assistant, demo_snapshot, STAFF, asked))


def test_my_unit_is_the_default_with_a_button_for_every_unit(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    for command, everyone in (("มาตรการ", "ปีงบประมาณ 2570: 8 รายการ"), ("OIT", "9/16")):
        mine = talk(assistant, demo_snapshot, STAFF, command)
        assert "ทุกหน่วยงาน" in buttons(mine)
        tapped = next(q.text for q in mine[-1].quick_replies if q.label == "ทุกหน่วยงาน")
        assert everyone in said(talk(assistant, demo_snapshot, STAFF, tapped)), command
        assert everyone in said(talk(assistant, demo_snapshot, ADMIN, command)), "an admin sees every unit"


def test_a_card_of_one_unit_is_never_shown_to_another(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    snapshot = with_staff(demo_snapshot, CLERK, status="อนุมัติ")
    assert "(สำนักปลัดเทศบาล)" in said(talk(assistant, snapshot, STAFF, "มาตรการ"))
    assert "(กองคลัง)" in said(talk(assistant, snapshot, CLERK, "มาตรการ"))
    assert "(กองคลัง)" in said(talk(assistant, snapshot, CLERK, "OIT"))


def test_the_overdue_button_keeps_the_card_s_unit(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    sent = {q.label: q.text for q in talk(assistant, demo_snapshot, STAFF, "มาตรการ กองคลัง")[-1].quick_replies}
    assert sent["ค้างส่ง"] == "มาตรการ กองคลัง ค้างส่ง"
    assert "(กองคลัง ค้างส่ง) ปีงบประมาณ 2570: 1 รายการ" in said(talk(assistant, demo_snapshot, STAFF, sent["ค้างส่ง"]))
    every = {q.label: q.text for q in talk(assistant, demo_snapshot, STAFF, "มาตรการ ทุกหน่วยงาน")[-1].quick_replies}
    assert "(ค้างส่ง) ปีงบประมาณ 2570: 2 รายการ" in said(talk(assistant, demo_snapshot, STAFF, every["ค้างส่ง"]))


def test_what_oit_is_is_the_faq_s_even_for_staff(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    entry = r.FaqEntry(9, "OIT คืออะไร", "OIT", "OIT คือแบบตรวจการเปิดเผยข้อมูลสาธารณะ", None)
    snapshot = with_rows(demo_snapshot, "คำถามที่พบบ่อย", (*demo_snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry), entry))
    assert said(talk(assistant, snapshot, STAFF, "OIT คืออะไรคะ")).startswith(entry.answer)
    assert said(talk(assistant, snapshot, STAFF, "OIT")).startswith("[การ์ด] OIT ปี 2570")
