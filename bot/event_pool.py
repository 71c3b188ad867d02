"""One bounded set of event workers for every office's durable inbox (DESIGN §12).

Each office keeps the inbox's guarantees (bot/pump.py): an event leaves its inbox only when handled
or given up, one person's events one at a time in LINE's order, leases renewed while held. Offices
are served in turn (``FairQueue``), one office at most ``share`` workers. One housekeeping thread
renews the leases and looks again at offices that had events lately (retries, other instances'
ended leases) every ``poll`` seconds, and at every office once per ``sweep`` seconds.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bot.fair_queue import FairQueue
from bot.pump import free_dead_holders, handle_event, new_holder
from state.inbox import InboxEvent, InboxStore

log = logging.getLogger(__name__)
Handler = Callable[[InboxEvent], None]


@dataclass
class _Office:
    inbox: InboxStore
    handle: Handler
    give_up: Handler
    after_done: Handler
    active: dict[int, InboxEvent] = field(default_factory=dict)
    hot_until: float = 0.0


class EventPool:
    """``threads`` workers shared by the offices added with ``add_office``."""

    def __init__(self, *, threads: int = 16, share: int = 4, lease: float = 30.0, poll: float = 1.0,
                 sweep: float = 15.0, max_attempts: int = 5, wall: Callable[[], float] = time.time,
                 name: str = "events", start: bool = True) -> None:
        self.lease, self.poll, self.sweep, self.max_attempts = lease, poll, sweep, max_attempts
        self.holder = new_holder()
        self._wall = wall
        self._queue = FairQueue(share)
        self._offices: dict[str, _Office] = {}
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._cursor = 0
        self._last_renewal = wall()
        self._threads = [threading.Thread(target=self._work_loop, name=f"{name}-{n}", daemon=True)
                         for n in range(threads)]
        self._threads.append(threading.Thread(target=self._housekeeping, name=f"{name}-leases", daemon=True))
        if start:
            for thread in self._threads:
                thread.start()

    def add_office(self, office: str, inbox: InboxStore, handle: Handler, *,
                   give_up: Handler = lambda event: None, after_done: Handler = lambda event: None) -> OfficeEvents:
        """Serve ``office``'s inbox from now on (its events left by a stopped process of this machine too)."""
        free_dead_holders(inbox)
        with self._lock:
            self._offices[office] = _Office(inbox, handle, give_up, after_done)
            self._queue.restore(office)
        self.notify(office)
        return OfficeEvents(self, office, inbox)

    def remove_office(self, office: str, timeout: float = 10.0) -> None:
        """Stop serving ``office``: wait for its events in hand, then free its leases."""
        with self._lock:
            self._queue.drop(office)
            self._lock.wait_for(lambda: not self._queue.busy(office), timeout)
            entry = self._offices.pop(office, None)
            self._lock.notify_all()
        if entry is not None:
            try:
                entry.inbox.release_holder(self.holder)
            except Exception as error:  # the store is down: the leases end by themselves
                log.warning("inbox leases not released (%s)", type(error).__name__)

    def offices(self) -> list[str]:
        with self._lock:
            return list(self._offices)

    def notify(self, office: str) -> None:
        """Events were put in ``office``'s inbox."""
        with self._lock:
            entry = self._offices.get(office)
            if entry is None:
                return
            entry.hot_until = self._wall() + self.lease + 65.0  # the longest retry wait, and a lease
            self._queue.mark(office)
            self._lock.notify_all()

    def wait_idle(self, office: str, timeout: float = 60.0) -> bool:
        """Block until ``office``'s inbox is empty and no worker holds one of its events."""
        with self._lock:
            entry = self._offices.get(office)
            if entry is None:
                return True
            return self._lock.wait_for(lambda: not self._queue.busy(office) and entry.inbox.depth() == 0, timeout)

    def busy(self, office: str) -> int:
        with self._lock:
            return self._queue.busy(office)

    def stop(self) -> None:
        self._stop.set()
        for office in self.offices():
            self.remove_office(office)
        with self._lock:
            self._lock.notify_all()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=10)

    def serve_one(self) -> bool:
        """One turn of a worker: take the next office's next event and handle it; False if none was waiting."""
        with self._lock:
            office = self._queue.next()
            entry = self._offices.get(office) if office else None
        if office is None:
            return False
        try:
            event = self._take(entry) if entry else None
            if event is None or entry is None:
                return True
            with self._lock:
                entry.active[event.seq] = event
                self._queue.mark(office)  # there may be more: served in its next turn
                self._lock.notify_all()
            with named_after(f"events-{office}"):  # the log's thread column names the office
                handle_event(entry.inbox, event, entry.handle, give_up=entry.give_up, after_done=entry.after_done,
                             max_attempts=self.max_attempts, wall=self._wall)
            with self._lock:
                entry.active.pop(event.seq, None)
                entry.hot_until = self._wall() + self.lease + 65.0
                self._queue.mark(office)  # the person's next event is free now
        finally:
            with self._lock:
                self._queue.release(office)
                self._lock.notify_all()
        return True

    def housekeep(self) -> None:
        """Renew the leases in hand when due, and mark offices whose inbox may hold events."""
        now = self._wall()
        with self._lock:
            entries = list(self._offices.items())
            if now - self._last_renewal >= self.lease / 3:
                self._last_renewal = now
                held = [(entry.inbox, [e.source for e in entry.active.values()]) for _, entry in entries]
            else:
                held = []
            for office in self._to_look_at(entries, now):
                self._queue.mark(office)
            self._lock.notify_all()
        for inbox, sources in held:
            if sources:
                self._renew(inbox, sources, now)

    def _to_look_at(self, entries: list[tuple[str, _Office]], now: float) -> set[str]:
        """Offices with recent events, and the next slice of all offices (each once per ``sweep``)."""
        chosen = {office for office, entry in entries if entry.hot_until > now}
        if entries:
            step = math.ceil(len(entries) * self.poll / self.sweep)
            for n in range(step):
                chosen.add(entries[(self._cursor + n) % len(entries)][0])
            self._cursor = (self._cursor + step) % len(entries)
        return chosen

    def _renew(self, inbox: InboxStore, sources: list[str], now: float) -> None:
        try:
            inbox.renew(sources, now + self.lease)
        except Exception as error:  # the leases may end: another worker then handles the events again
            log.error("inbox leases not renewed (%s)", type(error).__name__)

    def _take(self, entry: _Office) -> InboxEvent | None:
        try:
            return entry.inbox.take(self._wall(), self.lease, self.holder)
        except Exception as error:  # the store is down for a moment: looked at again on the next poll
            log.error("inbox unreachable (%s)", type(error).__name__)
            return None

    def _work_loop(self) -> None:
        while not self._stop.is_set():
            if not self.serve_one():
                with self._lock:
                    if not self._queue.waiting() and not self._stop.is_set():
                        self._lock.wait()

    def _housekeeping(self) -> None:
        while not self._stop.wait(self.poll):
            try:
                self.housekeep()
            except Exception as error:
                log.exception("event housekeeping failed (%s)", type(error).__name__)


@contextmanager
def named_after(name: str) -> Iterator[None]:
    """The current thread carries ``name`` meanwhile (log lines show whose work it does)."""
    thread = threading.current_thread()
    usual, thread.name = thread.name, name
    try:
        yield
    finally:
        thread.name = usual


class OfficeEvents:
    """One office's view of the pool, what its runtime and tests use (``notify``, ``wait_idle``, ``depth``)."""

    def __init__(self, pool: EventPool, office: str, inbox: InboxStore) -> None:
        self.pool, self.office, self.inbox = pool, office, inbox

    @property
    def holder(self) -> str:
        return self.pool.holder

    def notify(self) -> None:
        self.pool.notify(self.office)

    @property
    def depth(self) -> int:
        """Events in the inbox (waiting or being handled), of every instance sharing it."""
        return self.inbox.depth()

    @property
    def in_progress(self) -> int:
        return self.inbox.depth()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        return self.pool.wait_idle(self.office, timeout)

    def stop(self) -> None:
        self.pool.remove_office(self.office)
