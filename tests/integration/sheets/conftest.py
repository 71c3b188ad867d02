"""What the sheet integration tests share: editing a tab as an admin would, on the backend under test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import openpyxl
import pytest

from sheets.backend import WorkbookBackend
from sheets.local import LocalWorkbook
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
