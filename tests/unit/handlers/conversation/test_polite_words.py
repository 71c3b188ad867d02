"""Polite words as people type them (issue 36): every command and step reads ค่ะ/ครับ/นะคะ, Thai digits
and spaces the same way, and never stores a particle as data."""

from __future__ import annotations

import pytest

from demo.workbook import demo_user_id
from handlers.conversation.engine import Incoming
from handlers.conversation.phrasing import closest, strip_politeness, trim_particles
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.outbox import Outbox
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, LAST_YEAR, STAFF, buttons, said, talk

ADMIN = demo_user_id("demo-admin")

# (staff sends, words the answer must contain, words it must not contain): the findings of issue 36
FINDINGS = [
    ("คะแนนค่ะ", [f"คะแนน ITA ปี {LAST_YEAR}: 80.61"], ["ไม่พบคะแนน"]),
    ("คะแนน ครับ", [f"คะแนน ITA ปี {LAST_YEAR}: 80.61"], ["ไม่พบคะแนน"]),
    ("วิเคราะห์ค่ะ", [f"วิเคราะห์ ITA ปี {LAST_YEAR}"], ["ไม่พบคะแนน"]),
    ("มาตรการค่ะ", ["มาตรการที่ยังไม่เสร็จ (สำนักปลัดเทศบาล) ปีงบประมาณ 2570: 2 รายการ"], ["ไม่พบมาตรการ"]),
    ("มาตรการทุกหน่วยงานค่ะ", ["มาตรการที่ยังไม่เสร็จ ปีงบประมาณ 2570: 8 รายการ"], ["ไม่พบมาตรการ"]),
    ("คะแนนปีนี้ค่ะ", ['ไม่พบคะแนนของปี "ปีนี้ (2570)"'], ["ปีนี้ค่ะ"]),
    ("ขอดูมาตรการ กองคลัง หน่อยนะคะ", ["(กองคลัง) ปีงบประมาณ 2570: 2 รายการ"], ["หน่อย"]),
    ("ครับ  OIT   ครับผม", ["OIT ปี 2570 (สำนักปลัดเทศบาล): เผยแพร่แล้ว 6/8 ข้อ"], []),
    ("เมนูค้าบ", ["คุณใช้งานในฐานะเจ้าหน้าที่"], ["ไม่เข้าใจ"]),
]


@pytest.mark.parametrize(("sent", "wanted", "unwanted"), FINDINGS)
def test_a_particle_after_a_command_is_not_its_argument(assistant: Assistant, demo_snapshot: Snapshot, sent: str,
                                                        wanted: list[str], unwanted: list[str]) -> None:
    answer = said(talk(assistant, demo_snapshot, STAFF, sent))
    for words in wanted:
        assert words in answer, f"{sent!r} → {answer!r}"
    for words in unwanted:
        assert words not in answer, f"{sent!r} → {answer!r}"


# (typed, the reading commands and choices see)
READINGS = [
    ("ยืนยันค่ะ", "ยืนยัน"), ("๔ ค่ะ", "4"), ("ลงทะเบียน ๒๔๖๘๑๐ ค่ะ", "ลงทะเบียน 246810"), ("ถัดไปด้วยค่ะ", "ถัดไป"),
    ("ค่าาาา", ""), ("ข้ามครับบบบ", "ข้าม"), ("ช่วยเหลือ", "ช่วยเหลือ"), ("ค่าใบอนุญาต", "ค่าใบอนุญาต"),
    ("2570-0001 ครับ", "2570-0001"), ("OIT ปีที่แล้วด้วยค่ะ", "OIT ปีที่แล้ว"),
    ("ขอดูคะแนน ITA หน่อยครับ", "คะแนน ITA"), ("จ้า  ยกเลิก  จ้า", "ยกเลิก"),
]


@pytest.mark.parametrize(("typed", "reading"), READINGS)
def test_one_reading_of_what_people_type(typed: str, reading: str) -> None:
    assert strip_politeness(typed) == reading


