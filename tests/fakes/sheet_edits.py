"""An officer editing a complaint row in the local workbook, found by its case number."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from sheets.schema import COMPLAINTS


def edit_complaint(path: Path, case_no: str, changes: dict[str, str]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[COMPLAINTS.name]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == case_no)
    for column, value in changes.items():
        row[header.index(column)].value = value
    book.save(path)
