"""Which offices' sheets to read again, for all offices of a process: pushes, Drive's feed, the hourly sweep.

Small units a scheduler calls: ``mark`` (a push), ``poll_once`` (Drive, every 15–30 s), ``tick`` (the
sweep, and the reads that are due, within each service account's budget, so nobody waits on them).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sheets.budget import SheetsBudget
from sheets.drive_changes import DriveChanges
from sheets.snapshot import SnapshotCache

log = logging.getLogger(__name__)
SWEEP_SECONDS = 3600.0
KEEP_FOR_WRITES = 5
"""Reads a minute the refresher leaves to the flusher (it reads a tab before appending to it)."""


@dataclass
class WatchedOffice:
    office: str
    snapshots: SnapshotCache
    spreadsheet_id: str | None
    account: str | None
    budget: SheetsBudget | None
    claim: Callable[[str, str], bool]
    """claim(job, period): once per period across instances (the state store's job claims)."""
    pushed: bool = False
    swept: int = -1
    """The last sweep period this instance tried to claim (one claim per office and hour, not per tick)."""


class SheetWatch:
    def __init__(self, clock: Callable[[], datetime], sweep_seconds: float = SWEEP_SECONDS) -> None:
        self.clock = clock
        self.sweep_seconds = sweep_seconds
        self.offices: dict[str, WatchedOffice] = {}
        self.feeds: list[DriveChanges] = []
        self._next = 0

    def add(self, watched: WatchedOffice) -> None:
        self.offices[watched.office] = watched

    def remove(self, watched: WatchedOffice) -> None:
        """The office stopped: forget it, unless a newer runtime of the same office took its place."""
        if self.offices.get(watched.office) is watched:
            del self.offices[watched.office]

    def mark(self, office: str) -> None:
        """A push from the sheet's Apps Script: read it again; its edits come by push from now on."""
        watched = self.offices[office]
        watched.pushed = True
        watched.snapshots.timer = False
        watched.snapshots.mark_changed()

    def mark_file(self, file_id: str) -> bool:
        """Drive listed a change of ``file_id``: mark every office whose sheet it is."""
        hits = [w for w in list(self.offices.values()) if w.spreadsheet_id == file_id]
        for watched in hits:
            watched.snapshots.mark_changed()
        return bool(hits)

    def poll_once(self) -> int:
        """One call to each service account's Drive feed; offices it covers drop the TTL timer."""
        feeds = list(self.feeds)
        marked = sum(feed.poll_once() for feed in feeds)
        live = {feed.account for feed in feeds if feed.live}
        for watched in list(self.offices.values()):
            watched.snapshots.timer = not (watched.pushed or watched.account in live)
        return marked

    def tick(self, now: datetime | None = None) -> int:
        """The sweep, then the due reads while budgets allow (offices taken in turn); how many were read."""
        now = now or self.clock()
        self._sweep(now)
        offices = list(self.offices.values())
        rooms: dict[int, int] = {}  # reads left in each account's minute: asked once a tick, counted down here
        read = 0
        for n in range(len(offices)):
            watched = offices[(self._next + n) % len(offices)]
            on_timer = watched.snapshots.timer and watched.snapshots.peek() is not None
            if on_timer or not watched.snapshots.refresh_due():  # a timer office is read by its questions
                continue
            budget = watched.budget
            if budget is not None:
                room = rooms[id(budget)] = rooms.get(id(budget), budget.room("read"))
                if room <= KEEP_FOR_WRITES:
                    continue
                rooms[id(budget)] = room - 1
            watched.snapshots.get(wait=0)
            read += 1
        self._next = (self._next + 1) % max(1, len(offices))
        return read

    def _sweep(self, now: datetime) -> None:
        """About hourly per office, spread over the hour by the office's id, once across instances."""
        for watched in list(self.offices.values()):
            offset = int(hashlib.sha256(watched.office.encode()).hexdigest()[:8], 16) % int(self.sweep_seconds)
            period = int((now.timestamp() - offset) // self.sweep_seconds)
            if watched.snapshots.timer or watched.swept == period:
                continue
            watched.swept = period
            if watched.claim("sheet-sweep", str(period)):
                watched.snapshots.mark_changed()
