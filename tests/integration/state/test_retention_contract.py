"""Retention by age, on both backends: sessions and recorded answers a day, filings seven days (operator.md)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import redis

from state.complaint_ledger import FILINGS_KEPT, ComplaintLedger
from state.inbox import NewEvent
from state.store import KEEP_TURNS, SESSION_TTL, Session
from state.stores import Stores
from tests.at_rest import files_holding
from tests.conftest import FakeClock, line_ms
from tests.integration.state.conftest import SECRET, reopen

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
FILING = "f1e2d3c4" * 8
"""A filing key as the desk makes it (a keyed HMAC, hex)."""


def sweep(stores: Stores, moment: datetime) -> int:
    """What complaint-sync does each minute, at ``moment`` on the office's wall clock."""
    return stores.sweep(moment, line_ms(moment) / 1000)


def test_a_filing_answers_with_its_first_case_for_seven_days_then_is_new(stores: Stores, state_url: str,
                                                                         tmp_path: Path, clock: FakeClock) -> None:
    first = stores.ledger.next_case_number(2570, 0, FILING, clock())
    later = clock() + FILINGS_KEPT - SECOND
    other = reopen(state_url, tmp_path)
    assert other.ledger.next_case_number(2570, 0, FILING, later) == first, "a redelivery within the week"
    assert other.ledger.case_for_key(FILING, later) == first
    assert sweep(stores, later) == 0, "nothing is past its time yet"
    past = clock() + FILINGS_KEPT + SECOND
    assert stores.ledger.case_for_key(FILING, past) is None, "a week on, the key no longer finds its case"
    again = stores.ledger.next_case_number(2570, 0, FILING, past)
    assert again != first and again == "2570-0002", "the same event or form a week later is a new filing"
    assert other.ledger.case_for_key(FILING, past) == again
    other.close()


def test_a_claim_says_whether_it_made_the_case(stores: Stores, clock: FakeClock) -> None:
    """The second of two requests with one key (a double click) learns the case was its twin's."""
    assert stores.ledger.claim_case_number(2570, 0, FILING, clock()) == ("2570-0001", True)
    assert stores.ledger.claim_case_number(2570, 0, FILING, clock()) == ("2570-0001", False)
    assert stores.ledger.claim_case_number(2570, 0, None, clock()) == ("2570-0002", True)


def test_a_case_number_without_a_key_keeps_no_filing(stores: Stores, clock: FakeClock) -> None:
    assert stores.ledger.next_case_number(2570, 0) == "2570-0001"
    assert stores.ledger.next_case_number(2570, 0, None, clock()) == "2570-0002"
    assert stores.ledger.case_for_key("", clock()) is None


def test_sessions_and_answers_are_read_until_their_day_is_past(stores: Stores, clock: FakeClock) -> None:
    """The same on both: within the day the sweep keeps them (on Redis it never deletes; keys expire)."""
    stores.state.save_session("pseudonym", Session("complaint", "details", clock(), {"details": ["ถนนพัง"]}))
    stores.state.commit_turn("pseudonym", Session("complaint", "accused", clock(), {}), "E1", '"ok"', clock())
    sweep(stores, clock() + min(SESSION_TTL, KEEP_TURNS) - SECOND)
    assert stores.state.load_session("pseudonym") == Session("complaint", "accused", clock(), {})
    assert stores.state.load_turn("E1") == '"ok"'


def test_sqlite_sweeps_an_abandoned_session_a_day_after_its_last_change(tmp_path: Path, clock: FakeClock) -> None:
    stores = reopen("", tmp_path)
    start = clock()
    stores.state.save_session("left", Session("complaint", "details", start, {"details": ["ถนนพัง"]}))
    stores.state.save_session("active", Session("complaint", "details", start, {}))
    stores.state.commit_turn("active", Session("complaint", "accused", start + timedelta(hours=20), {}), "E1",
                             '"ok"', start + timedelta(hours=20))
    stores.state.save_session("officer", Session("kept_text", "offer", start, {"text": "คำตอบถึงผู้ร้อง"}))
    assert sweep(stores, start + SESSION_TTL) == 0, "exactly a day: still kept"
    assert sweep(stores, start + SESSION_TTL + SECOND) == 2, "the abandoned draft and the kept text (24 h)"
    assert stores.state.load_session("left") is None and stores.state.load_session("officer") is None
    assert stores.state.load_session("active") is not None, "changed 20 h in: kept a day from then"
    assert stores.state.load_turn("E1") == '"ok"'
    assert sweep(stores, start + timedelta(hours=20) + SESSION_TTL + SECOND) == 2, "the session and its answer"
    assert stores.state.load_session("active") is None and stores.state.load_turn("E1") is None
    stores.close()


