"""The state-store contract: SQLite (default) and Redis (ITA_STATE_URL=redis://) behave the same."""

from __future__ import annotations

import signal
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import redis

from sheets.schema import COMPLAINTS
from state.complaint_ledger import DuplicateReceiptError
from state.redis_store import check_durability, connect_redis
from state.store import Session
from state.stores import Stores, open_stores
from tests.conftest import FakeClock
from tests.fakes.redis_server import RedisServer
from tests.integration.state.conftest import SECRET, reopen


def complaint(n: int) -> dict[str, str]:
    return {"เลขที่เรื่อง": f"2570-{n:04d}", "รายละเอียด": f"เรื่องที่ {n}"}


def test_an_event_is_claimed_once_across_instances(stores: Stores, state_url: str, tmp_path: Path,
                                                   clock: FakeClock) -> None:
    other = reopen(state_url, tmp_path)
    assert stores.state.claim_event("01EVENT", clock())
    assert not other.state.claim_event("01EVENT", clock())
    assert not stores.state.claim_event("01EVENT", clock())
    assert other.state.claim_event("01OTHER", clock())


def test_a_session_continues_on_another_instance_and_can_be_cleared(stores: Stores, state_url: str,
                                                                    tmp_path: Path, clock: FakeClock) -> None:
    stores.state.save_session("u1", Session("complaint", "details", clock(), {"text": ["ถนนพัง"], "n": 2}))
    loaded = reopen(state_url, tmp_path).state.load_session("u1")
    assert loaded == Session("complaint", "details", clock(), {"text": ["ถนนพัง"], "n": 2})
    stores.state.clear_session("u1")
    assert reopen(state_url, tmp_path).state.load_session("u1") is None
    assert stores.state.load_session("nobody") is None


def test_a_job_runs_once_per_period_until_released(stores: Stores, state_url: str, tmp_path: Path,
                                                  clock: FakeClock) -> None:
    other = reopen(state_url, tmp_path)
    assert stores.state.claim_job("weekly-digest", "2569-W48", clock())
    assert not other.state.claim_job("weekly-digest", "2569-W48", clock())
    assert other.state.claim_job("weekly-digest", "2569-W49", clock())
    stores.state.release_job("weekly-digest", "2569-W48")
    assert other.state.claim_job("weekly-digest", "2569-W48", clock())


def test_offices_do_not_share_state(stores: Stores, state_url: str, tmp_path: Path, clock: FakeClock) -> None:
    other_office = open_stores(state_url, tmp_path / "var-b", SECRET, "office-b")
    assert stores.state.claim_event("01EVENT", clock()) and other_office.state.claim_event("01EVENT", clock())
    stores.outbox.put_record(COMPLAINTS, complaint(1), clock())
    assert other_office.outbox.depth() == 0
    assert stores.ledger.next_case_number(2570, 0) == other_office.ledger.next_case_number(2570, 0) == "2570-0001"
    stores.ledger.count("file:all", "2026-11-23T09", add=True)
    assert other_office.ledger.count("file:all", "2026-11-23T09", add=False) == 0, "limits are per office"


def test_outbox_queues_a_record_once_and_keeps_it_across_restarts(stores: Stores, state_url: str, tmp_path: Path,
                                                                  clock: FakeClock) -> None:
    assert stores.outbox.put_record(COMPLAINTS, complaint(1), clock())
    assert not reopen(state_url, tmp_path).outbox.put_record(COMPLAINTS, complaint(1), clock())
    assert reopen(state_url, tmp_path).outbox.depth() == 1
    with pytest.raises(ValueError):
        stores.outbox.put_record(COMPLAINTS, {"รายละเอียด": "ไม่มีเลขที่เรื่อง"}, clock())


def test_outbox_claims_in_order_with_a_lease(stores: Stores, state_url: str, tmp_path: Path,
                                            clock: FakeClock) -> None:
    for n in range(1, 6):
        stores.outbox.put_record(COMPLAINTS, complaint(n), clock())
    assert stores.outbox.tabs_due(clock()) == [COMPLAINTS.name]
    first = stores.outbox.due(COMPLAINTS.name, clock(), 3)
    assert [e.record_id for e in first] == ["2570-0001", "2570-0002", "2570-0003"]
    assert first[0].row == complaint(1) and first[0].attempts == 0
    other = reopen(state_url, tmp_path).outbox
    assert [e.record_id for e in other.due(COMPLAINTS.name, clock(), 10)] == ["2570-0004", "2570-0005"]
    assert other.due(COMPLAINTS.name, clock(), 10) == [], "everything is leased"
    stores.outbox.mark_attempt(first[:1])
    clock.advance(121)  # the first consumer crashed: its lease ends, another takes the records again
    again = other.due(COMPLAINTS.name, clock(), 10)
    assert [e.record_id for e in again][:3] == ["2570-0001", "2570-0002", "2570-0003"]
    assert again[0].attempts == 1 and again[1].attempts == 0


