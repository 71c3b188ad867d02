"""Handling one event of the durable inbox, for the event workers (bot/event_pool.py).

An event leaves the inbox only when it was handled (its replies sent) or, after ``max_attempts``
failures, given up (logged without content, the person gets an apology). While a worker handles an
event its lease is renewed; a process that dies loses its leases (at once when it was on this machine,
else when they end), so another worker takes its events again.
"""

from __future__ import annotations

import logging
import os
import socket
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


def free_dead_holders(inbox: InboxStore) -> None:
    """Hand out again at once the events a stopped process of this machine held."""
    try:
        for holder in inbox.holders():
            if holder_is_dead(holder) and inbox.release_holder(holder):
                log.warning("events of a stopped process are handled again")
    except Exception as error:
        log.error("inbox unreachable at start (%s)", type(error).__name__)


def handle_event(inbox: InboxStore, event: InboxEvent, handle: Callable[[InboxEvent], None], *,
                 give_up: Callable[[InboxEvent], None], after_done: Callable[[InboxEvent], None],
                 max_attempts: int = 5, wall: Callable[[], float] = time.time) -> None:
    """Handle one leased event: done when handled or given up, else back in the inbox after a backoff."""
    try:
        handle(event)
        finished = True
    except Exception as error:
        finished = event.attempts >= max_attempts
        if finished:
            log.error("event given up after %d attempts (%s)", event.attempts, type(error).__name__)
            _safely(give_up, event)
        else:
            log.warning("event failed (attempt %d, %s); tried again later", event.attempts, type(error).__name__)
            _safely(lambda e: inbox.retry_later(e, retry_at(e, wall())), event)
    if finished:
        _safely(inbox.done, event)
        _safely(after_done, event)


def retry_at(event: InboxEvent, now: float) -> float:
    """Capped exponential backoff: 1, 2, 4, 8 … seconds, at most a minute."""
    return now + min(2.0 ** (event.attempts - 1), 60.0)


def _safely(action: Callable[[InboxEvent], object], event: InboxEvent) -> None:
    try:
        action(event)
    except Exception as error:  # the lease ends and the event is handled again (replayed, not redone)
        log.error("inbox update failed (%s)", type(error).__name__)
