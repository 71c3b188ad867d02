"""Raw tab values in, typed records and a list of problems out. Never raises on bad data."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from openpyxl.utils import get_column_letter

from common.thaitext import normalize_header
from sheets import records as r
from sheets.cells import CellError, CellValue, cell_text, is_blank, parse_cell
from sheets.placement import blank_header_cells, header_damage
from sheets.records import RECORD_TYPES
from sheets.schema import TABS, Column, Tab

RawTable = Sequence[Sequence[CellValue]]
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """Something an admin must fix, located by tab, row and column."""

    tab: str
    row: int
    column: str
    message: str
    letter: str = ""
    """Column letter as the spreadsheet shows it, when the column was found."""
    value: str = field(default="", compare=False)
    """The cell's text as typed, when the cell could not be read (e.g. a status outside the list)."""

    def __str__(self) -> str:
        where = f"แท็บ '{self.tab}'"
        if self.row:
            where += f" แถว {self.row}"
        if self.column:
            where += f" คอลัมน์ {self.letter + ' ' if self.letter else ''}'{self.column}'"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Snapshot:
    """Every tab of the workbook, parsed, as of ``loaded_at``."""

    tables: Mapping[str, tuple[Any, ...]]
    problems: tuple[Problem, ...]
    loaded_at: datetime

    def rows(self, tab: str, kind: type[T]) -> tuple[T, ...]:
        return self.tables.get(tab, ())

    @property
    def settings(self) -> dict[str, str]:
        return {s.key: s.value or "" for s in self.rows("ตั้งค่า", r.Setting)}

    @property
    def scores(self) -> tuple[r.Score, ...]:
        return self.rows("คะแนน", r.Score)

    @property
    def measures(self) -> tuple[r.Measure, ...]:
        return self.rows("มาตรการ", r.Measure)

    @property
    def complaints(self) -> tuple[r.Complaint, ...]:
        return self.rows("เรื่องร้องเรียน", r.Complaint)

    @property
    def staff(self) -> tuple[r.StaffMember, ...]:
        return self.rows("เจ้าหน้าที่", r.StaffMember)


def parse_workbook(raw: Mapping[str, RawTable], loaded_at: datetime) -> Snapshot:
    """Parse every contract tab found in ``raw``; report missing tabs and bad cells."""
    tables: dict[str, tuple[Any, ...]] = {}
    problems: list[Problem] = []
    for tab in TABS:
        if tab.name not in raw:
            if not tab.optional:
                problems.append(Problem(tab.name, 0, "", "ไม่พบแท็บนี้ในสมุดงาน (สร้างด้วย ita-bot sheet init)"))
            continue
        parsed, tab_problems = parse_tab(tab, raw[tab.name])
        tables[tab.name] = tuple(parsed)
        problems.extend(tab_problems)
    return Snapshot(tables, tuple(problems), loaded_at)


def header_positions(tab: Tab, header_row: Sequence[CellValue]) -> tuple[dict[str, int], list[Problem]]:
    """Zero-based position of each contract column found in the header row, by name."""
    wanted = {normalize_header(column.header): column for column in tab.columns}
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(header_row):
        column = wanted.get(normalize_header(str(cell))) if not is_blank(cell) else None
        if column is None:
            continue
        if column.field in positions:
            problems.append(_problem(tab, 1, index, column, "หัวคอลัมน์ซ้ำ ใช้คอลัมน์แรกที่พบ"))
            continue
        positions[column.field] = index
    blanks = blank_header_cells(header_row)
    hint = f" (ช่อง {', '.join(blanks)} ในแถวหัวตารางว่างอยู่)" if blanks else ""
    for column in tab.columns:
        if column.field not in positions and not column.optional:
            need = "จำเป็นต้องมี" if column.required else "ควรมี"
            problems.append(Problem(tab.name, 1, column.header,
                                    f"ไม่พบหัวคอลัมน์ '{column.header}' ({need}) ตรวจว่าพิมพ์ชื่อหัวคอลัมน์ถูกต้อง{hint}"))
    return positions, problems


def parse_tab(tab: Tab, table: RawTable) -> tuple[list[Any], list[Problem]]:
    if not table:
        return [], [Problem(tab.name, 1, "", "แท็บว่าง ไม่มีแถวหัวตาราง")]
    damage = header_damage(tab, table)
    if damage:
        return [], [Problem(tab.name, damage[0], "", damage[1])]
    positions, problems = header_positions(tab, table[0])
    if any(column.required and column.field not in positions for column in tab.columns):
        return [], problems
    records = []
    for row_number, cells in _data_rows(table):
        record, row_problems = _parse_row(tab, positions, row_number, cells)
        problems.extend(row_problems)
        if record is not None:
            records.append(record)
    return records, problems


def _data_rows(table: RawTable) -> Iterator[tuple[int, Sequence[CellValue]]]:
    for offset, cells in enumerate(table[1:]):
        if not all(is_blank(cell) for cell in cells):
            yield offset + 2, cells


def _parse_row(tab: Tab, positions: Mapping[str, int], row_number: int,
               cells: Sequence[CellValue]) -> tuple[Any | None, list[Problem]]:
    values: dict[str, Any] = {"row": row_number}
    problems: list[Problem] = []
    complete = True
    for column in tab.columns:
        index = positions.get(column.field)
        cell = cells[index] if index is not None and index < len(cells) else None
        values[column.field] = None
        if is_blank(cell):
            if column.required and index is not None:
                problems.append(_problem(tab, row_number, index, column, "ช่องนี้ต้องไม่ว่าง"))
                complete = False
            continue
        try:
            values[column.field] = parse_cell(column, cell)
        except CellError as error:
            problems.append(_problem(tab, row_number, index or 0, column, error.reason, cell_text(cell)))
            complete = complete and not column.required
    problems.extend(_row_checks(tab, positions, row_number, values))
    return (RECORD_TYPES[tab.name](**values) if complete else None), problems


def _row_checks(tab: Tab, positions: Mapping[str, int], row_number: int,
                values: Mapping[str, Any]) -> list[Problem]:
    if tab.name == "มาตรการ" and values["start"] and values["end"] and values["end"] < values["start"]:
        column = tab.column("end")
        return [_problem(tab, row_number, positions["end"], column, "วันสิ้นสุดอยู่ก่อนวันเริ่ม")]
    if tab.name == "เกณฑ์":
        weights = [values[name] for name in ("weight_iit", "weight_eit", "weight_oit")]
        if all(weight is not None for weight in weights) and abs(sum(weights) - 1) > 0.001:
            column = tab.column("weight_oit")
            return [_problem(tab, row_number, positions["weight_oit"], column,
                             f"น้ำหนักสามเครื่องมือรวมกันต้องเท่ากับ 1 แต่ได้ {sum(weights):g}")]
    return []


def _problem(tab: Tab, row: int, index: int, column: Column, message: str, value: str = "") -> Problem:
    return Problem(tab.name, row, column.header, message, get_column_letter(index + 1), " ".join(value.split()))
