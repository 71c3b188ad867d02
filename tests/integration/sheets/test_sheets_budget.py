"""The Sheets budget against the Google fake: one request per refresh, nothing sent past the budget,
the last snapshot served meanwhile, queued rows written when the minute has room; Google's 429 shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheets.backend import TransientError
from sheets.budget import SheetsBudget, local_budget
from sheets.flusher import Flusher
from sheets.google import GoogleWorkbook
from sheets.google_http import SHEETS_ORIGIN, SHEETS_SCOPE, google_session
from sheets.schema import COMPLAINTS, SCORES
from sheets.snapshot import SnapshotCache
from state.outbox import Outbox
from tests.conftest import FakeClock
from tests.fakes.google_quota import Quota
from tests.fakes.sheets_api import FakeSheetsApi


def metered(fake: FakeSheetsApi, credentials: Path, budget: SheetsBudget) -> GoogleWorkbook:
    return GoogleWorkbook(fake.spreadsheet.id, str(credentials), api_url=fake.base_url, timeout=5,
                          sleep=lambda seconds: None, budget=budget)


def test_a_refresh_is_one_batch_get_without_a_metadata_request(google_workbook: GoogleWorkbook,
                                                               sheets_fake: FakeSheetsApi, google_credentials: Path,
                                                               clock: FakeClock) -> None:
    google_workbook.init_schema()
    workbook = metered(sheets_fake, google_credentials, local_budget(clock))
    before = sheets_fake.calls.copy()
    cache = SnapshotCache(workbook, clock, ttl=30)
    assert cache.get() is not None
    cache.mark_changed()
    assert cache.get() is not None
    assert sheets_fake.calls["batchGet"] - before["batchGet"] == 2
    assert sheets_fake.calls["metadata"] == before["metadata"]


def test_a_missing_tab_lists_the_tabs_once_then_reads_in_one_request(sheets_fake: FakeSheetsApi,
                                                                     google_credentials: Path,
                                                                     clock: FakeClock) -> None:
    sheets_fake.seed(SCORES.name, [list(SCORES.headers), [2568, 1, 90]])
    workbook = metered(sheets_fake, google_credentials, local_budget(clock))
    assert SCORES.name in workbook.read_tables()
    assert sheets_fake.calls["metadata"] == 1
    workbook.read_tables()
    assert sheets_fake.calls["metadata"] == 1 and sheets_fake.calls["batchGet"] == 3  # the first one got 400


def test_past_the_budget_nothing_is_sent_and_the_last_snapshot_is_served(google_workbook: GoogleWorkbook,
                                                                         sheets_fake: FakeSheetsApi,
                                                                         google_credentials: Path,
                                                                         clock: FakeClock) -> None:
    google_workbook.init_schema()
    cache = SnapshotCache(metered(sheets_fake, google_credentials, local_budget(clock, reads=1)), clock, ttl=30)
    first = cache.get()
    reads = sheets_fake.calls["batchGet"]
    cache.mark_changed()
    clock.advance(20)
    assert cache.get() is first and cache.status().last_error is None
    assert sheets_fake.calls["batchGet"] == reads
    clock.advance(41)
    assert cache.get() is not first and sheets_fake.calls["batchGet"] == reads + 1


def test_queued_rows_wait_for_room_in_the_budget(tmp_path: Path, google_workbook: GoogleWorkbook,
                                                 sheets_fake: FakeSheetsApi, google_credentials: Path,
                                                 clock: FakeClock) -> None:
    google_workbook.init_schema()
    budget = local_budget(clock, reads=50, writes=1)
    outbox = Outbox(tmp_path / "outbox.sqlite3", "k" * 32)
    outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "วันที่รับ": "23/11/2569"}, clock())
    budget.spend("write")
    flusher = Flusher(outbox, metered(sheets_fake, google_credentials, budget), clock, budget=budget)
    writes = sheets_fake.calls["batchUpdate"]
    assert flusher.flush_once().written == 0 and outbox.depth() == 1
    assert sheets_fake.calls["batchUpdate"] == writes
    clock.advance(60)
    assert flusher.flush_once().written == 1 and outbox.depth() == 0
    assert [row[0] for row in sheets_fake.grid(COMPLAINTS.name).rows[1:]] == ["2570-0001"]
    outbox.close()


def test_the_fake_answers_googles_quota_error_past_sixty_reads_a_minute(sheets_fake: FakeSheetsApi,
                                                                        google_credentials: Path,
                                                                        clock: FakeClock) -> None:
    sheets_fake.quota = Quota(lambda: clock().timestamp())
    session = google_session(str(google_credentials), [SHEETS_SCOPE], SHEETS_ORIGIN, api_url=sheets_fake.base_url)
    url = f"{SHEETS_ORIGIN}/v4/spreadsheets/{sheets_fake.spreadsheet.id}"
    statuses = [session.get(url, timeout=5).status_code for _ in range(61)]
    assert statuses == [200] * 60 + [429]
    error = session.get(url, timeout=5).json()["error"]
    assert error["code"] == 429 and error["status"] == "RESOURCE_EXHAUSTED"
    assert error["details"][0]["reason"] == "RATE_LIMIT_EXCEEDED"
    assert sheets_fake.quota.rejected == 2
    clock.advance(60)
    assert session.get(url, timeout=5).status_code == 200


def test_a_429_is_still_retried_with_backoff_then_reported(google_workbook: GoogleWorkbook,
                                                           sheets_fake: FakeSheetsApi) -> None:
    google_workbook.init_schema()
    sheets_fake.faults.extend(["429"] * 5)
    with pytest.raises(TransientError, match="เกินโควตา"):
        google_workbook.read_tables()
    assert google_workbook.read_tables() is not None