def test_sqlite_sweeps_event_ids_after_a_week(tmp_path: Path, clock: FakeClock) -> None:
    stores = reopen("", tmp_path)
    assert stores.state.claim_event("01EVENT", clock())
    assert stores.inbox.put([NewEvent("01EVENT", "pseudonym", 1, "{}")], line_ms(clock()) / 1000, 10) == 1
    handled = stores.inbox.take(line_ms(clock()) / 1000, 30, "me")
    assert handled is not None
    stores.inbox.done(handled)
    assert stores.inbox.put([NewEvent("01EVENT", "pseudonym", 1, "{}")], line_ms(clock()) / 1000, 10) == 0
    assert sweep(stores, clock() + timedelta(days=7)) == 0
    assert sweep(stores, clock() + timedelta(days=7) + SECOND) == 2, "the state's and the inbox's"
    later = clock() + timedelta(days=7, seconds=2)
    assert stores.state.claim_event("01EVENT", later), "forgotten after a week"
    assert stores.inbox.put([NewEvent("01EVENT", "pseudonym", 1, "{}")], line_ms(later) / 1000, 10) == 1
    stores.close()


def test_redis_keys_expire_within_their_period(redis_url: str, tmp_path: Path, clock: FakeClock) -> None:
    stores = reopen(redis_url, tmp_path)
    stores.state.save_session("pseudonym", Session("complaint", "details", clock(), {}))
    stores.state.commit_turn("other", Session("complaint", "details", clock(), {}), "E1", '"ok"', clock())
    stores.ledger.next_case_number(2570, 0, FILING, clock())
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    prefix = "ita:{office-a}:"
    periods = {"session:pseudonym": SESSION_TTL, "session:other": SESSION_TTL, "turn:E1": KEEP_TURNS,
               f"ledger:filing:{FILING}": FILINGS_KEPT}
    for key, period in periods.items():
        left = client.pttl(prefix + key)
        assert 0 < left <= period.total_seconds() * 1000, (key, left)
    assert client.exists(f"{prefix}ledger:filings") == 0, "no hash kept for good any more"
    assert sweep(stores, clock() + timedelta(days=30)) == 0, "nothing to sweep: Redis expires them"
    client.close()
    stores.close()


def test_a_redis_filings_hash_an_older_version_kept_expires_in_a_week(redis_url: str, tmp_path: Path,
                                                                      clock: FakeClock) -> None:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.hset("ita:{office-a}:ledger:filings", FILING, "2570-0007")
    stores = reopen(redis_url, tmp_path)
    assert stores.ledger.case_for_key(FILING, clock()) == "2570-0007", "a redelivery just after the upgrade"
    assert stores.ledger.next_case_number(2570, 7, FILING, clock()) == "2570-0007"
    assert client.ttl("ita:{office-a}:ledger:filings") == -1, "opening the stores makes no call (Redis may be down)"
    stores.sweep(clock(), clock().timestamp())  # complaint-sync's first sweep after the upgrade
    left = client.ttl("ita:{office-a}:ledger:filings")
    assert 0 < left <= FILINGS_KEPT.total_seconds(), left
    client.close()
    stores.close()


def test_filings_an_older_version_kept_undated_leave_a_week_after_the_upgrade(tmp_path: Path,
                                                                             clock: FakeClock) -> None:
    path = tmp_path / "complaints.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE filings (key TEXT PRIMARY KEY, case_no TEXT NOT NULL)")
        db.execute("INSERT INTO filings VALUES (?, '2570-0007')", (FILING,))
    db.close()
    ledger = ComplaintLedger(path, SECRET)
    assert ledger.case_for_key(FILING, clock()) == "2570-0007", "still answers a redelivery"
    assert ledger.forget_filings(clock()) == 0, "dated now at the first sweep"
    assert ledger.forget_filings(clock() + FILINGS_KEPT) == 0
    assert ledger.forget_filings(clock() + FILINGS_KEPT + SECOND) == 1
    assert ledger.case_for_key(FILING, clock()) is None
    ledger.close()


def test_swept_rows_leave_nothing_readable_in_the_database_or_its_wal(tmp_path: Path, clock: FakeClock) -> None:
    """Names in clear (the sender's pseudonym, an event id, a filing key) are gone from every file after a sweep,
    while the stores stay open (no clean stop empties the WAL for us)."""
    user, event, filing = "pseudonym-canary-5u", "EVENT-CANARY-7T", "filing-canary-" + "9a" * 20
    stores = reopen("", tmp_path)
    stores.inbox.put([NewEvent(event, user, 1, "{}")], line_ms(clock()) / 1000, 10)
    taken = stores.inbox.take(line_ms(clock()) / 1000, 30, "me")
    assert taken is not None
    stores.inbox.done(taken)
    stores.state.save_session(user, Session("complaint", "details", clock(), {"details": ["ถนนพัง"]}))
    stores.state.commit_turn("someone", None, event, '"ok"', clock())
    stores.ledger.next_case_number(2570, 0, filing, clock())
    canaries = [user, event, filing]
    held = files_holding([tmp_path], canaries)
    assert {found.split(": ")[1] for found in held} == set(canaries)
    assert {"state.sqlite3-wal: " + user, "inbox.sqlite3-wal: " + user, "complaints.sqlite3-wal: " + filing} <= \
        set(held), "the test must see each -wal holding them first"
    assert sweep(stores, clock() + FILINGS_KEPT + SECOND) == 4, "the session, the answer, the event id, the filing"
    assert files_holding([tmp_path], canaries) == []
    stores.close()
