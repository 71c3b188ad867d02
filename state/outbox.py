"""Durable writes: a record is safe on disk (SQLite, WAL, synchronous=FULL) before the caller goes on."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from state.sealing import Cipher, seal_clear_rows
from state.sqlite import close_scrubbed, connect, forget_wal
from state.table import TableSpec

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tab TEXT NOT NULL,
    record_id TEXT NOT NULL,
    row_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL DEFAULT '',
    done_at TEXT,
    last_error TEXT,
    UNIQUE (tab, record_id)
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (done_at, tab, seq);
"""
PURGED = "{}"
SEP = "\x1f"


@dataclass(frozen=True)
class Entry:
    seq: int
    tab: str
    record_id: str
    row: dict[str, str]
    attempts: int


class OutboxStore(Protocol):
    """Pending sheet writes, on SQLite (``Outbox``) or Redis (``RedisOutbox``); the flusher needs only this."""

    def put(self, tab: str, record_id: str, row: Mapping[str, str], now: datetime) -> bool: ...
    def put_record(self, tab: TableSpec, row: Mapping[str, str], now: datetime) -> bool: ...
    def due(self, tab: str, now: datetime, limit: int, *, waiting_too: bool = False,
            lease: timedelta = ...) -> list[Entry]: ...
    def tabs_due(self, now: datetime, *, waiting_too: bool = False) -> list[str]: ...
    def pending_row(self, tab: str, record_id: str) -> dict[str, str] | None: ...
    def mark_attempt(self, entries: list[Entry]) -> None: ...
    def mark_done(self, entries: list[Entry], now: datetime) -> None: ...
    def defer(self, entries: list[Entry], until: datetime, error: str) -> None: ...
    def depth(self) -> int: ...
    def close(self) -> None: ...


def record_id_of(tab: TableSpec, row: Mapping[str, str]) -> str:
    """A writable tab's key column is its record id."""
    if not tab.writable or tab.key is None or not row.get(tab.key):
        raise ValueError(f"cannot queue a row for tab {tab.name!r} without its key column")
    return row[tab.key]


class RowSeal:
    """Queued rows sealed (``state.sealing``), each bound to its tab and record id.

    A row sealed with another ITA_SECRET_KEY raises ``SealError``: it stays queued until the key is back.
    """

    def __init__(self, secret: str) -> None:
        self.cipher = Cipher(secret, "outbox")

    def seal(self, tab: str, record_id: str, row: Mapping[str, str]) -> str:
        return self.cipher.seal(json.dumps(dict(row), ensure_ascii=False), f"{tab}{SEP}{record_id}")

    def open(self, tab: str, record_id: str, stored: str) -> dict[str, str]:
        row: dict[str, str] = json.loads(self.cipher.open(stored, f"{tab}{SEP}{record_id}"))
        return row


