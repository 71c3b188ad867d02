"""``ita-bot state migrate``: copy an office's SQLite state into Redis before switching ITA_STATE_URL.

Copied: complaint case counters, receipt hashes (same ITA_SECRET_KEY, same hashes), opted-in
complainants (still sealed), the outbox (queued rows with their attempt counts, so the flusher still
looks up rows that may have landed; written ids as markers), the job runs already done and the events
still waiting in the inbox (in their order); rows and events are opened with ITA_SECRET_KEY and sealed
again on Redis. Not copied: conversations in progress (people start the step again) and the ids of
events already handled (LINE redelivers only within minutes). Running it twice changes nothing the
second time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from state.inbox import EventSeal, InboxStore, NewEvent
from state.outbox import RowSeal
from state.redis_ledger import RedisLedger
from state.redis_outbox import RedisOutbox
from state.redis_store import RedisStateStore


@dataclass
class MigrationReport:
    case_counters: int = 0
    receipts: int = 0
    subscribers: int = 0
    queued: int = 0
    written: int = 0
    job_claims: int = 0
    events: int = 0


def migrate_to_redis(data_dir: Path, state_path: Path, *, ledger: RedisLedger, outbox: RedisOutbox,
                     state: RedisStateStore, now: datetime, secret: str,
                     inbox: InboxStore | None = None) -> MigrationReport:
    """``secret`` opens the sealed rows and events (the stores on Redis seal them again)."""
    report = MigrationReport()
    rows, events = RowSeal(secret), EventSeal(secret)
    complaints, outbox_file = data_dir / "complaints.sqlite3", data_dir / "outbox.sqlite3"
    for fiscal_year, last in _rows(complaints, "SELECT fiscal_year, last FROM case_counters"):
        ledger.import_case_counter(fiscal_year, last)
        report.case_counters += 1
    for receipt_hash, case_no in _rows(complaints, "SELECT receipt_hash, case_no FROM receipts"):
        report.receipts += ledger.import_receipt(receipt_hash, case_no)
    for case_no, sealed, status, message, closed_at in _rows(
            complaints, "SELECT case_no, sealed_user_id, notified_status, notified_message, closed_at "
                        "FROM complainants WHERE sealed_user_id IS NOT NULL"):
        ledger.import_subscriber(case_no, bytes(sealed), status, message, closed_at)
        report.subscribers += 1
    for tab, record_id, row, created_at, attempts, done_at in _rows(
            outbox_file, "SELECT tab, record_id, row_json, created_at, attempts, done_at FROM outbox ORDER BY seq"):
        opened = None if done_at else rows.open(tab, record_id, row)
        if outbox.import_record(tab, record_id, opened, created_at, attempts):
            report.written += bool(done_at)
            report.queued += not done_at
    for job, period in _rows(state_path, "SELECT job, period FROM job_runs"):
        report.job_claims += state.claim_job(job, period, now)
    waiting = [NewEvent(event_id, source, stamp, events.open(event_id, payload))
               for event_id, source, stamp, payload in _rows(data_dir / "inbox.sqlite3",
                                                             "SELECT event_id, source, stamp, payload FROM inbox "
                                                             "ORDER BY seq")]
    if inbox is not None and waiting:
        report.events = inbox.put(waiting, now.timestamp(), limit=10**9)
    return report


def _rows(path: Path, query: str) -> list[tuple[Any, ...]]:
    """All rows of a query on a SQLite file opened read-only; none when the file does not exist."""
    if not path.exists():
        return []
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()
