"""Every column the bot writes into an existing row holds a date or a number, not text, on both backends.

Replays the finding: `อัปเดตล่าสุด`, `ปิดเรื่องเมื่อ` and `ตรวจเมื่อ` were written as the text '08/12/2569'
among real dates, `ความพึงพอใจ` as the text '4' (AVERAGE() skipped it). Each case runs on the .xlsx file and
on the Google fake; the cell is read back raw (a date cell, a number), through the snapshot (the same date,
the same number) and with its number format (a date column still shows dates, an admin's pattern stays).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from common.thaitext import normalize_header, to_be_as_ce
from sheets.backend import WorkbookBackend
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS, MEASURES, OIT, STATISTICS, TABS_BY_NAME
from sheets.workbook import parse_workbook
from state.outbox import Outbox
from state.row_changes import CellChange, RowChange, RowChangeWriter
from tests.conftest import FakeClock
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.sheets_cells import Dated, serial_of

ADMIN_PATTERN = "dd-mm-yyyy"
"""A date format an admin chose for a cell: kept when the bot writes a new date into it."""
OUR_PATTERNS = ("d/m/yyyy", "d/m/yyyy hh:mm", "[$-1070000]d/mm/yyyy", "[$-1070000]d/mm/yyyy hh:mm")


@dataclass(frozen=True)
class AdminDate:
    """A real date cell as an admin typed it, with its number format."""

    day: date
    pattern: str = ADMIN_PATTERN


def row(tab: str, **cells: Any) -> list[Any]:
    return [cells.get(header, "") for header in TABS_BY_NAME[tab].headers]


def named(header: str) -> str:
    return {"อัปเดตล่าสุด": "updated", "ความคืบหน้า (%)": "progress", "ตรวจเมื่อ": "checked_at",
            "ปิดเรื่องเมื่อ": "closed", "ความพึงพอใจ": "rating"}[header]


MEASURE_ROWS = [
    row(MEASURES.name, **{"รหัส": "M1", "ปีงบประมาณ": 2570, "มาตรการ/กิจกรรม": "อบรม", "ความคืบหน้า (%)": 40,
                          "อัปเดตล่าสุด": AdminDate(date(2026, 11, 1))}),
    row(MEASURES.name, **{"รหัส": "M2", "ปีงบประมาณ": 2570, "มาตรการ/กิจกรรม": "ประกาศ", "ความคืบหน้า (%)": 10,
                          "อัปเดตล่าสุด": "01/11/2569"}),  # the text an earlier version wrote
]
OIT_ROWS = [row(OIT.name, **{"ปีงบประมาณ": 2570, "ข้อ": "O10", "หัวข้อ": "แผน", "อัปเดตล่าสุด": "",
                             "ตรวจเมื่อ": AdminDate(date(2026, 11, 30))}),
            row(OIT.name, **{"ปีงบประมาณ": 2570, "ข้อ": "O11", "หัวข้อ": "รายงาน",
                             "อัปเดตล่าสุด": AdminDate(date(2026, 11, 2))})]
CASE_ROWS = [row(COMPLAINTS.name, **{"เลขที่เรื่อง": "2570-0001", "วันที่รับ": AdminDate(date(2026, 11, 20)),
                                     "สถานะ": "ยุติเรื่อง", "ปิดเรื่องเมื่อ": AdminDate(date(2026, 11, 25)),
                                     "ความพึงพอใจ": 5}),
             row(COMPLAINTS.name, **{"เลขที่เรื่อง": "2570-0002", "วันที่รับ": AdminDate(date(2026, 11, 21)),
                                     "สถานะ": "ยุติเรื่อง"})]
SEEDS = {MEASURES.name: MEASURE_ROWS, OIT.name: OIT_ROWS, COMPLAINTS.name: CASE_ROWS}

CASES = [  # (tab, key, column, what the person saw, what they chose, the value read back, the cell's format kept)
    (MEASURES.name, "M1", "อัปเดตล่าสุด", "01/11/2569", "07/12/2569", date(2026, 12, 7), True),
    (MEASURES.name, "M2", "อัปเดตล่าสุด", "01/11/2569", "07/12/2569", date(2026, 12, 7), False),
    (MEASURES.name, "M2", "ความคืบหน้า (%)", "10", "๗๕", 75.0, False),
    (OIT.name, "O10", "อัปเดตล่าสุด", "", "07/12/2569", date(2026, 12, 7), False),
    (OIT.name, "O10", "ตรวจเมื่อ", "30/11/2569 00:00", "07/12/2569 06:00", datetime(2026, 12, 7, 6, 0), True),
    (OIT.name, "O11", "ตรวจเมื่อ", "", "07/12/2569 06:30", datetime(2026, 12, 7, 6, 30), False),
    (COMPLAINTS.name, "2570-0002", "ปิดเรื่องเมื่อ", "", "07/12/2569", date(2026, 12, 7), False),
    (COMPLAINTS.name, "2570-0002", "ความพึงพอใจ", "", "4", "4", False),
]
KEYS = {MEASURES.name: ("รหัส", "code"), OIT.name: ("ข้อ", "item"), COMPLAINTS.name: ("เลขที่เรื่อง", "case_no")}


class Sheet:
    """The tab as the backend under test keeps it: typed seeding, and each cell's value and number format."""

    def __init__(self, backend: WorkbookBackend, fake: FakeSheetsApi | None) -> None:
        self.backend, self.fake = backend, fake
        backend.init_schema()

    def seed(self, tab: str, rows: list[list[Any]]) -> None:
        header = list(TABS_BY_NAME[tab].headers)
        if self.fake is not None:
            self.fake.seed(tab, [header, *[[self._google(cell) for cell in r] for r in rows]])
            return
        assert isinstance(self.backend, LocalWorkbook)
        book = openpyxl.load_workbook(self.backend.path)
        book.remove(book[tab])
        sheet = book.create_sheet(tab)
        sheet.append(header)
        for number, cells in enumerate(rows, start=2):
            for col, value in enumerate(cells, start=1):
                cell = sheet.cell(row=number, column=col, value=value.day if isinstance(value, AdminDate) else
                                  (None if value == "" else value))
                if isinstance(value, AdminDate):
                    cell.number_format = value.pattern
        book.save(self.backend.path)

    @staticmethod
    def _google(value: Any) -> Any:
        """A th_TH sheet keeps a typed 1/11/2569 as the year 2569 of the Christian calendar."""
        return Dated(serial_of(to_be_as_ce(value.day)), value.pattern) if isinstance(value, AdminDate) else value

    def cell(self, tab: str, number: int, header: str) -> tuple[Any, str | None]:
        """(raw value as the backend reads it, the cell's date format or None)."""
        table = self.backend.read_tables()[tab]
        col = [normalize_header(str(h)) for h in table[0]].index(normalize_header(header)) + 1
        raw = table[number - 1][col - 1] if col <= len(table[number - 1]) else None
        if self.fake is not None:
            stored = self.fake.grid(tab).cell(number, col)
            return raw, stored.pattern if isinstance(stored, Dated) else None
        assert isinstance(self.backend, LocalWorkbook)
        cell = openpyxl.load_workbook(self.backend.path)[tab].cell(row=number, column=col)
        return raw, str(cell.number_format) if cell.is_date else None

    def column(self, tab: str, header: str) -> list[Any]:
        table = self.backend.read_tables()[tab]
        index = [normalize_header(str(h)) for h in table[0]].index(normalize_header(header))
        return [r[index] for r in table[1:] if index < len(r) and r[index] not in (None, "")]