def test_free_text_keeps_what_was_written_but_not_the_particles_around_it() -> None:
    assert trim_particles(" ซอย ๓  หน้าตลาด นะคะ") == "ซอย ๓  หน้าตลาด"
    assert trim_particles("มานะ") == "มานะ", "a name that ends like a particle is a name"


@pytest.mark.parametrize(("typed", "unit", "sure"), [
    ("กองช่างค่ะ", "กองช่าง", True), ("กอง ช่าง", "กองช่าง", True), ("กองชาง", "กองช่าง", True),
    ("ช่าง", "กองช่าง", False), ("กอง", None, False), ("ค่ะ", None, False)])
def test_a_typed_unit_is_matched_to_the_office_list(typed: str, unit: str | None, sure: bool) -> None:
    choice = closest(typed, ["กองคลัง", "กองช่าง", "กองการศึกษา", "สำนักปลัด"])
    assert (choice.name, choice.sure) == (unit, sure) if choice else unit is None


def _register(assistant: Assistant, snapshot: Snapshot, *answers: str) -> list[str]:
    """ลงทะเบียน with the demo's code, then ``answers``: what the bot said to each."""
    talk(assistant, snapshot, CITIZEN, "ลงทะเบียน ๒๔๖๘๑๐ ค่ะ")
    return [said(talk(assistant, snapshot, CITIZEN, answer)) for answer in answers]


def _registered(outbox: Outbox, clock: FakeClock) -> tuple[str, str]:
    (entry,) = outbox.due("เจ้าหน้าที่", clock(), 10)
    return entry.row["ชื่อ"], entry.row["หน่วยงาน"]


def test_registration_reads_the_code_and_the_unit_without_particles(assistant: Assistant, demo_snapshot: Snapshot,
                                                                     outbox: Outbox, clock: FakeClock) -> None:
    asked, done = _register(assistant, demo_snapshot, "นางสาว ทดสอบ ระบบ ค่ะ", "กองช่างค่ะ")
    assert asked.startswith("นางสาว ทดสอบ ระบบ สังกัดหน่วยงานใด")
    assert "หน่วยงาน: กองช่าง\n" in done
    assert _registered(outbox, clock) == ("นางสาว ทดสอบ ระบบ", "กองช่าง")


def test_a_unit_that_only_looks_like_one_is_asked_about(assistant: Assistant, demo_snapshot: Snapshot,
                                                       outbox: Outbox, clock: FakeClock) -> None:
    _register(assistant, demo_snapshot, "สมหญิง ใจดี")
    asked = talk(assistant, demo_snapshot, CITIZEN, "ช่างค่ะ")
    assert 'หมายถึง "กองช่าง" ใช่ไหมคะ' in said(asked) and buttons(asked)[0] == "กองช่าง"
    assert outbox.depth() == 0
    assert "ส่งคำขอลงทะเบียนแล้ว" in said(talk(assistant, demo_snapshot, CITIZEN, "ใช่ค่ะ"))
    assert _registered(outbox, clock) == ("สมหญิง ใจดี", "กองช่าง")


def test_a_unit_not_on_the_list_is_kept_when_typed_again_and_the_admin_is_warned(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    _named, first = _register(assistant, demo_snapshot, "สมชาย ใจดี", "กองสวัสดิการสังคม")
    assert 'ไม่พบ "กองสวัสดิการสังคม" ในรายชื่อหน่วยงาน' in first and outbox.depth() == 0
    answer = assistant.respond(Incoming("text", CITIZEN, "กองสวัสดิการสังคม ครับ"), demo_snapshot)
    assert "ส่งคำขอลงทะเบียนแล้ว" in said(answer.replies)
    assert [user for user, _ in answer.notices] == [ADMIN]
    assert "ยังไม่อยู่ในรายชื่อหน่วยงาน" in said([answer.notices[0][1]])
    assert _registered(outbox, clock) == ("สมชาย ใจดี", "กองสวัสดิการสังคม")


def test_cancel_with_a_particle_cancels(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "คะแนน ITA")
    assert "ยกเลิกแล้ว" in said(talk(assistant, demo_snapshot, CITIZEN, "ยกเลิกค่ะ"))
