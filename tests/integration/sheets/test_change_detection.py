"""Reading a sheet when it changed: Drive's changes feed (delayed, own writes ignored, page token kept),
the hourly sweep, the TTL timer only while nothing watches, and one read shared by instances on Redis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sheets.drive_changes import DriveChanges
from sheets.google import GoogleWorkbook
from sheets.google_http import DRIVE_ORIGIN, DRIVE_SCOPE, SHEETS_SCOPE, google_session
from sheets.sheet_watch import SheetWatch, WatchedOffice
from sheets.snapshot import SnapshotCache
from state.page_tokens import SqlitePageTokens
from state.redis_store import connect_redis
from state.shared_snapshot import RedisSnapshot
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.fakes.drive_api import FakeDriveApi
from tests.fakes.sheets_api import FakeSheetsApi


@pytest.fixture
def drive_fake(sheets_fake: FakeSheetsApi, clock: FakeClock) -> Iterator[FakeDriveApi]:
    fake = FakeDriveApi(sheets_fake, lambda: clock().timestamp())
    fake.start()
    yield fake
    fake.stop()


def feed(drive: FakeDriveApi, credentials: Path, tokens: SqlitePageTokens, changed: list[str],
         scopes: tuple[str, ...] = (DRIVE_SCOPE,)) -> DriveChanges:
    session = google_session(str(credentials), scopes, DRIVE_ORIGIN, api_url=drive.base_url)
    return DriveChanges(session, tokens, "ita-bot@fake", lambda file_id: changed.append(file_id) is None, timeout=5)


def test_an_admin_edit_is_seen_once_drive_lists_it_and_our_own_writes_are_not(
        tmp_path: Path, drive_fake: FakeDriveApi, google_credentials: Path, clock: FakeClock) -> None:
    changed: list[str] = []
    tokens = SqlitePageTokens(tmp_path / "drive.sqlite3")
    drive = feed(drive_fake, google_credentials, tokens, changed)
    assert drive.poll_once() == 0 and drive.live  # the first call only takes the start token
    drive_fake.edit("sheet-a", delay=90)
    drive_fake.edit("sheet-b", by_me=True, delay=30)
    clock.advance(60)
    assert drive.poll_once() == 0 and changed == []
    clock.advance(31)
    assert drive.poll_once() == 1 and changed == ["sheet-a"]
    restarted = feed(drive_fake, google_credentials, tokens, changed)  # the page token survived the restart
    assert restarted.poll_once() == 0 and changed == ["sheet-a"]
    assert drive_fake.calls["changes"] == 3 and drive_fake.calls["startPageToken"] == 1


def test_the_drive_fake_refuses_what_the_discovery_document_does_not_list(
        drive_fake: FakeDriveApi, google_credentials: Path) -> None:
    session = google_session(str(google_credentials), [DRIVE_SCOPE], DRIVE_ORIGIN, api_url=drive_fake.base_url)
    answer = session.get(f"{DRIVE_ORIGIN}/drive/v3/changes", params={"pageToken": "1", "since": "x"}, timeout=5)
    assert answer.status_code == 400 and "Unknown name" in answer.json()["error"]["message"]
    assert session.get(f"{DRIVE_ORIGIN}/drive/v3/changes/startPageToken", timeout=5).json()["kind"] == \
        "drive#startPageToken"


def test_without_drive_the_office_keeps_its_timer_and_with_it_drops_the_timer(
        tmp_path: Path, drive_fake: FakeDriveApi, google_credentials: Path, google_workbook: GoogleWorkbook,
        clock: FakeClock) -> None:
    watch = SheetWatch(clock)
    cache = SnapshotCache(google_workbook, clock)
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    watch.add(WatchedOffice("muaklek", cache, "fake-sheet-id", "ita-bot@fake", None,
                            lambda job, period: state.claim_job(job, period, clock())))
    tokens = SqlitePageTokens(tmp_path / "drive.sqlite3")
    watch.feeds = [feed(drive_fake, google_credentials, tokens, [], scopes=(SHEETS_SCOPE,))]
    watch.poll_once()
    assert cache.timer  # 403: the key has no Drive scope
    watch.feeds = [DriveChanges(watch.feeds[0].session, tokens, "ita-bot@fake", watch.mark_file)]
    watch.feeds[0].session = google_session(str(google_credentials), [DRIVE_SCOPE], DRIVE_ORIGIN,
                                            api_url=drive_fake.base_url)
    watch.poll_once()
    assert not cache.timer
    google_workbook.init_schema()
    cache.get()
    drive_fake.edit("fake-sheet-id", delay=45)
    clock.advance(46)
    assert not cache.refresh_due()
    assert watch.poll_once() == 1 and cache.refresh_due()


def test_the_sweep_marks_each_office_about_hourly_and_once_across_instances(
        tmp_path: Path, google_workbook: GoogleWorkbook, clock: FakeClock) -> None:
    google_workbook.init_schema()
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    caches = [SnapshotCache(google_workbook, clock) for _ in range(2)]
    watches = [SheetWatch(clock) for _ in caches]
    for watch, cache in zip(watches, caches, strict=True):
        cache.timer = False
        watch.add(WatchedOffice("muaklek", cache, None, None, None,
                                lambda job, period: state.claim_job(job, period, clock())))
    marks = 0
    for _ in range(3 * 60):  # three hours, a tick a minute on each of two instances
        for watch, cache in zip(watches, caches, strict=True):
            before = cache.shared.changes()
            watch.tick()
            marks += cache.shared.changes() - before
        clock.advance(60)
    assert 3 <= marks <= 4


def test_on_redis_one_instance_reads_and_the_other_loads_its_read(redis_url: str, google_workbook: GoogleWorkbook,
                                                                  sheets_fake: FakeSheetsApi,
                                                                  clock: FakeClock) -> None:
    google_workbook.init_schema()
    client = connect_redis(redis_url)
    client.delete(*client.keys("ita:{share-test}:*") or ["none"])
    first, second = (SnapshotCache(google_workbook, clock, shared=RedisSnapshot(client, "ita:{share-test}:"))
                     for _ in range(2))
    for cache in (first, second):
        cache.timer = False
    reads = sheets_fake.calls["batchGet"]
    assert first.get() is not None and second.get() is not None
    assert sheets_fake.calls["batchGet"] == reads + 1
    sheets_fake.seed("ตั้งค่า", [["รายการ", "ค่า", "คำอธิบาย"], ["org_name", "อบต.ทดสอบ", ""]])
    second.mark_changed()  # a push reached the second instance
    clock.advance(5)
    assert first.get().settings.get("org_name") == "อบต.ทดสอบ"  # type: ignore[union-attr]
    assert second.get().settings.get("org_name") == "อบต.ทดสอบ"  # type: ignore[union-attr]
    assert sheets_fake.calls["batchGet"] == reads + 2


def test_an_idle_office_on_the_timer_is_read_once_by_the_watch_then_only_by_its_questions(
        google_workbook: GoogleWorkbook, sheets_fake: FakeSheetsApi, clock: FakeClock) -> None:
    google_workbook.init_schema()
    watch, cache = SheetWatch(clock), SnapshotCache(google_workbook, clock, ttl=30)
    watch.add(WatchedOffice("muaklek", cache, None, None, None, lambda job, period: False))
    reads = sheets_fake.calls["batchGet"]
    for _ in range(60):  # five idle minutes, a tick every 5 s
        watch.tick()
        clock.advance(5)
    assert sheets_fake.calls["batchGet"] == reads + 1
    assert cache.get() is not None and sheets_fake.calls["batchGet"] == reads + 2  # a question, past the TTL