@pytest.fixture
def sheet(request: pytest.FixtureRequest, backend: WorkbookBackend) -> Sheet:
    fake = None if isinstance(backend, LocalWorkbook) else request.getfixturevalue("sheets_fake")
    return Sheet(backend, fake)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 7, 10))


@pytest.fixture
def write(tmp_path: Path, backend: WorkbookBackend, clock: FakeClock) -> Callable[[RowChange], None]:
    outbox = Outbox(tmp_path / "outbox.sqlite3", "k" * 32)

    def submit(change: RowChange) -> None:
        assert RowChangeWriter(outbox, clock).submit(change)
        assert not Flusher(outbox, backend, clock).drain().conflicts

    return submit


def change(tab: str, key_header: str, key: str, header: str, old: str, new: str) -> RowChange:
    also = (("ปีงบประมาณ", "2570"),) if tab == OIT.name else ()
    return RowChange(tab, key_header, key, (CellChange(header, old, new),), f"{key}|{header}|{new}",
                     action="ทดสอบ", by="ita-bot", at="07/12/2569 10:00", also=also)


@pytest.mark.parametrize(("tab", "key", "header", "old", "new", "read_back", "kept"), CASES)
def test_each_column_the_bot_writes_is_typed_and_reads_back_the_same(
        sheet: Sheet, write: Callable[[RowChange], None], clock: FakeClock, tab: str, key: str, header: str,
        old: str, new: str, read_back: Any, kept: bool) -> None:
    sheet.seed(tab, SEEDS[tab])
    key_header, field = KEYS[tab]
    write(change(tab, key_header, key, header, old, new))
    number = 1 + next(i for i, cells in enumerate(SEEDS[tab], start=1) if key in cells)
    raw, pattern = sheet.cell(tab, number, header)
    assert not isinstance(raw, str), f"{header} was written as the text {raw!r}"
    if isinstance(read_back, date):
        assert pattern is not None, f"{header} holds a number that does not show as a date"
        assert pattern == ADMIN_PATTERN if kept else pattern in (*OUR_PATTERNS, ADMIN_PATTERN)
    index = TABS_BY_NAME[tab].headers.index(header)
    left_as_text = [cells[index] for cells in SEEDS[tab] if key not in cells and isinstance(cells[index], str)
                    and cells[index]]  # text an admin (or an earlier version) left in other rows
    texts = [v for v in sheet.column(tab, header) if isinstance(v, str)]
    assert texts == left_as_text, f"the bot's {header} is text among the dates/numbers: {texts}"
    records = parse_workbook(sheet.backend.read_tables(), clock()).rows(tab, object)
    (record,) = [r for r in records if getattr(r, field) == key]
    assert getattr(record, named(header)) == read_back


