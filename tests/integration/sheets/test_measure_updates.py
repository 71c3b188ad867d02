"""A unit updates its measure in LINE and the row changes on both backends: right row, admin edits kept, once."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from demo.workbook import demo_user_id
from handlers.conversation.engine import Incoming
from handlers.conversation.ports import LinkCheck
from handlers.staff.assistant import Assistant
from sheets.backend import WorkbookBackend
from sheets.flusher import Flusher
from sheets.schema import HISTORY, MEASURES, STAFF
from sheets.workbook import Snapshot, parse_workbook
from state.outbox import Outbox
from state.row_changes import Conflict, RowChangeWriter
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.integration.sheets.conftest import shown

Rows = list[list[Any]]
HEADER = list(MEASURES.headers)
STAFF_ID = demo_user_id("demo-staff")
UNIT = "สำนักปลัดเทศบาล"


def measure(code: str, status: str = "ยังไม่เริ่ม", progress: Any = 0, owner: str = UNIT) -> list[Any]:
    values = {"รหัส": code, "ปีงบประมาณ": 2570, "ตัวชี้วัดที่": 10, "มาตรการ/กิจกรรม": f"กิจกรรม {code}",
              "ผู้รับผิดชอบ": owner, "สถานะ": status, "ความคืบหน้า (%)": progress, "การติดตามผล": "",
              "หลักฐาน": "", "อัปเดตล่าสุด": "01/11/2569"}
    return [values.get(header, "") for header in HEADER]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 7, 10))


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3", "k" * 32)


@pytest.fixture
def seeded(put_rows: Callable[[str, Rows], None]) -> Callable[[str, Rows], None]:
    put_rows(STAFF.name, [list(STAFF.headers), ["สมศรี ใจดี", "นักวิเคราะห์", UNIT, "staff", STAFF_ID, "อนุมัติ", ""]])
    put_rows(MEASURES.name, [HEADER, measure("M2570-01"), measure("M2570-02", "กำลังดำเนินการ", 40),
                             measure("M2570-03")])
    return put_rows


class Person:
    """The staff member in their chat, on a snapshot read from the backend under test."""

    def __init__(self, tmp_path: Path, backend: WorkbookBackend, outbox: Outbox, clock: FakeClock,
                 link_check: LinkCheck | None = None) -> None:
        self.backend, self.clock = backend, clock
        self.assistant = Assistant(SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32),
                                   lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                                   row_changes=RowChangeWriter(outbox, clock), link_check=link_check)
        self.snapshot: Snapshot = self.read()

    def read(self) -> Snapshot:
        self.snapshot = parse_workbook(self.backend.read_tables(), self.clock())
        return self.snapshot

    def say(self, *texts: str) -> str:
        answers = [r.text for t in texts for r in self.assistant.respond(Incoming("text", STAFF_ID, t),
                                                                         self.snapshot).replies if hasattr(r, "text")]
        return "\n".join(answers)


def row_of(backend: WorkbookBackend, code: str) -> dict[str, str]:
    table = backend.read_tables()[MEASURES.name]
    (row,) = [row for row in table[1:] if code in row]
    return {str(name): shown(MEASURES, name, row[i] if i < len(row) else None)
            for i, name in enumerate(table[0]) if name}


def history(backend: WorkbookBackend) -> list[dict[str, Any]]:
    table = backend.read_tables()[HISTORY.name]
    return [dict(zip(table[0], row, strict=False)) for row in table[1:] if any(row)]


def test_from_not_started_to_done_with_a_note_and_evidence(
        tmp_path: Path, backend: WorkbookBackend, seeded: Callable[[str, Rows], None], outbox: Outbox,
        clock: FakeClock) -> None:
    person = Person(tmp_path, backend, outbox, clock)
    person.say("อัปเดต M2570-01", "สถานะ", "กำลังดำเนินการ", "ความคืบหน้า", "๑๐๐", "เสร็จสิ้น",
               "การติดตามผล", "รายงานผลต่อที่ประชุมแล้ว", "หลักฐาน", "https://muaklek.go.th/m01.pdf", "ยกเลิก")
    report = Flusher(outbox, backend, clock).drain()
    assert not report.conflicts
    row = row_of(backend, "M2570-01")
    assert (row["สถานะ"], row["ความคืบหน้า (%)"], row["การติดตามผล"], row["หลักฐาน"], row["อัปเดตล่าสุด"]) == (
        "เสร็จสิ้น", "100", "รายงานผลต่อที่ประชุมแล้ว", "https://muaklek.go.th/m01.pdf", "07/12/2569")
    logged = history(backend)
    assert [h["การดำเนินการ"] for h in logged] == ["อัปเดตสถานะ", "อัปเดตความคืบหน้า", "อัปเดตสถานะ",
                                                   "อัปเดตการติดตามผล", "อัปเดตหลักฐาน"]
    assert {(h["แท็บ"], h["รหัส"], h["โดย"]) for h in logged} == {(MEASURES.name, "M2570-01", "สมศรี ใจดี")}
    assert logged[0]["ค่าเดิม"] == "สถานะ: ยังไม่เริ่ม\nอัปเดตล่าสุด: 01/11/2569"
    assert row_of(backend, "M2570-02")["สถานะ"] == "กำลังดำเนินการ"  # the other rows are untouched
    person.read()
    assert "ความคืบหน้า: 100%" in person.say("อัปเดต M2570-01")


def test_a_sorted_tab_with_an_inserted_column_changes_the_right_row(
        tmp_path: Path, backend: WorkbookBackend, seeded: Callable[[str, Rows], None], outbox: Outbox,
        clock: FakeClock) -> None:
    person = Person(tmp_path, backend, outbox, clock)
    person.say("อัปเดต M2570-02", "ความคืบหน้า", "60")
    seeded(MEASURES.name, [["หมายเหตุ", *HEADER], ["", *measure("M2570-03")],
                           ["x", *measure("M2570-02", "กำลังดำเนินการ", 40)], ["", *measure("M2570-01")]])
    assert not Flusher(outbox, backend, clock).drain().conflicts
    assert (row_of(backend, "M2570-02")["ความคืบหน้า (%)"], row_of(backend, "M2570-02")["หมายเหตุ"]) == ("60", "x")
    assert {row_of(backend, code)["ความคืบหน้า (%)"] for code in ("M2570-01", "M2570-03")} == {"0"}


def test_an_admin_edit_in_between_is_kept_and_the_person_learns_the_value_now(
        tmp_path: Path, backend: WorkbookBackend, seeded: Callable[[str, Rows], None], outbox: Outbox,
        clock: FakeClock) -> None:
    person = Person(tmp_path, backend, outbox, clock)
    person.say("อัปเดต M2570-02", "ความคืบหน้า", "60")
    seeded(MEASURES.name, [HEADER, measure("M2570-01"), measure("M2570-02", "กำลังดำเนินการ", 55),
                           measure("M2570-03")])
    told: list[Conflict] = []
    Flusher(outbox, backend, clock, on_conflict=told.append).drain()
    assert [c.current["ความคืบหน้า (%)"] for c in told] == ["55"] and told[0].change.notify == STAFF_ID
    assert row_of(backend, "M2570-02")["ความคืบหน้า (%)"] == "55"
    assert history(backend) == []


def test_a_double_tap_writes_once_and_logs_one_history_row(
        tmp_path: Path, backend: WorkbookBackend, seeded: Callable[[str, Rows], None], outbox: Outbox,
        clock: FakeClock) -> None:
    person = Person(tmp_path, backend, outbox, clock)
    person.say("อัปเดต M2570-02", "ความคืบหน้า", "60", "อัปเดต M2570-02", "ความคืบหน้า", "60")
    Flusher(outbox, backend, clock).drain()
    person.say("อัปเดต M2570-02", "ความคืบหน้า", "60")  # the same tap again on the old snapshot, after the write
    Flusher(outbox, backend, clock).drain()
    assert len(history(backend)) == 1 and row_of(backend, "M2570-02")["ความคืบหน้า (%)"] == "60"


def test_bad_input_writes_nothing(tmp_path: Path, backend: WorkbookBackend, seeded: Callable[[str, Rows], None],
                                  outbox: Outbox, clock: FakeClock) -> None:
    person = Person(tmp_path, backend, outbox, clock)
    answers = person.say("อัปเดต M2570-02", "ความคืบหน้า", "150", "สิบ", "ยกเลิก", "อัปเดต M2570-09",
                         "อัปเดต M2570-02", "หลักฐาน", "www.muaklek.go.th")
    assert "ไม่เกิน 100" in answers and "ต้องเป็นตัวเลข" in answers and "ไม่พบมาตรการรหัส" in answers
    assert "ขึ้นต้นด้วย http:// หรือ https://" in answers
    assert outbox.depth() == 0
    assert Flusher(outbox, backend, clock).drain().written == 0
