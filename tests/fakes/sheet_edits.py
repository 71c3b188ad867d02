"""An admin editing the local workbook by hand: a complaint row found by its case number, a setting by its key.

Saved as Excel and LibreOffice save (a new file moved over the old one), so a read by the bot at the same
moment sees the old workbook or the new one, never a half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl

from sheets.schema import COMPLAINTS, MEASURES, SETTINGS


def edit_complaint(path: Path, case_no: str, changes: dict[str, str]) -> None:
    _edit_row(path, COMPLAINTS.name, "เลขที่เรื่อง", case_no, changes)


def edit_measure(path: Path, code: str, changes: dict[str, str]) -> None:
    _edit_row(path, MEASURES.name, "รหัส", code, changes)


def _edit_row(path: Path, tab: str, key: str, value: str, changes: dict[str, str]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[tab]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index(key)].value == value)
    for column, value in changes.items():
        row[header.index(column)].value = value
    _save(book, path)


def edit_setting(path: Path, key: str, value: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[SETTINGS.name]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == key)
    row[1].value = value
    _save(book, path)


def _save(book: openpyxl.Workbook, path: Path) -> None:
    temp = path.with_name(f".{path.name}.edit.tmp")
    book.save(temp)
    os.replace(temp, path)
