"""New records in an .xlsx tab: under the last record, pushing any notes below down; dates as date cells."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

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


def _blank_row(sheet: Worksheet, row: int) -> bool:
    if row > sheet.max_row:
        return True
    return all(is_blank(cell.value) for cell in sheet[row])
