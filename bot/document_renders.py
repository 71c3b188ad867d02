"""Rendered documents kept per link for the link's life, and at most a few renders (LibreOffice) at a time.

A burst of GETs of one link renders it once: the first request renders, the others wait for it a little
and then get the cached file, or ``Busy`` (a Thai 503 with Retry-After) when it takes longer. Requests for
other links wait as briefly for one of the ``slots``. At most ``max_waiting`` requests wait at all (the
rest are Busy at once): a burst never holds more than ``slots + max_waiting`` server threads. The cache
is in memory, bounded in bytes (least recently used goes first), and an entry goes when its link expires.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

SLOTS = 2
WAIT_SECONDS = 1.0
MAX_BYTES = 64 * 1024 * 1024
RETRY_AFTER = 15
"""Seconds a refused request is told to wait: about one LibreOffice conversion."""


class Busy(RuntimeError):
    """Every render slot stayed taken (or this link's render went on) longer than the wait."""


@dataclass(frozen=True)
class Rendered:
    """A document's file and the name it is downloaded as."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class _Entry:
    rendered: Rendered
    expires: datetime


class DocumentRenders:
    def __init__(self, clock: Callable[[], datetime], *, slots: int = SLOTS, wait: float = WAIT_SECONDS,
                 max_waiting: int = SLOTS, max_bytes: int = MAX_BYTES,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.wait = wait
        self.max_waiting = max_waiting
        self._waiting = 0
        self.max_bytes = max_bytes
        self.monotonic = monotonic
        self._slots = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        self._running: dict[str, threading.Event] = {}

    def get(self, link: str, expires: datetime, render: Callable[[], Rendered]) -> Rendered:
        """The link's file: from the cache, from this link's render under way, or rendered now; Busy otherwise."""
        key = hashlib.sha256(link.encode()).hexdigest()
        deadline = self.monotonic() + self.wait
        while True:
            with self._lock:
                cached = self._cached(key)
                if cached is not None:
                    return cached
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = threading.Event()
                    break
            if not self._wait(running.wait, deadline):
                raise Busy(link)
        try:
            return self._render(key, expires, render, deadline)
        finally:
            with self._lock:
                self._running.pop(key, None)
            running.set()

    def _render(self, key: str, expires: datetime, render: Callable[[], Rendered], deadline: float) -> Rendered:
        if not self._slots.acquire(blocking=False) and not self._wait(self._take_slot, deadline):
            raise Busy(key)
        try:
            rendered = render()
        finally:
            self._slots.release()
        with self._lock:
            self._keep(key, _Entry(rendered, expires))
        return rendered

    def _take_slot(self, timeout: float) -> bool:
        return self._slots.acquire(timeout=timeout)

    def _wait(self, waiter: Callable[[float], bool], deadline: float) -> bool:
        """Wait (until ``deadline``) as one of at most ``max_waiting``; False when there is no room or no luck."""
        with self._lock:
            if self._waiting >= self.max_waiting:
                return False
            self._waiting += 1
        try:
            return waiter(max(0.0, deadline - self.monotonic()))
        finally:
            with self._lock:
                self._waiting -= 1

    def _cached(self, key: str) -> Rendered | None:
        """A live entry (marked as just used); expired ones are dropped on the way."""
        now = self.clock()
        for stale in [k for k, entry in self._cache.items() if entry.expires <= now]:
            del self._cache[stale]
        entry = self._cache.get(key)
        if entry is None:
            return None
        self._cache.move_to_end(key)
        return entry.rendered

    def _keep(self, key: str, entry: _Entry) -> None:
        if len(entry.rendered.data) > self.max_bytes:
            return
        self._cache[key] = entry
        while sum(len(kept.rendered.data) for kept in self._cache.values()) > self.max_bytes:
            self._cache.popitem(last=False)
