"""Cells of an .xlsx tab as the bot writes them: new records under the last one (pushing any notes below
down), and single cells of existing rows; dates as date cells in the column's own date format, numbers as
numbers, text never a formula."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from openpyxl.cell.cell import Cell
from openpyxl.styles.numbers import is_date_format
from openpyxl.worksheet.worksheet import Worksheet

from sheets.cells import CellValue, is_blank

DATE_FORMAT = "[$-1070000]d/mm/yyyy"
"""Excel's Thai Buddhist calendar (calendar 07) with Arabic digits: 24/11/2569, as admins type it."""
DATE_TIME_FORMAT = DATE_FORMAT + " hh:mm"


def write_rows(sheet: Worksheet, after_row: int, rows: Sequence[Sequence[CellValue]]) -> None:
    """Rows right under row ``after_row``; rows are inserted when what is there is not blank."""
    if not all(_blank_row(sheet, after_row + offset) for offset in range(1, len(rows) + 1)):
        sheet.insert_rows(after_row + 1, len(rows))
    for offset, cells in enumerate(rows, start=1):
        for col, value in enumerate(cells, start=1):
            cell = sheet.cell(row=after_row + offset, column=col)
            cell.value = None if value == "" else value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, datetime):
                cell.number_format = DATE_TIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT


def write_cell(sheet: Worksheet, row: int, column: int, value: CellValue) -> None:
    """One cell of an existing row: a date keeps the cell's date format, else takes the column's (or ours)."""
    cell = sheet.cell(row=row, column=column)
    dated = is_date_format(cell.number_format)  # before the value: openpyxl gives a date its own format
    cell.value = None if value == "" else value
    if isinstance(value, str) and value:
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, date) and not dated:
        cell.number_format = _column_date_format(sheet, column, row) or (
            DATE_TIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT)


def _column_date_format(sheet: Worksheet, column: int, skip: int) -> str | None:
    """The number format of another date cell in the column (the admins' or ours), if any has one."""
    for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        if isinstance(cell, Cell) and cell.row != skip and isinstance(cell.value, date) and cell.is_date:
            return str(cell.number_format)
    return None


def _blank_row(sheet: Worksheet, row: int) -> bool:
    if row > sheet.max_row:
        return True
    return all(is_blank(cell.value) for cell in sheet[row])
