"""Where a keyed change lands, decided on the tab as it is at write time (pure, for both backends).

The row is found again by its key column and each cell by its header, so an admin who sorted the tab
or inserted rows or columns since the person looked loses nothing. A cell that holds neither what the
person saw nor what they chose is never overwritten: the change becomes a ``Conflict`` with the
current values. A cell that already holds the new value counts as written (a retry after a crash).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from common.thaitext import normalize_header, to_arabic_digits
from sheets.cells import CellValue, cell_text, safe_text
from sheets.workbook import RawTable
from state.row_changes import Conflict, RowChange


@dataclass(frozen=True)
class CellWrite:
    row: int
    """1-based row number in the tab."""
    column: int
    """1-based column number in the tab."""
    value: str


@dataclass
class Plan:
    writes: list[CellWrite] = field(default_factory=list)
    applied: list[RowChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def plan_changes(table: RawTable, changes: Sequence[RowChange]) -> Plan:
    """The cell writes for ``changes`` in order; a later change sees the cells an earlier one wrote."""
    plan = Plan()
    header = [normalize_header(str(cell)) if cell is not None else "" for cell in (table[0] if table else [])]
    written: dict[tuple[int, int], str] = {}
    for change in changes:
        outcome = _plan_one(table, header, written, change)
        if isinstance(outcome, Conflict):
            plan.conflicts.append(outcome)
            continue
        for cell in outcome:
            written[(cell.row, cell.column)] = cell_text(cell.value)
        plan.writes += outcome
        plan.applied.append(change)
    return plan


def _plan_one(table: RawTable, header: list[str], written: dict[tuple[int, int], str],
              change: RowChange) -> list[CellWrite] | Conflict:
    columns = {cell.header: _column(header, cell.header) for cell in change.cells}
    key_column = _column(header, change.key_header)
    scope = {name: _column(header, name) for name, _ in change.scope}
    missing = [name for name, index in (columns | scope).items() if index is None]
    if key_column is None or missing:
        absent = change.key_header if key_column is None else ", ".join(missing)
        return Conflict(change, {}, f"แท็บ '{change.tab}' ไม่มีคอลัมน์ {absent}")
    rows = [n for n, row in enumerate(table[1:], start=2) if _text(row, key_column) == change.key
            and all(to_arabic_digits(_text(row, _at(scope, name))) == to_arabic_digits(value)
                    for name, value in change.scope)]
    if len(rows) != 1:
        found = "ไม่พบ" if not rows else f"พบ {len(rows)} แถว ({', '.join(map(str, rows))}) ที่มี"
        return Conflict(change, {}, f"แท็บ '{change.tab}' {found} {change.key_header} {change.key}")
    number = rows[0]
    current = {cell.header: written.get((number, _at(columns, cell.header) + 1),
                                        _text(table[number - 1], _at(columns, cell.header)))
               for cell in change.cells}
    if any(current[cell.header] not in (cell.old.strip(), cell.new.strip()) for cell in change.cells):
        return Conflict(change, current, "ค่าในชีตเปลี่ยนไปแล้ว")
    return [CellWrite(number, _at(columns, cell.header) + 1, safe_text(cell.new))
            for cell in change.cells if current[cell.header] != cell.new.strip()]


def _column(header: list[str], name: str) -> int | None:
    wanted = normalize_header(name)
    return header.index(wanted) if wanted in header else None


def _at(columns: dict[str, int | None], name: str) -> int:
    index = columns[name]
    assert index is not None
    return index


def _text(row: Sequence[CellValue], index: int) -> str:
    return cell_text(row[index]).strip() if index < len(row) and row[index] is not None else ""
