"""Keyed row updates on both backends and both outboxes: the right row changes once, whatever the admin did.

Each test runs on the .xlsx file and the Google fake, with the outbox on SQLite and on Redis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sheets.backend import WorkbookBackend
from sheets.cells import cell_text
from sheets.flusher import Flusher
from sheets.schema import COMPLAINTS, HISTORY
from state.outbox import OutboxStore
from state.row_changes import CellChange, Conflict, RowChange, RowChangeWriter
from state.stores import open_stores
from tests.conftest import FakeClock

Rows = list[list[Any]]
HEADER = list(COMPLAINTS.headers)
STATUS = HEADER.index("สถานะ")


def record(case_no: str, status: str = "รับเรื่อง") -> list[Any]:
    row: list[Any] = [""] * len(HEADER)
    row[:5] = [case_no, "20/11/2569 10:00", "LINE", "อื่น ๆ", f"รายละเอียด {case_no}"]
    row[STATUS] = status
    return row


def take(case_no: str, tap: str = "t1", old: str = "รับเรื่อง", new: str = "กำลังตรวจสอบ") -> RowChange:
    return RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case_no,
                     (CellChange("สถานะ", old, new), CellChange("ผู้รับผิดชอบ", "", "สมชาย ใจดี")),
                     f"{case_no}|{tap}", action="รับเรื่อง", by="สมชาย ใจดี", note="=ตรวจแล้ว", at="6/12/2569 09:00")


@pytest.fixture
def outbox(state_url: str, tmp_path: Path) -> Iterator[OutboxStore]:
    stores = open_stores(state_url, tmp_path / "var", "k" * 32)
    yield stores.outbox
    stores.close()


@pytest.fixture
def flusher(outbox: OutboxStore, backend: WorkbookBackend, clock: FakeClock) -> Flusher:
    return Flusher(outbox, backend, clock)


def rows_of(backend: WorkbookBackend, tab: str) -> Rows:
    return [["" if cell is None else cell for cell in row] for row in backend.read_tables()[tab]]


def case_row(backend: WorkbookBackend, case_no: str) -> dict[str, Any]:
    table = rows_of(backend, COMPLAINTS.name)
    (row,) = [row for row in table[1:] if case_no in row]
    return {str(name): (row[i] if i < len(row) else "") for i, name in enumerate(table[0]) if name}


def history(backend: WorkbookBackend) -> list[dict[str, Any]]:
    table = rows_of(backend, HISTORY.name)
    return [dict(zip(table[0], row, strict=False)) for row in table[1:] if any(row)]


def test_a_sorted_tab_with_an_inserted_column_changes_the_right_row_once(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        flusher: Flusher, clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001"), record("2570-0002"), record("2570-0003")])
    assert RowChangeWriter(outbox, clock).submit(take("2570-0002"))
    put_rows(COMPLAINTS.name, [["หมายเหตุ", *HEADER], ["", *record("2570-0003")], ["x", *record("2570-0002")],
                               ["", *record("2570-0001")]])  # the admin sorted and inserted column A
    report = flusher.drain()
    assert report.written == 2 and not report.conflicts  # the change, then its history row
    assert case_row(backend, "2570-0002")["สถานะ"] == "กำลังตรวจสอบ"
    assert case_row(backend, "2570-0002")["ผู้รับผิดชอบ"] == "สมชาย ใจดี"
    assert case_row(backend, "2570-0002")["หมายเหตุ"] == "x"
    assert {case_row(backend, n)["สถานะ"] for n in ("2570-0001", "2570-0003")} == {"รับเรื่อง"}
    (logged,) = history(backend)
    assert (logged["แท็บ"], logged["รหัส"], logged["การดำเนินการ"], logged["โดย"]) == (
        COMPLAINTS.name, "2570-0002", "รับเรื่อง", "สมชาย ใจดี")
    assert logged["ค่าใหม่"] == "สถานะ: กำลังตรวจสอบ\nผู้รับผิดชอบ: สมชาย ใจดี"
    assert cell_text(logged["บันทึก"]) == "=ตรวจแล้ว"  # text stays text, never a formula


def test_a_cell_the_admin_changed_is_not_overwritten_and_the_caller_learns_its_value(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001", status="ส่งต่อหน่วยงาน")])
    told: list[Conflict] = []
    flusher = Flusher(outbox, backend, clock, on_conflict=told.append)
    RowChangeWriter(outbox, clock).submit(take("2570-0001"))
    report = flusher.drain()
    assert [c.current for c in report.conflicts] == [{"สถานะ": "ส่งต่อหน่วยงาน", "ผู้รับผิดชอบ": ""}]
    assert told == report.conflicts and told[0].change.key == "2570-0001"
    assert case_row(backend, "2570-0001")["สถานะ"] == "ส่งต่อหน่วยงาน"
    assert case_row(backend, "2570-0001")["ผู้รับผิดชอบ"] == ""
    assert history(backend) == []
    assert outbox.depth() == 0


def test_an_unknown_key_is_a_conflict_that_names_tab_column_and_key(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        flusher: Flusher, clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001")])
    RowChangeWriter(outbox, clock).submit(take("2570-0999"))
    (conflict,) = flusher.drain().conflicts
    assert conflict.reason == f"แท็บ '{COMPLAINTS.name}' ไม่พบ เลขที่เรื่อง 2570-0999"


def test_a_double_tap_writes_once_and_logs_one_history_row(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        flusher: Flusher, clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001")])
    writer = RowChangeWriter(outbox, clock)
    assert writer.submit_all([take("2570-0001"), take("2570-0001")]) == [True, False]
    flusher.drain()
    assert writer.submit(take("2570-0001")) is False  # even after it was written
    flusher.drain()
    assert len(history(backend)) == 1


def test_changes_to_one_row_in_one_batch_see_each_other(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        flusher: Flusher, clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001")])
    close = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", "2570-0001", (CellChange("สถานะ", "กำลังตรวจสอบ", "ยุติเรื่อง"),),
                      "close", action="ปิดเรื่อง")
    RowChangeWriter(outbox, clock).submit_all([take("2570-0001"), close])
    assert not flusher.drain().conflicts
    assert case_row(backend, "2570-0001")["สถานะ"] == "ยุติเรื่อง"
    assert [row["การดำเนินการ"] for row in history(backend)] == ["รับเรื่อง", "ปิดเรื่อง"]


def note(case_no: str, text: str = "ประสานกองช่างแล้ว") -> RowChange:
    return RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case_no, (), f"{case_no}|note|{text}", action="บันทึกภายใน",
                     by="สมชาย ใจดี", note=text, at="6/12/2569 09:00")


def test_an_internal_note_changes_no_cell_and_logs_one_history_row_however_often_it_is_sent(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        flusher: Flusher, clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001"), record("2570-0002")])
    before = rows_of(backend, COMPLAINTS.name)
    writer = RowChangeWriter(outbox, clock)
    assert writer.submit_all([note("2570-0002"), note("2570-0002")]) == [True, False]  # a double tap
    report = flusher.drain()
    assert not report.conflicts and report.written == 2  # the note, then its history row
    assert rows_of(backend, COMPLAINTS.name) == before
    (logged,) = history(backend)
    assert (logged["รหัส"], logged["การดำเนินการ"], logged["บันทึก"]) == ("2570-0002", "บันทึกภายใน", "ประสานกองช่างแล้ว")
    assert cell_text(logged.get("ค่าเดิม") or "") == "" and cell_text(logged.get("ค่าใหม่") or "") == ""
    assert writer.submit(note("2570-0002")) is False
    assert flusher.drain().written == 0 and len(history(backend)) == 1


def test_a_note_on_a_case_that_is_gone_is_a_conflict_and_logs_nothing(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        flusher: Flusher, clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001")])
    RowChangeWriter(outbox, clock).submit(note("2570-0404"))
    (conflict,) = flusher.drain().conflicts
    assert "ไม่พบ เลขที่เรื่อง 2570-0404" in conflict.reason and history(backend) == []


def test_a_change_needs_a_cell_or_a_note(outbox: OutboxStore, clock: FakeClock) -> None:
    with pytest.raises(ValueError):
        RowChangeWriter(outbox, clock).submit(note("2570-0001", text=""))


def test_the_assignee_is_told_once_the_assignment_is_in_the_sheet_and_never_on_a_conflict(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        clock: FakeClock) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001"), record("2570-0002")])
    told: list[str] = []
    flusher = Flusher(outbox, backend, clock, on_applied=lambda change: told.append(change.key))
    changes = [RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case_no, (CellChange("ผู้รับผิดชอบ", seen, "ประภา รักษ์งาน"),),
                         f"assign|{case_no}", action="มอบหมาย") for case_no, seen in (("2570-0001", ""),
                                                                                      ("2570-0002", "คนอื่น"))]
    RowChangeWriter(outbox, clock).submit_all(changes)
    report = flusher.drain()
    assert [c.change.key for c in report.conflicts] == ["2570-0002"]
    assert told == ["2570-0001"]
    assert case_row(backend, "2570-0001")["ผู้รับผิดชอบ"] == "ประภา รักษ์งาน"


def test_a_rating_lands_in_ความพึงพอใจ_even_where_the_tab_has_no_such_column_yet(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None], outbox: OutboxStore,
        flusher: Flusher, clock: FakeClock) -> None:
    old_header = [h for h in HEADER if h not in ("ความพึงพอใจ", "ส่งต่อถึง")]
    put_rows(COMPLAINTS.name, [old_header, record("2570-0001", "ยุติเรื่อง")[:len(old_header)],
                               record("2570-0002", "ยุติเรื่อง")[:len(old_header)]])
    rate = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", "2570-0002", (CellChange("ความพึงพอใจ", "", "5"),),
                     "2570-0002|rating", action="ให้คะแนนความพึงพอใจ", by="ผู้ร้อง")
    RowChangeWriter(outbox, clock).submit(rate)
    assert not flusher.drain().conflicts
    assert rows_of(backend, COMPLAINTS.name)[0][:len(old_header) + 1] == [*old_header, "ความพึงพอใจ"]
    assert cell_text(case_row(backend, "2570-0002")["ความพึงพอใจ"]) == "5"
    assert case_row(backend, "2570-0001").get("ความพึงพอใจ", "") == ""
    (logged,) = history(backend)
    assert (logged["โดย"], logged["ค่าใหม่"]) == ("ผู้ร้อง", "5")
