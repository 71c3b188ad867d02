"""Issue 36: the officer's 10-minute flow timeout no longer throws away a composed ตอบผู้ร้อง text."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.outbox import Outbox
from state.row_changes import RowChangeWriter, decode
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import buttons, said, talk, with_rows
from tests.unit.handlers.casework.test_casework_dialogues import CASES, OFFICER


@pytest.fixture
def cases(demo_snapshot: Snapshot) -> Snapshot:
    return with_rows(demo_snapshot, "เรื่องร้องเรียน", CASES)


@pytest.fixture
def desk_assistant(tmp_path: Path, clock: FakeClock, outbox: Outbox) -> Assistant:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     row_changes=RowChangeWriter(outbox, clock))


REPLY = "กำลังเรียกเอกสารจากกองช่าง จะแจ้งผลภายในสัปดาห์หน้า"


def late_reply(desk_assistant: Assistant, cases: Snapshot, clock: FakeClock) -> str:
    talk(desk_assistant, cases, OFFICER, "ตอบผู้ร้อง 2570-0001")
    clock.advance(11 * 60)
    answer = talk(desk_assistant, cases, OFFICER, REPLY)
    assert buttons(answer) == ["ส่งข้อความนี้", "แก้ไขก่อนส่ง", "ทิ้งข้อความ"]
    return said(answer)


def written(outbox: Outbox, clock: FakeClock) -> list[str]:
    entries = [e for tab in outbox.tabs_due(clock()) for e in outbox.due(tab, clock(), 10)]
    return [f"{c.key}|{c.action}|" + ",".join(f"{x.header}={x.new}" for x in c.cells) for c in map(decode, entries)]


def test_a_reply_typed_after_the_timeout_is_kept_and_sent_on_request(
        desk_assistant: Assistant, cases: Snapshot, clock: FakeClock, outbox: Outbox) -> None:
    offered = late_reply(desk_assistant, cases, clock)
    assert "หมดเวลาแล้ว (10 นาที)" in offered and REPLY in offered and outbox.depth() == 0
    clock.advance(3 * 3600)  # the officer comes back later the same day
    assert "บันทึก ตอบผู้ร้อง ของเรื่อง 2570-0001 แล้ว" in said(talk(desk_assistant, cases, OFFICER, "ส่งข้อความนี้ค่ะ"))
    assert written(outbox, clock) == [f"2570-0001|ตอบผู้ร้อง|ข้อความถึงผู้ร้อง={REPLY}"]


def test_edit_goes_back_to_the_step_with_the_old_text_shown(
        desk_assistant: Assistant, cases: Snapshot, clock: FakeClock, outbox: Outbox) -> None:
    late_reply(desk_assistant, cases, clock)
    assert REPLY in said(talk(desk_assistant, cases, OFFICER, "แก้ไขก่อนส่ง"))
    talk(desk_assistant, cases, OFFICER, "แจ้งผลภายในวันศุกร์นี้")
    assert written(outbox, clock) == ["2570-0001|ตอบผู้ร้อง|ข้อความถึงผู้ร้อง=แจ้งผลภายในวันศุกร์นี้"]


@pytest.mark.parametrize("after", [("ทิ้งข้อความ",), ("เมนู",)])
def test_discarding_or_leaving_writes_nothing(desk_assistant: Assistant, cases: Snapshot, clock: FakeClock,
                                              outbox: Outbox, after: tuple[str, ...]) -> None:
    late_reply(desk_assistant, cases, clock)
    for text in after:
        talk(desk_assistant, cases, OFFICER, text)
    assert "ส่งข้อความนี้" not in said(talk(desk_assistant, cases, OFFICER, "ส่งข้อความนี้"))
    assert outbox.depth() == 0


def test_the_kept_text_is_gone_after_a_day(desk_assistant: Assistant, cases: Snapshot, clock: FakeClock,
                                           outbox: Outbox) -> None:
    late_reply(desk_assistant, cases, clock)
    clock.advance(25 * 3600)
    talk(desk_assistant, cases, OFFICER, "ส่งข้อความนี้")
    assert outbox.depth() == 0


def test_a_command_after_the_timeout_is_a_command_not_a_kept_text(
        desk_assistant: Assistant, cases: Snapshot, clock: FakeClock) -> None:
    talk(desk_assistant, cases, OFFICER, "ตอบผู้ร้อง 2570-0001")
    clock.advance(11 * 60)
    answer = said(talk(desk_assistant, cases, OFFICER, "เรื่อง 2570-0002"))
    assert "หมดเวลาแล้ว" in answer and "ส่งข้อความนี้" not in answer
