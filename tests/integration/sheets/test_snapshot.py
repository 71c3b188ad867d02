"""The snapshot cache: bounded reads, stale-but-served on failure, mtime-triggered refresh."""

import os
import threading

from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from sheets.schema import SCORES
from sheets.snapshot import SnapshotCache
from tests.conftest import FakeClock
from tests.fakes.processes import eventually
from tests.fakes.sheets_api import FakeSheetsApi


def test_thousand_reads_within_ttl_cost_one_request(google_workbook: GoogleWorkbook, sheets_fake: FakeSheetsApi,
                                                    clock: FakeClock) -> None:
    google_workbook.init_schema()
    cache = SnapshotCache(google_workbook, clock, ttl=30)
    batch_gets_before = sheets_fake.calls["batchGet"]
    reads_before = google_workbook.counters.reads
    for _ in range(1000):
        assert cache.get() is not None
        clock.advance(0.02)
    assert google_workbook.counters.reads - reads_before == 1
    assert sheets_fake.calls["batchGet"] - batch_gets_before == 1
    clock.advance(11)
    cache.get()
    assert google_workbook.counters.reads - reads_before == 2


def test_failed_refresh_serves_the_previous_snapshot_and_its_age(google_workbook: GoogleWorkbook,
                                                                 sheets_fake: FakeSheetsApi,
                                                                 clock: FakeClock) -> None:
    google_workbook.init_schema()
    google_workbook.append(SCORES, [{"ปีงบประมาณ": 2568, "ตัวชี้วัดที่": 1, "คะแนน": 90}])
    cache = SnapshotCache(google_workbook, clock, ttl=30)
    first = cache.get()
    sheets_fake.down = True
    clock.advance(45)
    served = cache.get()
    assert served is first and served is not None and len(served.scores) == 1
    status = cache.status()
    assert status.age_seconds == 45 and status.stale and "503" in (status.last_error or "")
    sheets_fake.down = False
    clock.advance(30)
    assert cache.get() is not first and cache.status().last_error is None


def test_no_snapshot_at_all_when_the_first_read_fails(google_workbook: GoogleWorkbook, sheets_fake: FakeSheetsApi,
                                                      clock: FakeClock) -> None:
    sheets_fake.down = True
    cache = SnapshotCache(google_workbook, clock, ttl=30)
    assert cache.get() is None
    assert cache.status().age_seconds is None


def test_local_file_saved_by_an_admin_is_reread_before_the_ttl(local_workbook: LocalWorkbook,
                                                               clock: FakeClock) -> None:
    local_workbook.init_schema()
    cache = SnapshotCache(local_workbook, clock, ttl=3600)
    assert cache.get().scores == ()  # type: ignore[union-attr]
    for _ in range(100):
        cache.get()
    assert local_workbook.counters.reads == 1
    local_workbook.append(SCORES, [{"ปีงบประมาณ": "๒๕๖๘", "ตัวชี้วัดที่": "๑", "คะแนน": "๙๗.๕๐"}])
    stat = local_workbook.path.stat()
    os.utime(local_workbook.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [s.score for s in cache.get().scores] == [97.5]  # type: ignore[union-attr]
    assert local_workbook.counters.reads == 2


def test_a_web_request_does_not_wait_long_for_a_slow_sheet_being_read_by_another_thread(
        google_workbook: GoogleWorkbook, sheets_fake: FakeSheetsApi, clock: FakeClock) -> None:
    """A slow or failing office must not hold the web threads that every office shares."""
    google_workbook.init_schema()
    cache = SnapshotCache(google_workbook, clock, ttl=30)
    sheets_fake.latency = 3.0
    reader = threading.Thread(target=cache.get)
    reader.start()
    assert eventually(lambda: cache._lock.locked(), timeout=10)
    assert cache.get(wait=0.05) is None
    assert reader.is_alive(), "the web request answered while the read was still going on"
    reader.join()
    sheets_fake.latency = 0
    assert cache.get(wait=0.05) is not None