def test_outbox_done_records_leave_the_queue_and_deferred_ones_wait(stores: Stores, clock: FakeClock) -> None:
    for n in range(1, 4):
        stores.outbox.put_record(COMPLAINTS, complaint(n), clock())
    entries = stores.outbox.due(COMPLAINTS.name, clock(), 10)
    stores.outbox.mark_done(entries[:1], clock())
    stores.outbox.defer(entries[1:], clock() + timedelta(minutes=5), "HTTP 503")
    assert stores.outbox.depth() == 2
    clock.advance(150)
    assert stores.outbox.tabs_due(clock()) == [] and stores.outbox.due(COMPLAINTS.name, clock(), 10) == []
    assert stores.outbox.tabs_due(clock(), waiting_too=True) == [COMPLAINTS.name]
    assert len(stores.outbox.due(COMPLAINTS.name, clock(), 10, waiting_too=True)) == 2
    clock.advance(600)
    assert not stores.outbox.put_record(COMPLAINTS, complaint(1), clock()), "a written record is not queued again"
    assert {e.record_id for e in stores.outbox.due(COMPLAINTS.name, clock(), 10)} == {"2570-0002", "2570-0003"}


def test_case_numbers_are_unique_across_instances_and_threads(stores: Stores, state_url: str,
                                                              tmp_path: Path) -> None:
    instances = [stores.ledger, reopen(state_url, tmp_path).ledger]
    numbers: list[str] = []
    lock = threading.Lock()

    def file(n: int) -> None:
        for _ in range(25):
            number = instances[n % 2].next_case_number(2570, 0)
            with lock:
                numbers.append(number)

    threads = [threading.Thread(target=file, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [f"2570-{n:04d}" for n in range(1, 101)]
    assert stores.ledger.next_case_number(2570, 500) == "2570-0501", "the sheet's highest number is a floor"
    assert stores.ledger.next_case_number(2571, 0) == "2571-0001"


def test_receipts_and_limits(stores: Stores, state_url: str, tmp_path: Path) -> None:
    stores.ledger.record("2570-0001", "ABCDEFGHJK", None, "รับเรื่อง")
    other = reopen(state_url, tmp_path).ledger
    assert other.case_for_receipt("ABCDEFGHJK") == "2570-0001"
    assert other.case_for_receipt("ABCDEFGHJM") is None
    with pytest.raises(DuplicateReceiptError):
        other.record("2570-0002", "ABCDEFGHJK", None, "รับเรื่อง")
    assert stores.ledger.count("file:all", "2026-11-23T09", add=False) == 0
    assert [other.count("file:all", "2026-11-23T09", add=True) for _ in range(3)] == [1, 2, 3]
    assert stores.ledger.count("file:all", "2026-11-23T09", add=False) == 3
    assert stores.ledger.count("file:all", "2026-11-23T10", add=False) == 0


def test_opted_in_complainants_are_sealed_notified_and_forgotten(stores: Stores, state_url: str, tmp_path: Path,
                                                                 clock: FakeClock) -> None:
    user = "U" + "a" * 32
    stores.ledger.record("2570-0001", "ABCDEFGHJK", user, "รับเรื่อง")
    stores.ledger.record("2570-0002", "ABCDEFGHJM", None, "รับเรื่อง")
    [subscriber] = reopen(state_url, tmp_path).ledger.subscribers()
    assert (subscriber.case_no, subscriber.user_id, subscriber.notified_status) == ("2570-0001", user, "รับเรื่อง")
    assert open_stores(state_url, tmp_path / "var", "z" * 32, "office-a").ledger.subscribers() == [], \
        "another ITA_SECRET_KEY cannot unseal the id"
    stores.ledger.mark_notified("2570-0001", "กำลังตรวจสอบ", "ขอเอกสารเพิ่ม")
    assert stores.ledger.subscribers()[0].notified_message == "ขอเอกสารเพิ่ม"
    stores.ledger.mark_closed("2570-0001", clock())
    clock.advance(86400)
    stores.ledger.mark_closed("2570-0001", clock())  # the first closing time counts
    assert stores.ledger.forget_closed(clock(), timedelta(days=30)) == 0
    clock.advance(30 * 86400)
    assert stores.ledger.forget_closed(clock(), timedelta(days=30)) == 1
    assert stores.ledger.subscribers() == []


def test_a_reopened_case_keeps_the_identity_from_its_latest_close(stores: Stores, clock: FakeClock) -> None:
    """Issue 36: a reopened and re-closed case counted the 30-day retention from its first close."""
    stores.ledger.record("2570-0001", "ABCDEFGHJK", "U" + "a" * 32, "รับเรื่อง")
    stores.ledger.mark_closed("2570-0001", clock())
    clock.advance(20 * 86400)
    stores.ledger.mark_reopened("2570-0001")
    clock.advance(10 * 86400)
    stores.ledger.mark_closed("2570-0001", clock())
    clock.advance(29 * 86400)
    assert stores.ledger.forget_closed(clock(), timedelta(days=30)) == 0
    clock.advance(2 * 86400)
    assert stores.ledger.forget_closed(clock(), timedelta(days=30)) == 1


def test_redis_holds_no_user_id_receipt_or_written_complaint_text(redis_url: str, tmp_path: Path,
                                                                  clock: FakeClock) -> None:
    stores = open_stores(redis_url, tmp_path, SECRET, "office-a")
    stores.ledger.record("2570-0001", "ABCDEFGHJK", "U" + "a" * 32, "รับเรื่อง")
    stores.outbox.put_record(COMPLAINTS, complaint(1), clock())
    stores.outbox.mark_done(stores.outbox.due(COMPLAINTS.name, clock(), 10), clock())
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    dump = []
    for key in client.scan_iter("*"):
        kind = client.type(key)
        value = client.hgetall(key) if kind == "hash" else client.smembers(key) if kind == "set" else \
            client.zrange(key, 0, -1) if kind == "zset" else client.get(key)
        dump.append(f"{key}={value}")
    text = "\n".join(dump)
    assert "U" + "a" * 32 not in text and "ABCDEFGHJK" not in text and "เรื่องที่ 1" not in text
    assert all(key.startswith("ita:{office-a}:") for key in client.scan_iter("*"))


def test_redis_killed_right_after_acknowledging_keeps_every_record(redis_server: RedisServer, tmp_path: Path,
                                                                   clock: FakeClock) -> None:
    """With appendonly yes + appendfsync always (README), an acknowledged write survives SIGKILL of Redis."""
    server = RedisServer(tmp_path / "redis")
    stores = open_stores(server.url, tmp_path, SECRET, "office-a")
    for n in range(1, 101):
        stores.outbox.put_record(COMPLAINTS, complaint(n), clock())
        stores.ledger.record(f"2570-{n:04d}", f"RECEIPT{n:03d}", None, "รับเรื่อง")
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(timeout=30)
    restarted = RedisServer(tmp_path / "redis")
    try:
        again = open_stores(restarted.url, tmp_path, SECRET, "office-a")
        assert again.outbox.depth() == 100
        assert again.ledger.case_for_receipt("RECEIPT100") == "2570-0100"
    finally:
        restarted.stop()


def test_redis_settings_that_could_lose_records_are_reported(redis_url: str) -> None:
    client = connect_redis(redis_url)
    assert check_durability(client) == []
    client.config_set("appendfsync", "everysec")
    client.config_set("maxmemory-policy", "allkeys-lru")
    try:
        assert check_durability(client) == ["appendfsync always", "maxmemory-policy noeviction"]
    finally:
        client.config_set("appendfsync", "always")
        client.config_set("maxmemory-policy", "noeviction")


def test_a_queued_row_can_be_read_until_it_is_written(stores: Stores, clock: FakeClock) -> None:
    stores.outbox.put_record(COMPLAINTS, complaint(1), clock())
    row = stores.outbox.pending_row(COMPLAINTS.name, complaint(1)["เลขที่เรื่อง"])
    assert row == complaint(1)
    assert stores.outbox.pending_row(COMPLAINTS.name, "2570-9999") is None
    entries = stores.outbox.due(COMPLAINTS.name, clock(), 10)
    stores.outbox.mark_done(entries, clock())
    assert stores.outbox.pending_row(COMPLAINTS.name, complaint(1)["เลขที่เรื่อง"]) is None, "written: text gone"
