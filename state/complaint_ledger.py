"""Local, never-in-the-sheet facts about complaints: case counters, receipt hashes, who to notify, limits.

Receipts are stored only as keyed hashes; a complainant's LINE userId only when they opted in to
updates, and then encrypted (Fernet) with a key derived from ITA_SECRET_KEY; what they were last told
sealed too (``state.sealing``).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Protocol

from state.sealing import Sealer
from state.sqlite import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS case_counters (fiscal_year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS receipts (receipt_hash TEXT PRIMARY KEY, case_no TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS complainants (
    case_no TEXT PRIMARY KEY, sealed_user_id BLOB, notified_status TEXT, notified_message TEXT, closed_at TEXT
);
CREATE TABLE IF NOT EXISTS usage (key TEXT NOT NULL, window TEXT NOT NULL, count INTEGER NOT NULL,
                                  PRIMARY KEY (key, window));
CREATE TABLE IF NOT EXISTS filings (key TEXT PRIMARY KEY, case_no TEXT NOT NULL);
"""
USAGE_KEPT = timedelta(days=2)


@dataclass(frozen=True)
class Subscriber:
    """An opted-in complainant: where to push, and what they were last told."""

    case_no: str
    user_id: str
    notified_status: str | None
    notified_message: str | None


class DuplicateReceiptError(ValueError):
    """The same receipt or case number was recorded before."""


class LedgerStore(Protocol):
    """What the complaint desk and complaint-sync keep outside the sheet (SQLite or Redis)."""

    def next_case_number(self, fiscal_year: int, floor: int, key: str | None = None) -> str: ...
    def case_for_key(self, key: str) -> str | None: ...
    def record(self, case_no: str, receipt: str, user_id: str | None, status: str) -> None: ...
    def case_for_receipt(self, receipt: str) -> str | None: ...
    def count(self, key: str, window: str, *, add: bool) -> int: ...
    def take_quota(self, key: str, window: str, limit: int) -> bool: ...
    def give_back(self, key: str, window: str) -> None: ...
    def subscribers(self) -> list[Subscriber]: ...
    def mark_notified(self, case_no: str, status: str | None, message: str | None) -> None: ...
    def mark_closed(self, case_no: str, now: datetime) -> None: ...
    def mark_reopened(self, case_no: str) -> None: ...
    def forget_closed(self, now: datetime, retention: timedelta) -> int: ...
    def close(self) -> None: ...


