"""Where a keyed change lands, decided on the tab as it is at write time (pure, for both backends).

The row is found again by its key column and each cell by its header, so an admin who sorted the tab
or inserted rows or columns since the person looked loses nothing. A cell that holds neither what the
person saw nor what they chose is never overwritten: the change becomes a ``Conflict`` with the
current values. A cell that already holds the new value counts as written (a retry after a crash).
An optional contract column the tab lacks (``ความพึงพอใจ``) gets its header in row 1, right of every
used column, so admins need not add it first.
A typed column compares values, not text: a date cell holds 23/11/2569, a 0.7 percent cell holds 70; and it
is written typed (``sheets.cell_types``): a date as a date, a number as a number, never as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from common.thaitext import compact, normalize_header
from sheets.cell_types import holds_fractions, is_typed_cell, written_value
from sheets.cells import CellError, CellValue, cell_text, parse_cell
from sheets.schema import TABS_BY_NAME, Column, Kind
from sheets.workbook import RawTable
from state.row_changes import Conflict, RowChange


@dataclass(frozen=True)
class CellWrite:
    row: int
    """1-based row number in the tab."""
    column: int
    """1-based column number in the tab."""
    value: CellValue
    """Text (guarded against formulas), a number, a date or a datetime; "" clears the cell."""
    typed_before: bool = False
    """The cell held a number or a date already: its number format is kept as it is."""


@dataclass
class Plan:
    writes: list[CellWrite] = field(default_factory=list)
    applied: list[RowChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def plan_changes(table: RawTable, changes: Sequence[RowChange]) -> Plan:
    """The cell writes for ``changes`` in order; a later change sees the cells an earlier one wrote."""
    plan = Plan()
    header = [normalize_header(str(cell)) if cell is not None else "" for cell in (table[0] if table else [])]
    plan.writes += _optional_headers(table, header, changes)
    written: dict[tuple[int, int], CellValue] = {}
    for change in changes:
        outcome = _plan_one(table, header, written, change)
        if isinstance(outcome, Conflict):
            plan.conflicts.append(outcome)
            continue
        for cell in outcome:
            written[(cell.row, cell.column)] = cell.value
        plan.writes += outcome
        plan.applied.append(change)
    return plan


def _plan_one(table: RawTable, header: list[str], written: dict[tuple[int, int], CellValue],
              change: RowChange) -> list[CellWrite] | Conflict:
    columns = {cell.header: _column(header, cell.header) for cell in change.cells}
    key_column = _column(header, change.key_header)
    also = {name: _column(header, name) for name, _ in change.also}
    missing = [name for name, index in {**columns, **also}.items() if index is None]
    if key_column is None or missing:
        absent = change.key_header if key_column is None else ", ".join(missing)
        return Conflict(change, {}, f"แท็บ '{change.tab}' ไม่มีคอลัมน์ {absent}")
    rows = [n for n, row in enumerate(table[1:], start=2)
            if same_key(_text(row, key_column), change.key) and _also_holds(change, also, row)]
    if len(rows) != 1:
        found = "ไม่พบ" if not rows else f"พบ {len(rows)} แถว ({', '.join(map(str, rows))}) ที่มี"
        return Conflict(change, {}, f"แท็บ '{change.tab}' {found} {change.key_header} {_named(change)}")
    number = rows[0]
    raw: dict[str, CellValue] = {cell.header: written.get((number, _at(columns, cell.header) + 1),
                                                          _raw(table[number - 1], _at(columns, cell.header)))
                                 for cell in change.cells}
    kinds = {cell.header: _kind_of(change.tab, cell.header) for cell in change.cells}
    if any(not _holds(kinds[c.header], raw[c.header], c.old) and not _holds(kinds[c.header], raw[c.header], c.new)
           for c in change.cells):
        return Conflict(change, {name: _shown(value) for name, value in raw.items()}, "ค่าในชีตเปลี่ยนไปแล้ว")
    return [_write(table, number, _at(columns, cell.header), kinds[cell.header], raw[cell.header], cell.new)
            for cell in change.cells if not _holds(kinds[cell.header], raw[cell.header], cell.new)]


def _write(table: RawTable, number: int, index: int, column: Column | None, current: CellValue,
           text: str) -> CellWrite:
    """The typed cell for ``text``; a percent column kept as fractions (0.5 shown as 50%) gets a fraction."""
    fractions = column is not None and column.kind is Kind.PERCENT and holds_fractions(
        row[index] for row in table[1:] if index < len(row))
    value = written_value(column, text, percent_as_fraction=fractions)
    return CellWrite(number, index + 1, value, typed_before=is_typed_cell(current))


def _also_holds(change: RowChange, also: dict[str, int | None], row: Sequence[CellValue]) -> bool:
    return all(_holds(_kind_of(change.tab, name), _raw(row, _at(also, name)), value) for name, value in change.also)


def _named(change: RowChange) -> str:
    return " ".join([change.key, *(f"{name} {value}" for name, value in change.also)])


def _kind_of(tab: str, name: str) -> Column | None:
    contract = TABS_BY_NAME.get(tab)
    wanted = normalize_header(name)
    return next((c for c in contract.columns if normalize_header(c.header) == wanted), None) if contract else None


def _holds(column: Column | None, value: CellValue, text: str) -> bool:
    """The cell holds ``text``: the same text, or in a typed column the same value (a date cell, 0.7 for 70 %)."""
    current, wanted = _shown(value), text.strip()
    if current == wanted:
        return True
    if column is None or column.kind is Kind.TEXT or not current or not wanted:
        return False
    try:
        return bool(parse_cell(column, value) == parse_cell(column, wanted))
    except CellError:
        return False


def _optional_headers(table: RawTable, header: list[str], changes: Sequence[RowChange]) -> list[CellWrite]:
    """Header cells for the optional contract columns the changes need and the tab lacks (``header`` grows)."""
    writes: list[CellWrite] = []
    width = max((len(row) for row in table), default=0)
    for change in changes:
        tab = TABS_BY_NAME.get(change.tab)
        optional = {column.header for column in tab.columns if column.optional} if tab else set()
        for cell in change.cells:
            if cell.header in optional and _column(header, cell.header) is None:
                header += [""] * (width - len(header)) + [normalize_header(cell.header)]
                width = len(header)
                writes.append(CellWrite(1, width, cell.header))
    return writes


def _column(header: list[str], name: str) -> int | None:
    wanted = normalize_header(name)
    return header.index(wanted) if wanted in header else None


def _at(columns: dict[str, int | None], name: str) -> int:
    index = columns[name]
    assert index is not None
    return index


def same_key(cell: str, key: str) -> bool:
    """A row's key as an admin may type it: ``o10`` is ``O10``, Thai digits and stray spaces count as the same."""
    return compact(cell) == compact(key)


def _text(row: Sequence[CellValue], index: int) -> str:
    return _shown(_raw(row, index))


def _raw(row: Sequence[CellValue], index: int) -> CellValue:
    return row[index] if index < len(row) else None


def _shown(value: CellValue) -> str:
    return cell_text(value).strip() if value is not None else ""
