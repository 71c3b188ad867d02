"""The demo workbook's contents, loaded into the Google Sheets fake (as an admin's sheet would hold them)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from common.thaitext import format_sheet_date
from demo.workbook import create_demo_workbook
from sheets.local import LocalWorkbook
from tests.fakes.sheets_api import FakeSheetsApi


def seed_demo(fake: FakeSheetsApi, today: date) -> None:
    with tempfile.TemporaryDirectory() as folder:
        local = LocalWorkbook(Path(folder) / "demo.xlsx")
        create_demo_workbook(local, today)
        tables = local.read_tables()
    for tab, rows in tables.items():
        fake.seed(tab, [[format_sheet_date(c) if isinstance(c, date) else ("" if c is None else c) for c in row]
                        for row in rows])
