"""The bot's view of the workbook: one batched read per change, served from memory in between.

A read is due when the sheet was marked changed (a push, Drive, the sweep, the bot's own row change), when
no read has succeeded yet, when the local file's time moved, or, while no change detection watches the
sheet (``timer``), every ``ttl`` seconds. With a shared store (Redis) one instance reads and the others load
that read instead of asking Google.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sheets.backend import BackendError, WorkbookBackend
from sheets.budget import BudgetExhausted
from sheets.workbook import Snapshot, parse_workbook
from state.shared_snapshot import LocalSnapshot, SharedSnapshot, StoredRead

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
READ_CLAIM_SECONDS = 60.0


@dataclass(frozen=True)
class SnapshotStatus:
    age_seconds: float | None
    stale: bool
    last_error: str | None


class SnapshotCache:
    """A failed refresh keeps serving the last good snapshot; ``status()`` tells its age."""

    def __init__(self, backend: WorkbookBackend, clock: Clock, ttl: float = 30.0, *,
                 shared: SharedSnapshot | None = None) -> None:
        self.backend = backend
        self.clock = clock
        self.ttl = ttl
        self.shared = shared or LocalSnapshot()
        self.timer = True
        """Re-read every ``ttl`` seconds; False while change detection (push, Drive) watches the sheet."""
        self._snapshot: Snapshot | None = None
        self._seen = -1
        self._read_at = 0.0
        self._version: object | None = None
        self._last_attempt: datetime | None = None
        self._last_error: str | None = None
        self._behind_since: datetime | None = None
        self._lock = threading.Lock()

    def get(self, *, wait: float | None = None) -> Snapshot | None:
        """The current snapshot, refreshed first if due; None only if no read has ever succeeded.

        ``wait``: while another thread is refreshing, wait at most this long, then serve what we have.
        Web requests pass it, so a slow or failing sheet cannot hold the threads other offices share.
        """
        if self.refresh_due() or self._snapshot is None:  # None: a first read may be under way, wait for it
            if not self._lock.acquire(timeout=-1 if wait is None else wait):
                return self._snapshot
            try:
                if self.refresh_due():
                    self._refresh_locked()
            finally:
                self._lock.release()
        self._note_behind()
        return self._snapshot

    def peek(self) -> Snapshot | None:
        """The snapshot held now, never reading (health reports, benchmarks)."""
        return self._snapshot

    def refresh(self) -> Snapshot | None:
        with self._lock:
            self._refresh_locked()
        return self._snapshot

    def mark_changed(self) -> None:
        """The sheet changed (here or, with Redis, seen by any instance): the next ``get`` reads it again."""
        self.shared.mark_changed()

    expire = mark_changed
    """The bot itself changed the sheet (a row change): read it again."""

    def status(self) -> SnapshotStatus:
        """``stale``: older than the office's ITA_CACHE_TTL allows: on the timer, older than the TTL; watched,
        a change waiting longer than the TTL (the budget or the sheet held its read back)."""
        now = self.clock()
        age = (now - self._snapshot.loaded_at).total_seconds() if self._snapshot else None
        behind = self._behind_since is not None and (now - self._behind_since).total_seconds() > self.ttl
        stale = age is None or behind or (self.timer and age > self.ttl)
        return SnapshotStatus(age, stale, self._last_error)

    def _note_behind(self) -> None:
        """When a change is known but not read yet (its read waits for the budget), from when."""
        if self._snapshot is None or self.shared.changes() <= self._seen:
            self._behind_since = None
        elif self._behind_since is None:
            self._behind_since = self.clock()

    def refresh_due(self) -> bool:
        failing = self._last_attempt is not None and self._last_error is not None
        if failing and self._since_attempt() < min(self.ttl, 10):
            return False  # a failing sheet is asked again after a pause, not at every question
        if self._snapshot is None or self.shared.changes() > self._seen:
            return True
        if self.timer and (self._last_attempt is None or self._since_attempt() >= self.ttl):
            return True
        version = self.backend.version()
        return version is not None and version != self._version

    def _since_attempt(self) -> float:
        assert self._last_attempt is not None
        return (self.clock() - self._last_attempt).total_seconds()

    def _refresh_locked(self) -> None:
        now = self.clock()
        generation = self.shared.changes()
        if self._adopt_shared(generation, now):
            return
        if not self.shared.claim_read(READ_CLAIM_SECONDS):
            return  # another instance is reading it: serve ours until it has stored the read
        try:
            self._read(generation, now)
        finally:
            self.shared.release_read()

    def _adopt_shared(self, generation: int, now: datetime) -> bool:
        """Take another instance's read when it covers every change and is fresh enough: no request to Google."""
        latest = self.shared.latest()
        if latest is None or latest.generation < generation or (self._snapshot and latest.read_at <= self._read_at):
            return False
        if self.timer and now.timestamp() - latest.read_at >= self.ttl:
            return False
        loaded = self.shared.load()
        if loaded is None:
            return False
        read, tables = loaded
        self._snapshot = parse_workbook(tables, datetime.fromtimestamp(read.read_at, now.tzinfo))
        self._seen, self._read_at, self._last_attempt, self._last_error = read.generation, read.read_at, now, None
        return True

    def _read(self, generation: int, now: datetime) -> None:
        version = self.backend.version()
        try:
            raw = self.backend.read_tables()
        except BudgetExhausted:
            return  # not a problem of the sheet: asked again at the next question or watch tick
        except BackendError as error:
            self._last_attempt, self._last_error = now, str(error)
            log.warning("snapshot refresh failed (%s); serving the previous one", type(error).__name__)
            return
        self.shared.store(StoredRead(generation, now.timestamp()), raw)
        self._snapshot = parse_workbook(raw, self.clock())
        self._seen, self._read_at, self._version = generation, now.timestamp(), version
        self._last_attempt, self._last_error = now, None
