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
from state.sqlite import close_scrubbed, connect, forget_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS case_counters (fiscal_year INTEGER PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS receipts (receipt_hash TEXT PRIMARY KEY, case_no TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS complainants (
    case_no TEXT PRIMARY KEY, sealed_user_id BLOB, notified_status TEXT, notified_message TEXT, closed_at TEXT
);
CREATE TABLE IF NOT EXISTS usage (key TEXT NOT NULL, window TEXT NOT NULL, count INTEGER NOT NULL,
                                  PRIMARY KEY (key, window));
CREATE TABLE IF NOT EXISTS filings (key TEXT PRIMARY KEY, case_no TEXT NOT NULL, filed_at TEXT);
"""
USAGE_KEPT = timedelta(days=2)
FILINGS_KEPT = timedelta(days=7)
"""How long a filing's key answers with its first case: LINE redelivers within hours, Back re-sends a form within
minutes; after that the same event or form is a new filing (and the key no longer regenerates its receipt)."""


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

    def next_case_number(self, fiscal_year: int, floor: int, key: str | None = None,
                         now: datetime | None = None) -> str: ...
    def claim_case_number(self, fiscal_year: int, floor: int, key: str | None,
                          now: datetime | None) -> tuple[str, bool]: ...
    def case_for_key(self, key: str, now: datetime) -> str | None: ...
    def forget_filings(self, now: datetime) -> int: ...
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
        _date_filings(self._db)

    def close(self) -> None:
        """At a clean stop the WAL is emptied into the file: swept filings leave the -wal too."""
        close_scrubbed(self._db)

    def next_case_number(self, fiscal_year: int, floor: int, key: str | None = None,
                         now: datetime | None = None) -> str:
        return self.claim_case_number(fiscal_year, floor, key, now)[0]

    def claim_case_number(self, fiscal_year: int, floor: int, key: str | None,
                          now: datetime | None) -> tuple[str, bool]:
        """``2570-0004``: unique even when several threads or processes file at once.

        With ``key`` (the LINE event or web form that filed it) and ``now``, asking again within
        ``FILINGS_KEPT`` gives the same number: a retried event never opens a second case. With the number,
        whether this call made it (False: the key's earlier filing, perhaps a twin request's a moment ago).
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                known = self._known(key, now) if key and now else None
                if known:
                    self._db.execute("COMMIT")
                    return known, False
                row = self._db.execute("SELECT last FROM case_counters WHERE fiscal_year = ?",
                                       (fiscal_year,)).fetchone()
                number = max(row[0] if row else 0, floor) + 1
                self._db.execute("INSERT OR REPLACE INTO case_counters VALUES (?, ?)", (fiscal_year, number))
                if key and now:
                    self._db.execute("INSERT OR REPLACE INTO filings VALUES (?, ?, ?)",
                                     (key, f"{fiscal_year}-{number:04d}", now.isoformat()))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return f"{fiscal_year}-{number:04d}", True

    def case_for_key(self, key: str, now: datetime) -> str | None:
        """The case ``key`` filed within ``FILINGS_KEPT`` before ``now``; an older filing reads as none."""
        with self._lock:
            return self._known(key, now)

    def _known(self, key: str, now: datetime) -> str | None:
        row = self._db.execute("SELECT case_no FROM filings WHERE key = ? AND (filed_at IS NULL OR filed_at >= ?)",
                               (key, (now - FILINGS_KEPT).isoformat())).fetchone()
        return str(row[0]) if row else None

    def forget_filings(self, now: datetime) -> int:
        """Delete filings older than ``FILINGS_KEPT`` (those an older version wrote undated count from ``now``),
        and empty the WAL so that no old page still holds them; how many went."""
        with self._lock:
            self._db.execute("UPDATE filings SET filed_at = ? WHERE filed_at IS NULL", (now.isoformat(),))
            gone = self._db.execute("DELETE FROM filings WHERE filed_at < ?",
                                    ((now - FILINGS_KEPT).isoformat(),)).rowcount
            if gone:
                forget_wal(self._db)
        return gone

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
            if cursor.rowcount:
                forget_wal(self._db)  # the sealed id's old page leaves the -wal too
        return cursor.rowcount


def _date_filings(db: sqlite3.Connection) -> None:
    """A database from before filings had a time gets the column; its rows are dated at the next sweep."""
    if "filed_at" not in {row[1] for row in db.execute("PRAGMA table_info(filings)")}:
        db.execute("ALTER TABLE filings ADD COLUMN filed_at TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS filings_age ON filings (filed_at)")


def _expired_before(window: str) -> str:
    """Windows are ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH``: those before two days earlier sort below this."""
    try:
        return (date.fromisoformat(window[:10]) - USAGE_KEPT).isoformat()
    except ValueError:
        return ""
