"""The bot's view of the workbook: one batched read per refresh, served from memory in between."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sheets.backend import BackendError, WorkbookBackend
from sheets.workbook import Snapshot, parse_workbook

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SnapshotStatus:
    age_seconds: float | None
    stale: bool
    last_error: str | None


class SnapshotCache:
    """Refreshes when older than ``ttl`` seconds, when the backend says it changed, or on demand.

    A failed refresh keeps serving the last good snapshot; ``status()`` tells its age.
    """

    def __init__(self, backend: WorkbookBackend, clock: Clock, ttl: float = 30.0) -> None:
        self.backend = backend
        self.clock = clock
        self.ttl = ttl
        self._snapshot: Snapshot | None = None
        self._version: object | None = None
        self._last_attempt: datetime | None = None
        self._last_error: str | None = None
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
        return self._snapshot

    def refresh(self) -> Snapshot | None:
        with self._lock:
            self._refresh_locked()
        return self._snapshot

    def expire(self) -> None:
        """The bot itself changed the sheet: the next ``get`` reads it again."""
        self._last_attempt = None

    def status(self) -> SnapshotStatus:
        age = (self.clock() - self._snapshot.loaded_at).total_seconds() if self._snapshot else None
        return SnapshotStatus(age, age is None or age > self.ttl, self._last_error)

    def refresh_due(self) -> bool:
        now = self.clock()
        if self._last_attempt is None or (now - self._last_attempt).total_seconds() >= self.ttl:
            return True
        version = self.backend.version()
        return version is not None and version != self._version

    def _refresh_locked(self) -> None:
        self._last_attempt = self.clock()
        version = self.backend.version()
        try:
            raw = self.backend.read_tables()
        except BackendError as error:
            self._last_error = str(error)
            log.warning("snapshot refresh failed (%s); serving the previous one", type(error).__name__)
            return
        self._snapshot = parse_workbook(raw, self.clock())
        self._version = version
        self._last_error = None