def test_a_number_averages_with_the_admins_numbers(sheet: Sheet, write: Callable[[RowChange], None]) -> None:
    """ความพึงพอใจ: what AVERAGE() of the column sees is every rating, the bot's included."""
    sheet.seed(COMPLAINTS.name, CASE_ROWS)
    write(change(COMPLAINTS.name, "เลขที่เรื่อง", "2570-0002", "ความพึงพอใจ", "", "4"))
    numbers = [v for v in sheet.column(COMPLAINTS.name, "ความพึงพอใจ") if isinstance(v, int | float)]
    assert sum(numbers) / len(numbers) == 4.5


def test_a_typed_date_is_seen_again_as_the_person_saw_it(sheet: Sheet, write: Callable[[RowChange], None],
                                                         clock: FakeClock) -> None:
    """The next change compares by value: the date cell written today holds what the person now sees."""
    sheet.seed(MEASURES.name, MEASURE_ROWS)
    write(change(MEASURES.name, "รหัส", "M2", "อัปเดตล่าสุด", "01/11/2569", "07/12/2569"))
    write(change(MEASURES.name, "รหัส", "M2", "อัปเดตล่าสุด", "07/12/2569", "๘/๑๒/๒๕๖๙"))
    (measure,) = [m for m in parse_workbook(sheet.backend.read_tables(), clock()).measures if m.code == "M2"]
    assert measure.updated == date(2026, 12, 8)


def test_new_statistics_rows_hold_numbers(sheet: Sheet, clock: FakeClock) -> None:
    """The complaint statistics the bot appends: counts and the fiscal year are numbers a SUM() adds up."""
    row = {"ปีงบประมาณ": "2570", "ช่วงรายงาน": "ไตรมาส 1", "เดือน": "ต.ค. 2569", "รับเรื่อง": "3",
           "ดำเนินการแล้วเสร็จ": "๒", "อยู่ระหว่างดำเนินการ": "1", "จัดทำเมื่อ": "07/01/2570 08:00", "รหัสรายการ": "s1"}
    sheet.backend.append(STATISTICS, [row])
    header, cells = sheet.backend.read_tables()[STATISTICS.name][:2]
    raw = dict(zip(header, cells, strict=False))
    assert [raw[h] for h in ("ปีงบประมาณ", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ")] == [2570, 3, 2, 1]
    assert raw["เดือน"] == "ต.ค. 2569" and not isinstance(raw["จัดทำเมื่อ"], str)
    (made,) = parse_workbook(sheet.backend.read_tables(), clock()).rows(STATISTICS.name, object)
    assert (made.received, made.finished, made.in_progress, made.made) == (3, 2, 1, datetime(2027, 1, 7, 8, 0))
