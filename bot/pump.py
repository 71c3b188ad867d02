"""Event workers fed by the durable inbox: each takes the next event of a person nobody else is serving.

An event leaves the inbox only when it was handled (its replies sent) or, after ``max_attempts``
failures, given up (logged without content, the person gets an apology). While a worker handles an
event its lease is renewed; a process that dies loses its leases (at once when it was on this machine,
else when they end), so another worker takes its events again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable

from state.inbox import InboxEvent, InboxStore

log = logging.getLogger(__name__)
HOST = socket.gethostname()


def new_holder() -> str:
    """``host:pid:token``: who holds a lease, so that a restart on the same machine can free a dead one's."""
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_dead(holder: str) -> bool:
    """True only for a process of this machine that no longer runs (another machine's leases just end)."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != HOST or not pid_text.isdecimal():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class InboxPump:
    """``threads`` workers; ``notify`` wakes them when the webhook has put events in the inbox."""

    def __init__(self, inbox: InboxStore, handle: Callable[[InboxEvent], None], *, threads: int = 4,
                 lease: float = 30.0, poll: float = 1.0, max_attempts: int = 5,
                 give_up: Callable[[InboxEvent], None] = lambda event: None,
                 after_done: Callable[[InboxEvent], None] = lambda event: None, name: str = "events",
                 wall: Callable[[], float] = time.time) -> None:
        self.inbox = inbox
        self._handle, self._give_up, self._after_done = handle, give_up, after_done
        self.lease, self.poll, self.max_attempts = lease, poll, max_attempts
        self.holder = new_holder()
        self._wall = wall
        self._wake = threading.Condition()
        self._idle = threading.Condition()
        self._puts = 0
        """Bumped by ``notify``: a worker that found nothing waits only if no events came meanwhile."""
        self._active: dict[int, InboxEvent] = {}
        self._stop = threading.Event()
        self._free_dead_holders()
        self._threads = [threading.Thread(target=self._run, args=(n == 0,), name=f"{name}-{n}", daemon=True)
                         for n in range(threads)]
        self._threads.append(threading.Thread(target=self._keep_leases, name=f"{name}-leases", daemon=True))
        for thread in self._threads:
            thread.start()

    def notify(self) -> None:
        with self._wake:
            self._puts += 1
            self._wake.notify_all()

    @property
    def depth(self) -> int:
        """Events in the inbox (waiting or being handled), of every instance sharing it."""
        return self.inbox.depth()

    @property
    def in_progress(self) -> int:
        return self.inbox.depth()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Block until the inbox is empty and no worker is busy (tests, shutdown)."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._active and self.inbox.depth() == 0, timeout)

    def stop(self) -> None:
        self._stop.set()
        self.notify()
        for thread in self._threads:
            thread.join(timeout=10)
        try:
            self.inbox.release_holder(self.holder)
        except Exception as error:  # the store is down: the leases end by themselves
            log.warning("inbox leases not released (%s)", type(error).__name__)

    def _free_dead_holders(self) -> None:
        try:
            for holder in self.inbox.holders():
                if holder_is_dead(holder) and self.inbox.release_holder(holder):
                    log.warning("events of a stopped process are handled again")
        except Exception as error:
            log.error("inbox unreachable at start (%s)", type(error).__name__)

    def _run(self, poller: bool) -> None:
        while not self._stop.is_set():
            with self._wake:
                seen = self._puts
            try:
                event = self.inbox.take(self._wall(), self.lease, self.holder)
            except Exception as error:  # the store is down for a moment: try again later
                log.error("inbox unreachable (%s)", type(error).__name__)
                event = None
            if event is None:  # nothing free: wait for the webhook (notify) or, on the poller, for a lease to end
                with self._idle:
                    self._idle.notify_all()
                with self._wake:
                    if self._puts == seen and not self._stop.is_set():
                        self._wake.wait(self.poll if poller else None)
                continue
            with self._wake:
                self._active[event.seq] = event
                self._wake.notify()  # there may be more: wake another worker
            self._work(event)

    def _work(self, event: InboxEvent) -> None:
        try:
            self._handle(event)
            finished = True
        except Exception as error:
            finished = event.attempts >= self.max_attempts
            if finished:
                log.error("event given up after %d attempts (%s)", event.attempts, type(error).__name__)
                self._safely(self._give_up, event)
            else:
                log.warning("event failed (attempt %d, %s); tried again later", event.attempts, type(error).__name__)
                self._safely(lambda e: self.inbox.retry_later(e, self._retry_at(e)), event)
        if finished:
            self._safely(self.inbox.done, event)
            self._safely(self._after_done, event)
        with self._wake:
            self._active.pop(event.seq, None)
        with self._idle:
            self._idle.notify_all()

    def _retry_at(self, event: InboxEvent) -> float:
        """Capped exponential backoff: 1, 2, 4, 8 … seconds, at most a minute."""
        return self._wall() + min(2.0 ** (event.attempts - 1), 60.0)

    def _safely(self, action: Callable[[InboxEvent], object], event: InboxEvent) -> None:
        try:
            action(event)
        except Exception as error:  # the lease ends and the event is handled again (replayed, not redone)
            log.error("inbox update failed (%s)", type(error).__name__)

    def _keep_leases(self) -> None:
        while not self._stop.wait(self.lease / 3):
            with self._wake:
                sources = [event.source for event in self._active.values()]
            if not sources:
                continue
            try:
                self.inbox.renew(sources, self._wall() + self.lease)
            except Exception as error:  # the leases may end: another worker then handles the events again
                log.error("inbox leases not renewed (%s)", type(error).__name__)
