"""An admin editing the local workbook by hand: a complaint row found by its case number, a setting by its key."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from sheets.schema import COMPLAINTS, SETTINGS


def edit_complaint(path: Path, case_no: str, changes: dict[str, str]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[COMPLAINTS.name]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == case_no)
    for column, value in changes.items():
        row[header.index(column)].value = value
    book.save(path)


def edit_setting(path: Path, key: str, value: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[SETTINGS.name]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == key)
    row[1].value = value
    book.save(path)
