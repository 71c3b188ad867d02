"""The threads beside the web requests, shared by every office of the process; their number does not grow with offices.

``events``: the event workers of all inboxes; ``writes``: every office's outbox flusher; ``chores``:
complaint-sync, officer digests and first reads; ``scheduler``: one APScheduler for every office's jobs;
``photos``: the one thread that decodes web-form photos, one request at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.event_pool import EventPool
from bot.jobs import Scheduler
from bot.photo_decoding import PhotoDecoder
from bot.timers import SharedTimers


@dataclass(frozen=True)
class Timing:
    """How often the background work runs; None turns a part off (tests drive it by hand)."""

    flush_interval: float | None = 2.0
    sync_interval: float | None = 60.0
    event_threads: int = 4
    """Event workers one office may hold at once (and the pool's size with one office)."""
    event_capacity: int = 10_000
    """The inbox's bound: events waiting beyond it get a 503 (LINE redelivers them)."""
    scheduler: bool = False
    inbox_lease: float = 30.0
    """Seconds before another worker takes an event whose worker stopped renewing (a crashed instance)."""
    pool_threads: int = 16
    """Event workers of the whole process, whatever the number of offices."""
    inbox_sweep: float = 60.0
    """Every inbox is looked at once in this many seconds (events another instance left, ended leases)."""
    flush_idle: float = 120.0
    """An office whose outbox was empty is flushed again after this long, or as soon as a record is queued."""
    timer_threads: int = 4


@dataclass
class Workers:
    events: EventPool
    writes: SharedTimers
    chores: SharedTimers
    scheduler: Scheduler | None
    photos: PhotoDecoder

    def remove_office(self, office: str) -> None:
        """Stop every shared part's work for ``office`` (its events in hand are finished first)."""
        self.events.remove_office(office)
        self.writes.remove_office(office)
        self.chores.remove_office(office)
        if self.scheduler is not None:
            self.scheduler.remove_office(office)

    def stop(self) -> None:
        self.events.stop()
        self.writes.stop()
        self.chores.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        self.photos.close()


def start_workers(timing: Timing, *, many: bool = False) -> Workers:
    """The shared parts for one office, or (``many``) for offices listed in ITA_OFFICES, added and removed at will."""
    threads = max(timing.event_threads, timing.pool_threads) if many else timing.event_threads
    events = EventPool(threads=threads, share=min(threads, timing.event_threads), lease=timing.inbox_lease,
                       sweep=timing.inbox_sweep)
    writes = SharedTimers(threads=timing.timer_threads, name="sheet-writes")
    chores = SharedTimers(threads=timing.timer_threads, name="chores")
    return Workers(events, writes, chores, Scheduler() if timing.scheduler else None, PhotoDecoder())
