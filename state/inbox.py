"""The durable inbox: verified webhook events kept on disk before LINE gets its 200 (DESIGN §9).

Events of one source (a person, a group) are handed out one at a time, in LINE's order (timestamp,
then position in the body); a source is leased while one of its events is handled, so other sources
go on meanwhile. An event leaves the inbox when it is done; its webhookEventId is remembered for a
week, so a redelivery is not queued again. ``RedisInbox`` is the twin that many instances share.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from state.sealing import Cipher, SealError, seal_clear_rows
from state.sqlite import close_scrubbed, connect, forget_wal

log = logging.getLogger(__name__)
KEEP_SEEN = timedelta(days=7)
MAX_STAMP = 2**53  # LINE's milliseconds fit; anything larger is clamped rather than overflow SQLite/Redis

SCHEMA = """
CREATE TABLE IF NOT EXISTS inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    stamp INTEGER NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS inbox_order ON inbox (source, stamp, seq);
CREATE TABLE IF NOT EXISTS inbox_seen (event_id TEXT PRIMARY KEY, seen_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS inbox_seen_age ON inbox_seen (seen_at);
CREATE TABLE IF NOT EXISTS inbox_leases (source TEXT PRIMARY KEY, until REAL NOT NULL, holder TEXT NOT NULL);
"""
TAKE = """
SELECT i.seq, i.event_id, i.source, i.stamp, i.payload, i.attempts FROM inbox AS i
WHERE NOT EXISTS (SELECT 1 FROM inbox_leases AS l WHERE l.source = i.source)
  AND NOT EXISTS (SELECT 1 FROM inbox AS j WHERE j.source = i.source
                  AND (j.stamp < i.stamp OR (j.stamp = i.stamp AND j.seq < i.seq)))
ORDER BY i.seq LIMIT 1
"""


@dataclass(frozen=True)
class NewEvent:
    """One verified event as the webhook received it; ``source`` is a pseudonym of who sent it."""

    event_id: str
    source: str
    stamp: int
    payload: str


@dataclass(frozen=True)
class InboxEvent:
    seq: int
    event_id: str
    source: str
    stamp: int
    payload: str
    attempts: int
    """Including this one: 1 the first time an event is handed out, more after a crash or a failure."""


class InboxFullError(RuntimeError):
    """The inbox holds its bound: the webhook answers 503 and LINE redelivers later."""

    def __init__(self, accepted: int) -> None:
        super().__init__(f"inbox full after {accepted} events")
        self.accepted = accepted


class InboxStore(Protocol):
    """The durable inbox on SQLite (``Inbox``) or Redis (``RedisInbox``); times are epoch seconds."""

    def put(self, events: Sequence[NewEvent], now: float, limit: int) -> int:
        """Keep ``events`` (in order) unless seen before; how many were new.

        Raises InboxFullError (after keeping those that fit) when more than ``limit`` would wait.
        """
        ...

    def take(self, now: float, lease: float, holder: str) -> InboxEvent | None:
        """The next event of a source nobody holds, leased to ``holder`` until ``now + lease``."""
        ...

    def renew(self, sources: Sequence[str], until: float) -> None: ...

    def done(self, event: InboxEvent) -> None:
        """Handled: the event leaves the inbox and its source is free for the next one."""
        ...

    def retry_later(self, event: InboxEvent, until: float) -> None:
        """Failed: the source waits until ``until``, then this event is handed out again (still first)."""
        ...

    def release_holder(self, holder: str) -> int:
        """Free the sources a dead process held (its events are handed out again at once)."""
        ...

    def holders(self) -> list[str]: ...

    def depth(self) -> int:
        """Events waiting or being handled."""
        ...

    def sweep(self, now: float) -> int:
        """Forget webhookEventIds seen longer than ``KEEP_SEEN`` ago; on SQLite also empty the WAL, where handled
        events (their sender's pseudonym) would otherwise linger; how many ids went."""
        ...

    def close(self) -> None: ...


class EventSeal:
    """Event bodies (the sender's userId, what they typed) sealed, each bound to its webhookEventId."""

    def __init__(self, secret: str) -> None:
        self.cipher = Cipher(secret, "inbox")

    def seal(self, event: NewEvent) -> str:
        return self.cipher.seal(event.payload, event.event_id)

    def open(self, event_id: str, payload: str) -> str:
        """An event sealed with another ITA_SECRET_KEY cannot be read: "" (the dispatcher drops it, logged)."""
        try:
            return self.cipher.open(payload, event_id)
        except SealError:
            log.error("an event sealed with another ITA_SECRET_KEY cannot be read: dropped")
            return ""


class Inbox:
    """SQLite, WAL, ``synchronous=FULL`` for what the webhook acknowledges; event bodies sealed (``EventSeal``).

    Leases and done markers are written with ``synchronous=NORMAL``: a power cut may forget one,
    and then an event is handled again, which the dispatcher makes harmless (turns are replayed).
    """

    def __init__(self, path: Path, secret: str) -> None:
        self._db = connect(path, SCHEMA, synchronous="FULL")
        self._lock = threading.Lock()
        self._puts = 0
        self._seal = EventSeal(secret)
        if seal_clear_rows(self._db, self._seal.cipher, "inbox", "payload", "event_id"):
            forget_wal(self._db)

    def close(self) -> None:
        with self._lock:  # never while a worker thread is inside a statement (closing under it can crash SQLite)
            close_scrubbed(self._db)

    def put(self, events: Sequence[NewEvent], now: float, limit: int) -> int:
        with self._lock:
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                new, full = self._insert(events, now, limit)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._puts += 1
            if self._puts % 1000 == 0:
                self._db.execute("DELETE FROM inbox_seen WHERE seen_at < ?", (now - KEEP_SEEN.total_seconds(),))
        if full:
            raise InboxFullError(new)
        return new

    def _insert(self, events: Sequence[NewEvent], now: float, limit: int) -> tuple[int, bool]:
        (waiting,) = self._db.execute("SELECT COUNT(*) FROM inbox").fetchone()
        new = 0
        for event in events:
            if self._db.execute("SELECT 1 FROM inbox_seen WHERE event_id = ?", (event.event_id,)).fetchone():
                continue
            if waiting >= limit:
                return new, True
            self._db.execute("INSERT INTO inbox_seen VALUES (?, ?)", (event.event_id, now))
            self._db.execute("INSERT INTO inbox (event_id, source, stamp, payload) VALUES (?, ?, ?, ?)",
                             (event.event_id, event.source, min(max(event.stamp, 0), MAX_STAMP),
                              self._seal.seal(event)))
            waiting += 1
            new += 1
        return new, False

    def take(self, now: float, lease: float, holder: str) -> InboxEvent | None:
        with self._lock:
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM inbox_leases WHERE until < ?", (now,))
                row = self._db.execute(TAKE).fetchone()
                if row is not None:
                    self._db.execute("INSERT INTO inbox_leases VALUES (?, ?, ?)", (row[2], now + lease, holder))
                    self._db.execute("UPDATE inbox SET attempts = attempts + 1 WHERE seq = ?", (row[0],))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        if row is None:
            return None
        seq, event_id, source, stamp, payload, attempts = row
        return InboxEvent(seq, event_id, source, stamp, self._seal.open(event_id, payload), attempts + 1)

    def renew(self, sources: Sequence[str], until: float) -> None:
        with self._lock:
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executemany("UPDATE inbox_leases SET until = ? WHERE source = ?",
                                 [(until, source) for source in sources])

    def done(self, event: InboxEvent) -> None:
        with self._lock:
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("DELETE FROM inbox WHERE seq = ?", (event.seq,))
            self._db.execute("DELETE FROM inbox_leases WHERE source = ?", (event.source,))
            self._db.execute("COMMIT")

    def retry_later(self, event: InboxEvent, until: float) -> None:
        with self._lock:
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("UPDATE inbox_leases SET until = ? WHERE source = ?", (until, event.source))

    def release_holder(self, holder: str) -> int:
        with self._lock:
            return self._db.execute("DELETE FROM inbox_leases WHERE holder = ?", (holder,)).rowcount

    def holders(self) -> list[str]:
        with self._lock:
            return [holder for (holder,) in self._db.execute("SELECT DISTINCT holder FROM inbox_leases")]

    def depth(self) -> int:
        with self._lock:
            (count,) = self._db.execute("SELECT COUNT(*) FROM inbox").fetchone()
        return int(count)

    def sweep(self, now: float) -> int:
        with self._lock:
            self._db.execute("PRAGMA synchronous=NORMAL")
            gone = self._db.execute("DELETE FROM inbox_seen WHERE seen_at < ?",
                                    (now - KEEP_SEEN.total_seconds(),)).rowcount
            forget_wal(self._db)
        return int(gone)
