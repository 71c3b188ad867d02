"""The running bot on a Google Sheet: Drive's feed and the push reach the office's snapshot through the watch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask

from app import create_app, runtime_of
from common.config import Config
from sheets.google import GoogleWorkbook
from sheets.push_token import push_token
from sheets.schema import SETTINGS
from sheets.sheet_watch import SheetWatch
from tests.conftest import FakeClock
from tests.fakes.drive_api import FakeDriveApi
from tests.fakes.sheets_api import FakeSheetsApi


@pytest.fixture
def drive_fake(sheets_fake: FakeSheetsApi, clock: FakeClock) -> Iterator[FakeDriveApi]:
    fake = FakeDriveApi(sheets_fake, lambda: clock().timestamp())
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def google_app(bot_config: Config, google_workbook: GoogleWorkbook, sheets_fake: FakeSheetsApi,
               google_credentials: Path, drive_fake: FakeDriveApi, clock: FakeClock) -> Iterator[Flask]:
    google_workbook.init_schema()
    config = replace(bot_config, store="google", spreadsheet_id=sheets_fake.spreadsheet.id,
                     google_credentials=str(google_credentials), sheets_api_url=sheets_fake.base_url,
                     drive_api_url=drive_fake.base_url)
    app = create_app(config, clock=clock, flush_interval=None)
    yield app
    runtime_of(app).stop()


def org_name(app: Flask) -> str:
    snapshot = runtime_of(app).snapshots.peek()
    return snapshot.settings.get("org_name", "") if snapshot else ""


def test_an_edit_seen_by_drive_and_one_pushed_reach_the_snapshot(google_app: Flask, sheets_fake: FakeSheetsApi,
                                                                 drive_fake: FakeDriveApi, clock: FakeClock) -> None:
    watch: SheetWatch = google_app.extensions["ita_sheet_watch"]
    assert runtime_of(google_app).warmed.wait(30)  # the first read, in the background, is done
    watch.poll_once()
    watch.tick()
    assert runtime_of(google_app).snapshots.peek() is not None and not runtime_of(google_app).snapshots.timer
    sheets_fake.seed(SETTINGS.name, [list(SETTINGS.headers), ["org_name", "อบต.ก่อนแก้", ""]])
    drive_fake.edit(sheets_fake.spreadsheet.id, delay=60)
    clock.advance(61)
    watch.poll_once()
    watch.tick()
    assert org_name(google_app) == "อบต.ก่อนแก้"
    sheets_fake.seed(SETTINGS.name, [list(SETTINGS.headers), ["org_name", "อบต.หลังแก้", ""]])
    token = push_token(str(google_app.secret_key), "default")
    answer = google_app.test_client().post("/sheet-changed", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 204
    watch.tick()
    assert org_name(google_app) == "อบต.หลังแก้"
