"""บันทึกภายใน, เปลี่ยนสถานะ, ส่งต่อหน่วยงาน, มอบหมาย as dialogue tables: what is queued, what is refused."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from common.thaitext import normalize_input
from handlers.casework.updates import assignment_pusher
from handlers.conversation.replies import Text
from handlers.staff.assistant import Assistant
from sheets.records import StaffMember
from sheets.workbook import Snapshot
from state.outbox import Outbox
from state.row_changes import CellChange, RowChange, RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, buttons, said, talk, with_rows, with_staff
from tests.unit.handlers.casework.test_casework_dialogues import ADMIN, CASES, OFFICER


@pytest.fixture
def cases(demo_snapshot: Snapshot) -> Snapshot:
    return with_rows(demo_snapshot, "เรื่องร้องเรียน", CASES)


@pytest.fixture
def desk_assistant(tmp_path: Path, clock: FakeClock, outbox: Outbox) -> Assistant:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     row_changes=RowChangeWriter(outbox, clock))


def queued(outbox: Outbox, clock: FakeClock) -> list[RowChange]:
    return [decode(e) for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 10)]


def run(assistant: Assistant, snapshot: Snapshot, turns: list[str]) -> str:
    for text in turns:
        answer = talk(assistant, snapshot, OFFICER, text)
    return said(answer)


# (what the officer sends in turn, words of the last answer, (action, cells, note) queued)
UPDATES: list[tuple[list[str], str, tuple[str, list[tuple[str, str, str]], str]]] = [
    (["บันทึกภายใน 2570-0001", "โทรถามกองช่างแล้ว รอเอกสาร"], "บันทึกภายใน (ผู้ร้องไม่เห็น): โทรถามกองช่างแล้ว รอเอกสาร",
     ("บันทึกภายใน", [], "โทรถามกองช่างแล้ว รอเอกสาร")),
    (["เปลี่ยนสถานะ ๒๕๗๐-๐๐๐๑", "กำลังตรวจสอบ", "เริ่มสอบข้อเท็จจริง"], "สถานะ: กำลังตรวจสอบ\nบันทึก: เริ่มสอบข้อเท็จจริง",
     ("เปลี่ยนสถานะ", [("สถานะ", "รับเรื่อง", "กำลังตรวจสอบ")], "เริ่มสอบข้อเท็จจริง")),
    (["เปลี่ยนสถานะ 2570-0001", "ตรวจสอบค่ะ", "เริ่มสอบข้อเท็จจริง"], "สถานะ: กำลังตรวจสอบ",
     ("เปลี่ยนสถานะ", [("สถานะ", "รับเรื่อง", "กำลังตรวจสอบ")], "เริ่มสอบข้อเท็จจริง")),
    (["เปลี่ยนสถานะ 2570-0004", "รับเรื่อง", "ย้อนสถานะ ลงผิดเรื่อง"], "สถานะ: รับเรื่อง",
     ("เปลี่ยนสถานะ", [("สถานะ", "กำลังตรวจสอบ", "รับเรื่อง")], "ย้อนสถานะ ลงผิดเรื่อง")),
    (["ส่งต่อหน่วยงาน 2570-0004", "สำนักงาน ป.ป.ช. ประจำจังหวัด"],
     "ผู้ร้องจะเห็นว่า ส่งต่อให้ สำนักงาน ป.ป.ช. ประจำจังหวัด ดำเนินการ",
     ("ส่งต่อหน่วยงาน", [("สถานะ", "กำลังตรวจสอบ", "ส่งต่อหน่วยงาน"), ("ส่งต่อถึง", "", "สำนักงาน ป.ป.ช. ประจำจังหวัด")],
      "สำนักงาน ป.ป.ช. ประจำจังหวัด")),
    (["เปลี่ยนสถานะ 2570-0001", "ส่งต่อหน่วยงาน", "สำนักงาน ป.ป.ช. ประจำจังหวัด"],
     "ส่งต่อถึง: สำนักงาน ป.ป.ช. ประจำจังหวัด",
     ("ส่งต่อหน่วยงาน", [("สถานะ", "รับเรื่อง", "ส่งต่อหน่วยงาน"), ("ส่งต่อถึง", "", "สำนักงาน ป.ป.ช. ประจำจังหวัด")],
      "สำนักงาน ป.ป.ช. ประจำจังหวัด")),
    (["มอบหมาย 2570-0001", "ประภา รักษ์งาน"], "ผู้รับผิดชอบ: ประภา รักษ์งาน\nบอทจะแจ้งผู้รับมอบหมายทาง LINE",
     ("มอบหมาย", [("ผู้รับผิดชอบ", "", "ประภา รักษ์งาน")], "")),
    (["มอบหมาย 2570-0002", "  ประภา   รักษ์งาน "], "ผู้รับผิดชอบ: ประภา รักษ์งาน",
     ("มอบหมาย", [("ผู้รับผิดชอบ", "วิชัย ตรงธรรม", "ประภา รักษ์งาน")], "")),
]


@pytest.mark.parametrize(("turns", "expected", "change"), UPDATES)
def test_officer_updates_queue_one_keyed_change_with_what_the_officer_saw(
        desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock, turns: list[str],
        expected: str, change: tuple[str, list[tuple[str, str, str]], str]) -> None:
    assert expected in run(desk_assistant, cases, turns)
    (queued_change,) = queued(outbox, clock)
    cells = [(c.header, c.old, c.new) for c in queued_change.cells]
    assert (queued_change.action, cells, queued_change.note) == change
    assert queued_change.key == normalize_input(turns[0]).split()[-1]
    assert (queued_change.by, queued_change.notify) == ("วิชัย ตรงธรรม", OFFICER)


# (what the officer sends in turn, words of the last answer): each writes nothing
REFUSED = [
    (["บันทึกภายใน 2570-0001", " "], "บันทึกภายในต้องมีข้อความ"),
    (["บันทึกภายใน 2570-0001", "ก"], "บันทึกภายในต้องมีข้อความ"),
    (["ส่งต่อหน่วยงาน 2570-0001", " "], "ส่งต่อหน่วยงานต้องมีข้อความ"),
    (["เปลี่ยนสถานะ 2570-0001", "ส่งต่อหน่วยงาน", " "], "ส่งต่อหน่วยงานต้องมีข้อความ"),
    (["เปลี่ยนสถานะ 2570-0001", "ส่งต่อหน่วยงาน", "ยกเลิก"], "ยกเลิก"),
    (["เปลี่ยนสถานะ 2570-0001", "กำลังตรวจสอบ", " "], "เปลี่ยนสถานะต้องมีข้อความ"),
    (["เปลี่ยนสถานะ 2570-0001", "ยุติเรื่อง"], "โปรดเลือก กำลังตรวจสอบ หรือ ส่งต่อหน่วยงาน"),
    (["เปลี่ยนสถานะ 2570-0001", "รับเรื่อง"], "โปรดเลือก กำลังตรวจสอบ หรือ ส่งต่อหน่วยงาน"),
    (["เปลี่ยนสถานะ 2570-0001", "เสร็จแล้ว"], "โปรดเลือก กำลังตรวจสอบ หรือ ส่งต่อหน่วยงาน"),
    (["มอบหมาย 2570-0001", "สมศรี ใจดี"], 'ไม่พบ "สมศรี ใจดี" ในเจ้าหน้าที่รับเรื่องร้องเรียนที่อนุมัติแล้ว'),
    (["มอบหมาย 2570-0001", "มานพ ขยัน"], 'ไม่พบ "มานพ ขยัน"'),
    (["มอบหมาย 2570-0001", "ใครก็ได้"], 'ไม่พบ "ใครก็ได้"'),
    (["มอบหมาย 2570-0002", "วิชัย ตรงธรรม"], "อยู่ในความรับผิดชอบของ วิชัย ตรงธรรม อยู่แล้ว"),
    (["บันทึกภายใน 2570-0003"], "ปิดแล้ว (ยุติเรื่อง) จึงแก้ไขไม่ได้"),
    (["เปลี่ยนสถานะ 2570-0003"], "ปิดแล้ว (ยุติเรื่อง) จึงแก้ไขไม่ได้"),
    (["ส่งต่อหน่วยงาน 2570-0003"], "ปิดแล้ว (ยุติเรื่อง) จึงแก้ไขไม่ได้"),
    (["มอบหมาย 2570-0003"], "ปิดแล้ว (ยุติเรื่อง) จึงแก้ไขไม่ได้"),
    (["มอบหมาย 2570-0404"], 'ไม่พบเรื่องเลขที่ "2570-0404"'),
    (["บันทึกภายใน 2570-0404"], 'ไม่พบเรื่องเลขที่ "2570-0404"'),
    (["บันทึกภายใน 2570-0001", "ยกเลิก"], "ยกเลิก"),
    (["เปลี่ยนสถานะ 2570-0001", "ยกเลิก"], "ยกเลิก"),
    (["เปลี่ยนสถานะ 2570-0001", "กำลังตรวจสอบ", "ยกเลิก"], "ยกเลิก"),
    (["ส่งต่อหน่วยงาน 2570-0001", "ยกเลิก"], "ยกเลิก"),
    (["มอบหมาย 2570-0001", "ยกเลิก"], "ยกเลิก"),
    (["บันทึกภายใน 2570-0001", "มอบหมาย 2570-0001"], "ออกจากขั้นตอนดำเนินการเรื่องเดิมแล้วค่ะ (ยังไม่ได้บันทึกอะไร)"),
]


@pytest.mark.parametrize(("turns", "expected"), REFUSED)
def test_bad_input_and_cancel_get_a_short_answer_and_write_nothing(
        desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, turns: list[str], expected: str) -> None:
    assert expected in run(desk_assistant, cases, turns)
    assert outbox.depth() == 0


def test_each_step_offers_its_choices_and_cancel(desk_assistant: Assistant, cases: Snapshot) -> None:
    assert buttons(talk(desk_assistant, cases, OFFICER, "เปลี่ยนสถานะ 2570-0001")) == [
        "กำลังตรวจสอบ", "ส่งต่อหน่วยงาน", "ยกเลิก"]
    assert buttons(talk(desk_assistant, cases, OFFICER, "กำลังตรวจสอบ")) == ["ยกเลิก"]
    assert buttons(talk(desk_assistant, cases, OFFICER, "เปลี่ยนสถานะ 2570-0004")) == [
        "รับเรื่อง", "ส่งต่อหน่วยงาน", "ยกเลิก"]
    assert "พิมพ์ชื่อหน่วยงานที่รับเรื่อง 2570-0004 ต่อ" in said(talk(desk_assistant, cases, OFFICER, "ส่งต่อหน่วยงาน"))
    assert buttons(talk(desk_assistant, cases, OFFICER, "มอบหมาย 2570-0004")) == [
        "วิชัย ตรงธรรม", "ประภา รักษ์งาน", "ยกเลิก"]
    for action in ("บันทึกภายใน", "ส่งต่อหน่วยงาน"):
        assert buttons(talk(desk_assistant, cases, OFFICER, f"{action} 2570-0004")) == ["ยกเลิก"]


def test_officer_buttons_have_labels_line_accepts_and_send_the_whole_name(
        desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    long_name = "ศักดิ์สิทธิ์ ประเสริฐวงศ์ตระกูล"
    member = StaffMember(9, long_name, None, None, "officer", "U" + "9" * 32, "อนุมัติ", None)
    snapshot = with_rows(cases, "เจ้าหน้าที่", (*cases.staff, member))
    (button,) = [b for b in talk(desk_assistant, snapshot, OFFICER, "มอบหมาย 2570-0004")[-1].quick_replies
                 if b.text == long_name]
    assert len(button.label) <= 20
    assert "ผู้รับผิดชอบ: " + long_name in said(talk(desk_assistant, snapshot, OFFICER, str(button.text)))
    (change,) = queued(outbox, clock)
    assert change.extra["tell"] == "U" + "9" * 32


@pytest.mark.parametrize("user", [STAFF, CITIZEN])
@pytest.mark.parametrize("action", ["บันทึกภายใน", "เปลี่ยนสถานะ", "ส่งต่อหน่วยงาน", "มอบหมาย"])
def test_staff_who_are_not_officers_and_strangers_cannot_update_a_case(
        desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, user: str, action: str) -> None:
    answer = said(talk(desk_assistant, cases, user, f"{action} 2570-0001"))
    assert "เฉพาะเจ้าหน้าที่ผู้รับเรื่องร้องเรียน" in answer and "รายละเอียดเรื่อง" not in answer
    assert outbox.depth() == 0


def test_the_same_note_sent_twice_is_queued_once(desk_assistant: Assistant, cases: Snapshot, outbox: Outbox,
                                                 clock: FakeClock) -> None:
    for _ in range(2):
        run(desk_assistant, cases, ["บันทึกภายใน 2570-0001", "ประสานกองช่างแล้ว"])
    assert len(queued(outbox, clock)) == 1


def test_assigning_to_myself_tells_nobody(desk_assistant: Assistant, cases: Snapshot, outbox: Outbox,
                                          clock: FakeClock) -> None:
    answer = run(desk_assistant, cases, ["มอบหมาย 2570-0001", "วิชัย ตรงธรรม"])
    assert "ผู้รับผิดชอบ: วิชัย ตรงธรรม" in answer and "บอทจะแจ้งผู้รับมอบหมาย" not in answer
    (change,) = queued(outbox, clock)
    assert dict(change.extra) == {}


def test_the_assignee_is_pushed_case_category_and_deadline_once_the_change_is_written() -> None:
    pushed: list[tuple[str, list[Any], str]] = []
    tell = assignment_pusher(lambda to, replies, retry_key_seed: pushed.append((to, replies, retry_key_seed)))
    change = RowChange("เรื่องร้องเรียน", "เลขที่เรื่อง", "2570-0004", (CellChange("ผู้รับผิดชอบ", "", "ประภา รักษ์งาน"),),
                       "id1", action="มอบหมาย", by="วิชัย ตรงธรรม",
                       extra={"tell": ADMIN, "category": "จัดซื้อจัดจ้าง", "due": "30 พ.ย. 2569"})
    tell(change)
    tell(RowChange("เรื่องร้องเรียน", "เลขที่เรื่อง", "2570-0004", (), "id2", action="บันทึกภายใน", note="x"))
    ((to, (reply,), seed),) = pushed
    assert to == ADMIN and seed == "assigned:id1" and isinstance(reply, Text)
    assert "เลขที่ 2570-0004 จาก วิชัย ตรงธรรม\nประเภท: จัดซื้อจัดจ้าง\nกำหนดตอบ: 30 พ.ย. 2569" in reply.text
    assert [b.text for b in reply.quick_replies] == ["เรื่อง 2570-0004"]



@pytest.mark.parametrize(("role", "status"), [("staff", "อนุมัติ"), ("officer", "ระงับ")])
@pytest.mark.parametrize("start", ["บันทึกภายใน 2570-0001", "ตอบผู้ร้อง 2570-0001", "มอบหมาย 2570-0001"])
def test_an_officer_demoted_or_suspended_in_the_middle_of_a_step_writes_nothing(
        desk_assistant: Assistant, cases: Snapshot, outbox: Outbox, clock: FakeClock, start: str, role: str,
        status: str) -> None:
    talk(desk_assistant, cases, OFFICER, start)
    answer = said(talk(desk_assistant, with_staff(cases, OFFICER, role=role, status=status), OFFICER, "ประภา รักษ์งาน"))
    assert "เจ้าหน้าที่รับเรื่องร้องเรียน" in answer or "ผู้ดูแล" in answer, answer
    assert queued(outbox, clock) == []
    talk(desk_assistant, cases, OFFICER, "ประภา รักษ์งาน")  # the step ended: restored, the same text is no answer
    assert queued(outbox, clock) == []


def test_the_same_note_again_once_the_sheet_moved_on_is_logged_again(desk_assistant: Assistant, cases: Snapshot,
                                                                     outbox: Outbox, clock: FakeClock) -> None:
    note = ["บันทึกภายใน 2570-0001", "โทรตามเอกสารอีกครั้ง"]
    run(desk_assistant, cases, note)
    run(desk_assistant, cases, note)  # a double tap on the same view
    later = Snapshot(cases.tables, cases.problems, cases.loaded_at + timedelta(minutes=5))
    run(desk_assistant, later, note)  # the next day's same words
    assert [change.note for change in queued(outbox, clock)] == ["โทรตามเอกสารอีกครั้ง"] * 2
