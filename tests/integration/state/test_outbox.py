"""Durable, batched, exactly-once writes through the outbox, under injected Google failures."""

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from sheets.backend import WorkbookBackend
from sheets.flusher import Flusher
from sheets.google import GoogleWorkbook
from sheets.schema import COMPLAINTS, JOB_LOG, TABS_BY_NAME
from state.outbox import Outbox, OutboxStore
from state.stores import open_stores
from tests.conftest import FakeClock
from tests.fakes.sheets_api import FakeSheetsApi


def complaint(n: int) -> dict[str, str]:
    return {"เลขที่เรื่อง": f"2570-{n:04d}", "วันที่รับ": "23/11/2569 09:00", "รายละเอียด": f"เรื่องที่ {n}"}


@pytest.fixture
def outbox(tmp_path: Path, state_url: str) -> Iterator[OutboxStore]:
    """The outbox on each state backend: SQLite file or Redis."""
    stores = open_stores(state_url, tmp_path / "state", "k" * 32)
    yield stores.outbox
    stores.close()


def case_numbers(backend: WorkbookBackend) -> Counter[str]:
    table = backend.read_tables()[COMPLAINTS.name]
    return Counter(str(row[0]) for row in table[1:])


def test_a_queued_record_survives_reopening_and_is_queued_once(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "outbox.sqlite3"
    first = Outbox(path, "k" * 32)
    assert first.put_record(COMPLAINTS, complaint(1), clock())
    first.close()
    again = Outbox(path, "k" * 32)
    assert not again.put_record(COMPLAINTS, complaint(1), clock())
    assert again.depth() == 1
    with pytest.raises(ValueError):
        again.put_record(COMPLAINTS, {"รายละเอียด": "ไม่มีเลขที่เรื่อง"}, clock())


def test_both_backends_receive_each_record_once(backend: WorkbookBackend, outbox: OutboxStore,
                                                clock: FakeClock) -> None:
    backend.init_schema()
    for n in range(1, 251):
        outbox.put_record(COMPLAINTS, complaint(n), clock())
    outbox.put_record(JOB_LOG, {"เวลา": "23/11/2569 08:30", "งาน": "weekly-digest", "รหัสรายการ": "w-2570-08"},
                      clock())
    writes_before = backend.counters.writes
    report = Flusher(outbox, backend, clock, batch_size=100).drain()
    assert report.written == 251 and outbox.depth() == 0
    assert backend.counters.writes - writes_before == 4  # 3 complaint batches + 1 job-log batch
    assert set(case_numbers(backend).values()) == {1} and len(case_numbers(backend)) == 250


def test_burst_of_600_complaints_takes_at_most_60_write_requests(google_workbook: GoogleWorkbook,
                                                                  outbox: OutboxStore, clock: FakeClock) -> None:
    google_workbook.init_schema()
    flusher = Flusher(outbox, google_workbook, clock, batch_size=100)
    writes_before = google_workbook.counters.writes
    for n in range(1, 601):
        outbox.put_record(COMPLAINTS, complaint(n), clock())
        if n % 10 == 0:
            clock.advance(1)
            flusher.flush_once()
    flusher.drain()
    assert outbox.depth() == 0
    assert google_workbook.counters.writes - writes_before <= 60


@pytest.mark.parametrize("fault", ["429", "503", "drop", "lost", "500"])
def test_every_failure_kind_ends_with_exactly_one_row(fault: str, google_workbook: GoogleWorkbook,
                                                      sheets_fake: FakeSheetsApi, outbox: OutboxStore,
                                                      clock: FakeClock) -> None:
    google_workbook.init_schema()
    for n in range(1, 21):
        outbox.put_record(COMPLAINTS, complaint(n), clock())
    flusher = Flusher(outbox, google_workbook, clock, batch_size=50, rng=random.Random(1))
    sheets_fake.faults.extend(["pass", fault] + [fault] * 6)  # header read passes, the append fails
    first = flusher.flush_once()
    assert first.written == 0 and first.failed == 20 and outbox.depth() == 20
    assert flusher.flush_once().written == 0, "a deferred batch waits out its backoff"
    sheets_fake.faults.clear()
    clock.advance(3600)
    flusher.drain()
    assert outbox.depth() == 0
    assert case_numbers(google_workbook) == Counter({f"2570-{n:04d}": 1 for n in range(1, 21)})


def test_quota_errors_on_append_are_retried_inside_the_call(google_workbook: GoogleWorkbook,
                                                            sheets_fake: FakeSheetsApi, outbox: OutboxStore,
                                                            clock: FakeClock) -> None:
    google_workbook.init_schema()
    outbox.put_record(COMPLAINTS, complaint(1), clock())
    sheets_fake.faults.extend(["pass", "429", "429"])
    assert Flusher(outbox, google_workbook, clock).flush_once().written == 1


def test_the_local_file_open_in_libreoffice_defers_writes(local_workbook, outbox: OutboxStore,  # type: ignore[no-untyped-def]
                                                          clock: FakeClock) -> None:
    local_workbook.init_schema()
    lock = local_workbook.path.with_name(f".~lock.{local_workbook.path.name}#")
    lock.write_text("admin")
    outbox.put_record(COMPLAINTS, complaint(1), clock())
    report = Flusher(outbox, local_workbook, clock).flush_once()
    assert report.failed == 1 and "LibreOffice" in report.errors[0]
    lock.unlink()
    clock.advance(3600)
    assert Flusher(outbox, local_workbook, clock).drain().written == 1


def test_writable_tabs_have_a_key_column() -> None:
    for tab in TABS_BY_NAME.values():
        if tab.writable:
            assert tab.key in tab.headers


def test_two_flushers_at_once_never_send_the_same_rows(google_workbook: GoogleWorkbook, outbox: OutboxStore,
                                                      clock: FakeClock, sheets_fake: FakeSheetsApi) -> None:
    import threading

    google_workbook.init_schema()
    for n in range(1, 301):
        outbox.put_record(COMPLAINTS, complaint(n), clock())
    sheets_fake.latency = 0.01  # both threads are inside a request at the same time
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        Flusher(outbox, google_workbook, clock, batch_size=25).drain()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    sheets_fake.latency = 0
    assert outbox.depth() == 0
    assert case_numbers(google_workbook) == Counter({f"2570-{n:04d}": 1 for n in range(1, 301)})