class Outbox:
    """Pending sheet writes, keyed by (tab, record id) so that a record is queued once; rows sealed (``RowSeal``)."""

    def __init__(self, path: Path, secret: str) -> None:
        self._db = connect(path, SCHEMA, synchronous="FULL")
        self._lock = threading.Lock()
        self._seal = RowSeal(secret)
        self._db.execute("UPDATE outbox SET row_json = ? WHERE done_at IS NOT NULL AND row_json != ?", (PURGED, PURGED))
        if seal_clear_rows(self._db, self._seal.cipher, "outbox", "row_json", "tab || char(31) || record_id",
                           where="done_at IS NULL"):
            forget_wal(self._db)

    def close(self) -> None:
        """At a clean stop the WAL is emptied into the file (it holds only sealed rows anyway)."""
        close_scrubbed(self._db)

    def put(self, tab: str, record_id: str, row: Mapping[str, str], now: datetime) -> bool:
        """Queue a record; False when that record id was queued before (nothing changes)."""
        with self._lock:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO outbox (tab, record_id, row_json, created_at) VALUES (?, ?, ?, ?)",
                (tab, record_id, self._seal.seal(tab, record_id, row), now.isoformat()))
            return cursor.rowcount == 1

    def put_record(self, tab: TableSpec, row: Mapping[str, str], now: datetime) -> bool:
        """Queue a row for a writable tab; its key column is its record id."""
        return self.put(tab.name, record_id_of(tab, row), row, now)

    def due(self, tab: str, now: datetime, limit: int, *, waiting_too: bool = False,
            lease: timedelta = timedelta(minutes=2)) -> list[Entry]:
        """Claim up to ``limit`` due records (``waiting_too``: also those backing off) for ``lease``.

        A claimed record is not handed to another flusher until the lease ends, so two flushers (a
        thread and ``ita-bot outbox flush``) never send the same rows at once.
        """
        horizon = datetime.max if waiting_too else now
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                rows = self._db.execute(
                    "SELECT seq, tab, record_id, row_json, attempts FROM outbox "
                    "WHERE done_at IS NULL AND tab = ? AND next_try_at <= ? ORDER BY seq LIMIT ?",
                    (tab, horizon.isoformat(), limit)).fetchall()
                until = (now + lease).isoformat()
                self._db.executemany("UPDATE outbox SET next_try_at = ? WHERE seq = ?", [(until, r[0]) for r in rows])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return [Entry(seq, tab_name, rid, self._seal.open(tab_name, rid, row), attempts)
                for seq, tab_name, rid, row, attempts in rows]

    def pending_row(self, tab: str, record_id: str) -> dict[str, str] | None:
        """The row of a record still waiting for the sheet; None once written (or never queued)."""
        with self._lock:
            found = self._db.execute("SELECT row_json FROM outbox WHERE tab = ? AND record_id = ? AND done_at IS NULL",
                                     (tab, record_id)).fetchone()
        return self._seal.open(tab, record_id, found[0]) if found else None

    def tabs_due(self, now: datetime, *, waiting_too: bool = False) -> list[str]:
        horizon = datetime.max if waiting_too else now
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT tab FROM outbox WHERE done_at IS NULL AND next_try_at <= ?",
                                    (horizon.isoformat(),)).fetchall()
        return [tab for (tab,) in rows]

    def mark_attempt(self, entries: list[Entry]) -> None:
        """Recorded before the request is sent: after a crash we know the rows may have landed."""
        self._update("UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?", [(e.seq,) for e in entries])

    def mark_done(self, entries: list[Entry], now: datetime) -> None:
        """The row is in the sheet: keep only its record id (so it is never queued twice), not its text."""
        self._update(f"UPDATE outbox SET done_at = ?, last_error = NULL, row_json = '{PURGED}' WHERE seq = ?",
                     [(now.isoformat(), e.seq) for e in entries])
        with self._lock:
            forget_wal(self._db)

    def defer(self, entries: list[Entry], until: datetime, error: str) -> None:
        self._update("UPDATE outbox SET next_try_at = ?, last_error = ? WHERE seq = ?",
                     [(until.isoformat(), error, e.seq) for e in entries])

    def depth(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM outbox WHERE done_at IS NULL").fetchone()
        return int(count)

    def _update(self, sql: str, params: list[tuple[object, ...]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(sql, params)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise


class OutboxWriter:
    """What handlers write through: a row is durable in the outbox when ``submit`` returns."""

    def __init__(self, outbox: OutboxStore, clock: Callable[[], datetime], *,
                 on_put: Callable[[], None] = lambda: None) -> None:
        self.outbox = outbox
        self.clock = clock
        self.on_put = on_put
        """Told after each new record: the flusher runs soon instead of at its idle pace."""

    def submit(self, tab: TableSpec, row: Mapping[str, str]) -> bool:
        queued = self.outbox.put_record(tab, row, self.clock())
        if queued:
            self.on_put()
        return queued

    def pending(self, tab: TableSpec, record_id: str) -> dict[str, str] | None:
        """A row submitted but not yet in the sheet (what ติดตาม shows before the flush)."""
        return self.outbox.pending_row(tab.name, record_id)
