"""Admins approve or suspend a registration from LINE: the pushed buttons, the tap, a second tap, the person told.

Replays the finding: a registration was approved only by editing a cell, and the person was never told.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from demo.workbook import demo_user_id
from handlers.complaints.desk import ComplaintDesk
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Reply, Text
from handlers.staff.approvals import approval_pusher, decision_conflicts
from handlers.staff.assistant import Assistant, role_of
from sheets.records import HistoryRow, Setting
from sheets.schema import HISTORY, STAFF
from sheets.workbook import Snapshot
from state.outbox import Outbox, OutboxWriter
from state.row_changes import UPDATE_PREFIX, Conflict, RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, buttons, said, talk, with_rows
from tests.unit.conftest import STAFF as STAFF_ID

ADMIN = demo_user_id("demo-admin")
PENDING = demo_user_id("demo-pending")
SECOND_ADMIN = "U" + "a" * 32


@pytest.fixture
def assistant(tmp_path: Path, clock: FakeClock, outbox: Outbox, desk: ComplaintDesk) -> Assistant:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     writer=OutboxWriter(outbox, clock), desk=desk, row_changes=RowChangeWriter(outbox, clock))


@pytest.fixture
def two_admins(demo_snapshot: Snapshot) -> Snapshot:
    admin = next(m for m in demo_snapshot.staff if m.line_user_id == ADMIN)
    second = replace(admin, name="สมใจ ดูแล", line_user_id=SECOND_ADMIN, row=admin.row + 10)
    return with_rows(demo_snapshot, STAFF.name, (*demo_snapshot.staff, second))


def tap(assistant: Assistant, snapshot: Snapshot, user: str, data: str) -> tuple[list[Reply], list[Any]]:
    answer = assistant.respond(Incoming("postback", user, data, f"event-{user}-{data}"), snapshot)
    return answer.replies, answer.notices


def queued(outbox: Outbox, clock: FakeClock) -> list[Any]:
    return [decode(entry) for entry in outbox.due(UPDATE_PREFIX + STAFF.name, clock(), 10)]


def test_the_admins_get_the_registration_with_approve_and_suspend_buttons(
        assistant: Assistant, demo_snapshot: Snapshot) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน 246810")
    talk(assistant, demo_snapshot, CITIZEN, "นางสาว ทดสอบ ระบบ")
    answer = assistant.respond(Incoming("text", CITIZEN, "กองคลัง"), demo_snapshot)
    assert "ผู้ดูแลระบบได้รับแจ้งแล้ว" in said(answer.replies)
    ((to, notice),) = answer.notices
    assert to == ADMIN and isinstance(notice, Text)
    assert [(b.label, b.data, b.text) for b in notice.quick_replies] == [
        ("อนุมัติ", f"อนุมัติ {CITIZEN}", "อนุมัติ นางสาว ทดสอบ ระบบ"),
        ("ระงับ", f"ระงับ {CITIZEN}", "ระงับ นางสาว ทดสอบ ระบบ")]


def test_an_admins_tap_queues_the_status_once_and_tells_the_other_admins(
        assistant: Assistant, two_admins: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    replies, notices = tap(assistant, two_admins, ADMIN, f"อนุมัติ {PENDING}")
    assert "บันทึกแล้ว" in said(replies) and "มานพ ขยัน" in said(replies)
    assert [to for to, _ in notices] == [SECOND_ADMIN]
    assert "ประภา รักษ์งาน อนุมัติคำขอลงทะเบียนของ มานพ ขยัน" in said([notices[0][1]])
    (change,) = queued(outbox, clock)
    assert (change.tab, change.key_header, change.key) == (STAFF.name, "LINE userId", PENDING)
    assert [(c.header, c.old, c.new) for c in change.cells] == [("สถานะ", "รออนุมัติ", "อนุมัติ")]
    assert (change.by, change.notify, change.extra["tell"]) == ("ประภา รักษ์งาน", ADMIN, PENDING)
    again, told = tap(assistant, two_admins, SECOND_ADMIN, f"อนุมัติ {PENDING}")  # the other admin, a moment later
    assert "ได้รับอนุมัติไว้แล้ว" in said(again) and not told
    assert outbox.depth() == 1


def test_suspending_again_after_a_reapproval_is_a_change_of_its_own(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    """Found in review: the decision's id was (person, old status, new status), so the second suspension of a person
    approved again was taken as the first one and dropped, while the admin was told it was done."""
    person = next(m for m in demo_snapshot.staff if m.line_user_id == STAFF_ID)
    history: list[HistoryRow] = []
    for number, (before, decision) in enumerate([("อนุมัติ", "ระงับ"), ("ระงับ", "อนุมัติ"), ("อนุมัติ", "ระงับ")]):
        staff = tuple(replace(m, status=before) if m is person else m for m in demo_snapshot.staff)
        snapshot = with_rows(with_rows(demo_snapshot, STAFF.name, staff), HISTORY.name, tuple(history))
        replies, _ = tap(assistant, snapshot, ADMIN, f"{decision} {STAFF_ID}")
        assert "บันทึกแล้ว" in said(replies), (number, said(replies))
        history.append(HistoryRow(number + 2, datetime(2026, 12, 1 + number, 9), STAFF.name, STAFF_ID, decision,
                                  before, decision, "ประภา รักษ์งาน", None, None))
    assert len(queued(outbox, clock)) == 3


def test_a_second_tap_once_the_sheet_says_approved_changes_nothing(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox) -> None:
    replies, _ = tap(assistant, demo_snapshot, ADMIN, f"อนุมัติ {STAFF_ID}")
    assert "ได้รับอนุมัติไว้แล้ว" in said(replies) and outbox.depth() == 0


@pytest.mark.parametrize("user", [CITIZEN, PENDING, STAFF_ID, demo_user_id("demo-officer")])
def test_anyone_but_an_admin_is_refused_politely(assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox,
                                                 user: str) -> None:
    for data in (f"อนุมัติ {PENDING}", f"ระงับ {PENDING}"):
        replies, notices = tap(assistant, demo_snapshot, user, data)
        assert "เฉพาะผู้ดูแลระบบ" in said(replies) and not notices
        assert replies[-1].quick_replies, "a way forward: the menu's buttons"
    assert outbox.depth() == 0


def test_suspending_writes_the_status_and_an_admin_cannot_suspend_themselves(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    assert "เปลี่ยนสถานะของตนเอง" in said(tap(assistant, demo_snapshot, ADMIN, f"ระงับ {ADMIN}")[0])
    assert "ระงับสิทธิ์ มานพ ขยัน" in said(tap(assistant, demo_snapshot, ADMIN, f"ระงับ {PENDING}")[0])
    (change,) = queued(outbox, clock)
    assert [(c.old, c.new) for c in change.cells] == [("รออนุมัติ", "ระงับ")]


def test_a_registration_not_yet_in_the_sheet_asks_to_tap_again(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox) -> None:
    talk(assistant, demo_snapshot, CITIZEN, "ลงทะเบียน 246810")
    talk(assistant, demo_snapshot, CITIZEN, "นางสาว ทดสอบ ระบบ")
    talk(assistant, demo_snapshot, CITIZEN, "กองคลัง")
    replies, _ = tap(assistant, demo_snapshot, ADMIN, f"อนุมัติ {CITIZEN}")
    assert "กำลังบันทึกลงสมุดงาน" in said(replies)
    assert [(b.data, b.text) for b in replies[-1].quick_replies] == [
        (f"อนุมัติ {CITIZEN}", "อนุมัติ นางสาว ทดสอบ ระบบ"), (f"ระงับ {CITIZEN}", "ระงับ นางสาว ทดสอบ ระบบ")]
    assert outbox.depth() == 1  # only the registration row


def test_a_tap_in_the_middle_of_a_flow_is_still_a_decision(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox) -> None:
    talk(assistant, demo_snapshot, ADMIN, "ร้องเรียน")
    replies, _ = tap(assistant, demo_snapshot, ADMIN, f"อนุมัติ {PENDING}")
    assert "บันทึกแล้ว" in said(replies)


def test_the_person_is_told_once_approved_with_their_menu(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    tap(assistant, demo_snapshot, ADMIN, f"อนุมัติ {PENDING}")
    (change,) = queued(outbox, clock)
    pushed: list[tuple[str, list[Reply], str | None]] = []
    linked: list[tuple[str, str]] = []
    approval_pusher(lambda to, replies, retry_key_seed=None: pushed.append((to, replies, retry_key_seed)),
                    lambda user, role: linked.append((user, role)))(change)
    ((to, replies, seed),) = pushed
    assert to == PENDING and "ได้รับอนุมัติแล้ว" in said(replies) and seed
    assert "มาตรการ" in [b.label for b in replies[-1].quick_replies]
    assert linked == [(PENDING, "staff")]
    approved = with_rows(demo_snapshot, STAFF.name, tuple(
        replace(m, status="อนุมัติ") if m.line_user_id == PENDING else m for m in demo_snapshot.staff))
    assert role_of(approved, PENDING) == "staff"
    assert "คุณใช้งานในฐานะเจ้าหน้าที่" in said(talk(assistant, approved, PENDING, "เมนู"))


def test_a_suspension_is_not_pushed_and_an_overtaken_decision_is_told_to_the_admin(
        assistant: Assistant, demo_snapshot: Snapshot, outbox: Outbox, clock: FakeClock) -> None:
    tap(assistant, demo_snapshot, ADMIN, f"ระงับ {PENDING}")
    (change,) = queued(outbox, clock)
    pushed: list[tuple[str, list[Reply]]] = []
    approval_pusher(lambda to, replies, retry_key_seed=None: pushed.append((to, replies)))(change)
    assert pushed == []
    others: list[Conflict] = []
    tell = decision_conflicts(lambda to, replies, retry_key_seed=None: pushed.append((to, replies)), others.append)
    tell(Conflict(change, {"สถานะ": "อนุมัติ"}, "ค่าในชีตเปลี่ยนไปแล้ว"))
    ((to, replies),) = pushed
    assert to == ADMIN and 'ตอนนี้สถานะในสมุดงานเป็น "อนุมัติ"' in said(replies) and not others


def test_registration_offers_the_offices_list_of_units_when_it_keeps_one(
        assistant: Assistant, demo_snapshot: Snapshot) -> None:
    settings = (*demo_snapshot.rows("ตั้งค่า", Setting), Setting(99, "units", "กองช่าง, กองคลัง", ""))
    snapshot = with_rows(demo_snapshot, "ตั้งค่า", settings)
    talk(assistant, snapshot, CITIZEN, "ลงทะเบียน 246810")
    asked = talk(assistant, snapshot, CITIZEN, "นางสาว ทดสอบ ระบบ")
    assert buttons(asked) == ["กองช่าง", "กองคลัง", "ยกเลิก"]
