"""What the sheet integration tests share: editing a tab as an admin would, on the backend under test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from common.thaitext import format_sheet_date, normalize_header
from sheets.backend import WorkbookBackend
from sheets.cell_types import DATED
from sheets.cells import CellValue, cell_text, is_blank, parse_cell
from sheets.local import LocalWorkbook
from sheets.schema import Tab
from tests.fakes.sheets_api import FakeSheetsApi

Rows = list[list[Any]]


@pytest.fixture
def put_rows(request: pytest.FixtureRequest, backend: WorkbookBackend) -> Callable[[str, Rows], None]:
    """Replace a tab's whole content, as an admin editing the sheet would leave it."""

    def in_xlsx(tab: str, rows: Rows) -> None:
        assert isinstance(backend, LocalWorkbook)
        book = openpyxl.load_workbook(backend.path)
        book.remove(book[tab])
        sheet = book.create_sheet(tab)
        for number, row in enumerate(rows, start=1):
            for col, value in enumerate(row, start=1):
                sheet.cell(row=number, column=col, value=None if value == "" else value)
        book.save(backend.path)

    def in_google(tab: str, rows: Rows) -> None:
        fake: FakeSheetsApi = request.getfixturevalue("sheets_fake")
        fake.seed(tab, rows)

    backend.init_schema()
    return in_xlsx if isinstance(backend, LocalWorkbook) else in_google


def shown(tab: Tab, header: object, value: CellValue) -> str:
    """A cell as the sheet shows it: a date cell (a datetime from the .xlsx, a serial from Google) as 07/12/2569."""
    if is_blank(value):
        return ""
    column = next((c for c in tab.columns if normalize_header(c.header) == normalize_header(str(header))), None)
    if column is not None and column.kind in DATED and not isinstance(value, str):
        return format_sheet_date(parse_cell(column, value))
    return cell_text(value)
