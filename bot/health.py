"""What /healthz reports of each office, without reading a sheet; with many offices, never waiting on the store.

An office's snapshot figures are in memory and always current. Its queue depths are a few state-store calls;
with up to ``FRESH_UP_TO`` offices they are read on each probe, beyond that they are at most ``MAX_AGE``
seconds old, refreshed by one background thread, so a probe of 300 offices does not wait on ~900 Redis calls.
An office new to the probe reports its depths as unknown (null) until that thread has read them: at start-up
a probe never waits on the store, whichever thread holds the interpreter while the offices warm.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.runtime import Runtime

log = logging.getLogger(__name__)
FRESH_UP_TO = 20
MAX_AGE = 15.0
"""A refresh of 300 offices is about 900 store calls: every 15 s while probed, not a steady cost when idle."""
Depths = dict[str, Any]


UNREAD: Depths = {"state_error": False, "outbox_depth": None, "event_queue_depth": None, "events_in_progress": None}
NEVER = float("-inf")


def depths(runtime: Runtime) -> Depths:
    """The office's queues, or ``state_error`` when its state store does not answer."""
    try:
        outbox: int | None = runtime.outbox.depth()
        events: int | None = runtime.events.depth
    except Exception as error:  # Redis unreachable: the instance cannot take complaints
        log.error("state store unreachable (%s)", type(error).__name__)
        outbox = events = None
    return {"state_error": outbox is None, "outbox_depth": outbox, "event_queue_depth": events,
            "events_in_progress": events}


def office_health(runtime: Runtime, queues: Depths) -> dict[str, Any]:
    status = runtime.snapshots.status()
    return {"snapshot_age_seconds": status.age_seconds, "snapshot_error": status.last_error is not None, **queues}


def healthy(office: Mapping[str, Any]) -> bool:
    return office["snapshot_age_seconds"] is not None and not office["state_error"]


class HealthFigures:
    """Each office's figures for /healthz; the queue depths cached when there are many offices."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 in_background: Callable[[Callable[[], None]], None] | None = None) -> None:
        self._clock = clock
        self._in_background = in_background or _thread
        self._queues: dict[str, tuple[float, Depths]] = {}
        self._lock = threading.Lock()
        self._refreshing = False

    def of(self, runtimes: Mapping[str, Runtime], *, few: bool | None = None) -> dict[str, dict[str, Any]]:
        """``few``: read every office's queues now (default: up to ``FRESH_UP_TO`` offices)."""
        if len(runtimes) <= FRESH_UP_TO if few is None else few:
            return {office: office_health(runtime, depths(runtime)) for office, runtime in runtimes.items()}
        with self._lock:
            self._queues = {office: self._queues.get(office, (NEVER, UNREAD)) for office in runtimes}
            known = dict(self._queues)
        self._refresh_if_stale(runtimes, known)
        return {office: office_health(runtime, known[office][1]) for office, runtime in runtimes.items()}

    def _refresh_if_stale(self, runtimes: Mapping[str, Runtime], known: Mapping[str, tuple[float, Depths]]) -> None:
        """Read, off the request, the offices never read or read ``MAX_AGE`` ago (one refresh at a time)."""
        now = self._clock()
        stale = {office: runtimes[office] for office, (when, _) in known.items() if now - when >= MAX_AGE}
        with self._lock:
            if self._refreshing or not stale:
                return
            self._refreshing = True
        self._in_background(lambda: self._refresh(stale))

    def _refresh(self, runtimes: dict[str, Runtime]) -> None:
        try:
            for office, runtime in runtimes.items():
                figures = (self._clock(), depths(runtime))
                with self._lock:
                    if office in self._queues:
                        self._queues[office] = figures
        finally:
            with self._lock:
                self._refreshing = False


def _thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="health-figures", daemon=True).start()