class ComplaintLedger:
    def __init__(self, path: Path, secret: str) -> None:
        self._db = connect(path, SCHEMA, synchronous="FULL")
        self._lock = threading.Lock()
        self._sealer = Sealer(secret)

    def close(self) -> None:
        self._db.close()

    def next_case_number(self, fiscal_year: int, floor: int, key: str | None = None) -> str:
        """``2570-0004``: unique even when several threads or processes file at once.

        With ``key`` (the LINE event that filed it), asking again gives the same number: a retried
        event never opens a second case.
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                known = self._db.execute("SELECT case_no FROM filings WHERE key = ?", (key,)).fetchone()
                if known:
                    self._db.execute("COMMIT")
                    return str(known[0])
                row = self._db.execute("SELECT last FROM case_counters WHERE fiscal_year = ?",
                                       (fiscal_year,)).fetchone()
                number = max(row[0] if row else 0, floor) + 1
                self._db.execute("INSERT OR REPLACE INTO case_counters VALUES (?, ?)", (fiscal_year, number))
                if key:
                    self._db.execute("INSERT INTO filings VALUES (?, ?)", (key, f"{fiscal_year}-{number:04d}"))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return f"{fiscal_year}-{number:04d}"

    def case_for_key(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT case_no FROM filings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def record(self, case_no: str, receipt: str, user_id: str | None, status: str) -> None:
        """Idempotent for the same receipt and case (a retried filing); another case's receipt is refused."""
        sealed = self._sealer.seal(user_id) if user_id else None
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                known = self._db.execute("SELECT case_no FROM receipts WHERE receipt_hash = ?",
                                         (self._sealer.receipt_hash(receipt),)).fetchone()
                if known and known[0] == case_no:
                    self._db.execute("COMMIT")
                    return
                self._db.execute("INSERT INTO receipts VALUES (?, ?)", (self._sealer.receipt_hash(receipt), case_no))
                self._db.execute("INSERT INTO complainants VALUES (?, ?, ?, NULL, NULL)", (case_no, sealed, status))
                self._db.execute("COMMIT")
            except sqlite3.IntegrityError:
                self._db.execute("ROLLBACK")
                raise DuplicateReceiptError("receipt or case recorded before") from None
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def case_for_receipt(self, receipt: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT case_no FROM receipts WHERE receipt_hash = ?",
                                   (self._sealer.receipt_hash(receipt),)).fetchone()
        return str(row[0]) if row else None

    def count(self, key: str, window: str, *, add: bool) -> int:
        """Uses of ``key`` in ``window`` (a day, an hour), after adding one when ``add``.

        Counters older than two days are deleted (the keys hold visitors' address hashes), as Redis expires them.
        """
        with self._lock:
            if add:
                self._db.execute("DELETE FROM usage WHERE window < ?", (_expired_before(window),))
                self._db.execute("INSERT INTO usage VALUES (?, ?, 1) ON CONFLICT (key, window) "
                                 "DO UPDATE SET count = count + 1", (key, window))
            row = self._db.execute("SELECT count FROM usage WHERE key = ? AND window = ?", (key, window)).fetchone()
        return int(row[0]) if row else 0

    def take_quota(self, key: str, window: str, limit: int) -> bool:
        """Count one use of ``key`` in ``window`` if fewer than ``limit`` were counted: one statement, so
        concurrent threads and processes can never both take the last one."""
        if limit <= 0:
            return False
        with self._lock:
            self._db.execute("DELETE FROM usage WHERE window < ?", (_expired_before(window),))
            row = self._db.execute("INSERT INTO usage VALUES (?, ?, 1) ON CONFLICT (key, window) "
                                   "DO UPDATE SET count = count + 1 WHERE count < ? RETURNING count",
                                   (key, window, limit)).fetchone()
        return row is not None

    def give_back(self, key: str, window: str) -> None:
        """Uncount one use taken with ``take_quota`` (it turned out not to count, e.g. a right receipt)."""
        with self._lock:
            self._db.execute("UPDATE usage SET count = count - 1 WHERE key = ? AND window = ? AND count > 0",
                             (key, window))

    def subscribers(self) -> list[Subscriber]:
        with self._lock:
            rows = self._db.execute("SELECT case_no, sealed_user_id, notified_status, notified_message "
                                    "FROM complainants WHERE sealed_user_id IS NOT NULL").fetchall()
        unsealed = ((case, self._sealer.unseal(sealed), status, self._sealer.open_message(case, message))
                    for case, sealed, status, message in rows)
        return [Subscriber(case, user_id, status, message) for case, user_id, status, message in unsealed
                if user_id is not None]

    def mark_notified(self, case_no: str, status: str | None, message: str | None) -> None:
        with self._lock:
            self._db.execute("UPDATE complainants SET notified_status = ?, notified_message = ? WHERE case_no = ?",
                             (status, self._sealer.seal_message(case_no, message), case_no))

    def mark_closed(self, case_no: str, now: datetime) -> None:
        with self._lock:
            self._db.execute("UPDATE complainants SET closed_at = COALESCE(closed_at, ?) WHERE case_no = ?",
                             (now.isoformat(), case_no))

    def mark_reopened(self, case_no: str) -> None:
        """The case is open again: its retention counts from its next close, not the first one."""
        with self._lock:
            self._db.execute("UPDATE complainants SET closed_at = NULL WHERE case_no = ?", (case_no,))

    def forget_closed(self, now: datetime, retention: timedelta) -> int:
        """Delete the identity of complainants whose case closed longer than ``retention`` ago."""
        with self._lock:
            cursor = self._db.execute("UPDATE complainants SET sealed_user_id = NULL "
                                      "WHERE closed_at IS NOT NULL AND closed_at < ? AND sealed_user_id IS NOT NULL",
                                      ((now - retention).isoformat(),))
        return cursor.rowcount


def _expired_before(window: str) -> str:
    """Windows are ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH``: those before two days earlier sort below this."""
    try:
        return (date.fromisoformat(window[:10]) - USAGE_KEPT).isoformat()
    except ValueError:
        return ""
