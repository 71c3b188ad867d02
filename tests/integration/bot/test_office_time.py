"""Bangkok time on a server in UTC: a complaint filed at 23:30 UTC is the next day's, 06:30, in both backends.

The suite runs with TZ=UTC (tests/conftest.py) and the injected clock gives an aware UTC instant, as
the real one does; nothing may fall back to the host's zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from flask import Flask

from app import create_app, runtime_of
from common.config import Config
from sheets.backend import WorkbookBackend
from sheets.flusher import Flusher
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS
from sheets.workbook import parse_workbook
from tests.conftest import FakeClock
from tests.fakes.demo_sheet import seed_demo
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.sheets_cells import Dated
from tests.integration.conftest import quick_messenger

LATE_EVENING_UTC = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
BANGKOK_MORNING = datetime(2026, 11, 24, 6, 30)
CASE = re.compile(r'id="case-no">([0-9-]+)<')


@pytest.fixture(params=["local", "google"])
def office(request: pytest.FixtureRequest, bot_config: Config) -> Iterator[tuple[Flask, WorkbookBackend]]:
    config = bot_config
    backend: WorkbookBackend = LocalWorkbook(config.workbook_path)
    if request.param == "google":
        fake: FakeSheetsApi = request.getfixturevalue("sheets_fake")
        credentials: Path = request.getfixturevalue("google_credentials")
        seed_demo(fake, date(2026, 11, 23))
        config = replace(config, store="google", spreadsheet_id=fake.spreadsheet.id,
                         google_credentials=str(credentials), sheets_api_url=fake.base_url)
        backend = GoogleWorkbook(fake.spreadsheet.id, str(credentials), api_url=fake.base_url, sleep=lambda s: None)
    app = create_app(config, store=backend, clock=FakeClock(LATE_EVENING_UTC),
                     messenger=quick_messenger(config, FakeClock(BANGKOK_MORNING)), flush_interval=None)
    yield app, backend
    runtime_of(app).stop()


def _file_on_the_web_form(app: Flask) -> tuple[str, str]:
    client = app.test_client()
    page = client.get("/complaint").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    answer = client.post("/complaint", data={"csrf_token": csrf.group(1), "category": "จัดซื้อจัดจ้าง",
                                             "details": "มีการฮั้วประมูล", "accused": "กองช่าง"},
                         content_type="multipart/form-data").get_data(as_text=True)
    case = CASE.search(answer)
    assert case, answer
    return case.group(1), answer


def test_a_complaint_at_2330_utc_is_dated_0630_bangkok_next_day(office: tuple[Flask, WorkbookBackend],
                                                                request: pytest.FixtureRequest) -> None:
    app, backend = office
    runtime = runtime_of(app)
    assert runtime.clock() == BANGKOK_MORNING
    case_no, page = _file_on_the_web_form(app)
    assert "9 ธ.ค. 2569" in page  # 15 days from 24 November, not from the 23rd
    assert Flusher(runtime.outbox, backend, runtime.clock).drain().written >= 1

    snapshot = parse_workbook(backend.read_tables(), runtime.clock())
    filed = next(c for c in snapshot.complaints if c.case_no == case_no)
    assert (filed.received, filed.due) == (BANGKOK_MORNING, date(2026, 12, 9))
    received = list(COMPLAINTS.headers).index("วันที่รับ")
    if isinstance(backend, LocalWorkbook):
        sheet = openpyxl.load_workbook(backend.path)[COMPLAINTS.name]
        row = next(r for r in sheet.iter_rows() if r[0].value == case_no)
        assert row[received].is_date and row[received].value == BANGKOK_MORNING
    else:
        fake: FakeSheetsApi = request.getfixturevalue("sheets_fake")
        row = next(r for r in fake.grid(COMPLAINTS.name).rows if r and r[0] == case_no)
        assert isinstance(row[received], Dated) and row[received].formatted() == "24/11/2569 06:30"

