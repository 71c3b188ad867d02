"""``ita-bot state migrate``: copy an office's SQLite state into Redis before switching ITA_STATE_URL.

Copied: complaint case counters, receipt hashes (same ITA_SECRET_KEY, same hashes), opted-in
complainants (still sealed), the outbox (queued rows with their attempt counts, so the flusher still
looks up rows that may have landed; written ids as markers) and the job runs already done. Not copied:
conversations in progress (people start the step again) and processed webhook ids (LINE redelivers
within minutes). Running it twice changes nothing the second time.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ita_bot.sheets.redis_ledger import RedisLedger
from ita_bot.sheets.redis_outbox import RedisOutbox
from ita_bot.sheets.redis_state import RedisStateStore


@dataclass
class MigrationReport:
    case_counters: int = 0
    receipts: int = 0
    subscribers: int = 0
    queued: int = 0
    written: int = 0
    job_claims: int = 0


def migrate_to_redis(data_dir: Path, state_path: Path, *, ledger: RedisLedger, outbox: RedisOutbox,
                     state: RedisStateStore, now: datetime) -> MigrationReport:
    report = MigrationReport()
    with _read_only(data_dir / "complaints.sqlite3") as db:
        for fiscal_year, last in db.execute("SELECT fiscal_year, last FROM case_counters"):
            ledger.import_case_counter(fiscal_year, last)
            report.case_counters += 1
        for receipt_hash, case_no in db.execute("SELECT receipt_hash, case_no FROM receipts"):
            report.receipts += ledger.import_receipt(receipt_hash, case_no)
        for case_no, sealed, status, message, closed_at in db.execute(
                "SELECT case_no, sealed_user_id, notified_status, notified_message, closed_at FROM complainants "
                "WHERE sealed_user_id IS NOT NULL"):
            ledger.import_subscriber(case_no, bytes(sealed), status, message, closed_at)
            report.subscribers += 1
    with _read_only(data_dir / "outbox.sqlite3") as db:
        for tab, record_id, row, created_at, attempts, done_at in db.execute(
                "SELECT tab, record_id, row_json, created_at, attempts, done_at FROM outbox ORDER BY seq"):
            if outbox.import_record(tab, record_id, None if done_at else json.loads(row), created_at, attempts):
                report.written += bool(done_at)
                report.queued += not done_at
    with _read_only(state_path) as db:
        for job, period in db.execute("SELECT job, period FROM job_runs"):
            report.job_claims += state.claim_job(job, period, now)
    return report


class _read_only:
    """A SQLite file opened read-only; a missing file reads as empty tables."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True) if path.exists() else sqlite3.connect(":memory:")
        if not path.exists():
            self._db.executescript(EMPTY)

    def __enter__(self) -> sqlite3.Connection:
        return self._db

    def __exit__(self, *exc: object) -> None:
        self._db.close()


EMPTY = """
CREATE TABLE case_counters (fiscal_year, last); CREATE TABLE receipts (receipt_hash, case_no);
CREATE TABLE complainants (case_no, sealed_user_id, notified_status, notified_message, closed_at);
CREATE TABLE outbox (seq, tab, record_id, row_json, created_at, attempts, done_at);
CREATE TABLE job_runs (job, period);
"""
