"""Where a record goes in a tab an admin has edited: under the header in row 1, after the last record.

Admins clear A1, insert columns, leave blank rows and write notes under the table. A new record goes
right after the last row that holds a record (two or more cells under contract headers), so it never
lands above the header, after a note, or twice; and a tab whose row 1 is not its header is not written.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter

from common.thaitext import normalize_header
from sheets.cell_types import is_typed, written_value
from sheets.cells import CellValue, is_blank
from sheets.schema import Tab

SEARCH_ROWS = 20
"""How far down a moved header is looked for, to say where it went."""


def _contract_hits(tab: Tab, row: Sequence[CellValue]) -> int:
    wanted = {normalize_header(header) for header in tab.headers}
    return sum(1 for cell in row if not is_blank(cell) and normalize_header(str(cell)) in wanted)


def header_damage(tab: Tab, table: Sequence[Sequence[CellValue]]) -> tuple[int, str] | None:
    """(row, Thai message) when row 1 is not the tab's header row; None when it is (or the tab is empty)."""
    if all(is_blank(cell) for row in table for cell in row):
        return None
    first = _contract_hits(tab, table[0])
    for number, row in enumerate(table[1:SEARCH_ROWS], start=2):
        if _contract_hits(tab, row) > max(first, 1):
            return number, (f"หัวตารางเลื่อนลงไปอยู่แถว {number} แต่ต้องอยู่แถว 1: ลบหรือย้ายแถวที่อยู่เหนือหัวตาราง "
                            "(บอทจะไม่เขียนแท็บนี้จนกว่าจะแก้)")
    if first == 0:
        return 1, ("แถว 1 ไม่มีหัวคอลัมน์ของแท็บนี้เลย: ใส่หัวคอลัมน์กลับในแถว 1 (ถ้าแถว 1 ว่าง สั่ง ita-bot sheet init "
                   "ให้ใส่ให้) บอทจะไม่เขียนแท็บนี้จนกว่าจะแก้")
    return None


def blank_header_cells(header: Sequence[CellValue]) -> list[str]:
    """Letters of blank cells inside the header row (a cleared A1, an inserted column)."""
    last = max((i for i, cell in enumerate(header) if not is_blank(cell)), default=-1)
    return [get_column_letter(i + 1) + "1" for i in range(last) if is_blank(header[i])]


def last_record_row(tab: Tab, table: Sequence[Sequence[CellValue]]) -> int:
    """The 1-based row after which new records go: the last record's row, or the header's."""
    wanted = {normalize_header(header) for header in tab.headers}
    header = table[0] if table else []
    columns = [i for i, cell in enumerate(header) if not is_blank(cell) and normalize_header(str(cell)) in wanted]
    last = 1
    for number, row in enumerate(table[1:], start=2):
        if sum(1 for i in columns if i < len(row) and not is_blank(row[i])) >= 2:
            last = number
    return last


def typed_cells(tab: Tab, header: Sequence[CellValue], cells: Sequence[CellValue]) -> list[CellValue]:
    """Cells with date and number columns typed (``sheets.cell_types``): the outbox keeps them as text like
    24/11/2569 06:30 or 2569; text columns keep their text."""
    columns = {normalize_header(column.header): column for column in tab.columns}
    typed = list(cells)
    for index, value in enumerate(typed):
        name = header[index] if index < len(header) else None
        column = columns.get(normalize_header(str(name))) if not is_blank(name) else None
        if is_typed(column) and isinstance(value, str) and value.strip():
            typed[index] = written_value(column, value)
    return typed
