"""The webhook's hand-off: verified events into the durable inbox, in LINE's order, before the 200.

Answers 503 (LINE redelivers, with the same webhookEventId) when the inbox is over its bound or
cannot be written: an event is never acknowledged that will not be handled. Events older than ``max_age``
(a replay of a captured body, or a redelivery long after the fact) are answered 200 and dropped, with a log
line that counts them and says nothing of what they held.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from linebot.v3.webhook import UnknownEvent
from linebot.v3.webhooks import Event

from state.inbox import InboxFullError, InboxStore, NewEvent

log = logging.getLogger(__name__)
MAX_AGE = timedelta(days=1)


def line_clock(clock: Callable[[], datetime], zone: tzinfo) -> Callable[[], int]:
    """LINE's time (epoch milliseconds) from the office's naive wall clock."""
    return lambda: int(clock().replace(tzinfo=zone).timestamp() * 1000)


def _epoch_ms() -> int:
    return int(time.time() * 1000)


def source_id(event: Event) -> str:
    """Whose conversation this is: the user, group or room; events of one source are handled in order."""
    source = getattr(event, "source", None)
    for name in ("group_id", "room_id", "user_id"):
        value = getattr(source, name, None)
        if value:
            return str(value)
    return ""


def event_id_of(event: Event, raw: dict[str, Any]) -> str:
    """LINE's webhookEventId; for a body without one, a hash of the event (redelivery flag left out)."""
    given = getattr(event, "webhook_event_id", None)
    if given:
        return str(given)
    stable = {key: value for key, value in raw.items() if key != "deliveryContext"}
    return "h-" + hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()[:32]


class Intake:
    """What the webhook calls with the parsed events and their raw JSON (same order as the body)."""

    def __init__(self, inbox: InboxStore, source_key: Callable[[str], str], wake: Callable[[], None], *,
                 limit: int = 10_000, wall: Callable[[], float] = time.time,
                 now_ms: Callable[[], int] = _epoch_ms, max_age: timedelta = MAX_AGE) -> None:
        self.inbox, self.source_key, self.wake = inbox, source_key, wake
        self.limit, self.wall, self.now_ms, self.max_age = limit, wall, now_ms, max_age

    def accept(self, events: Sequence[Event], raw_events: Sequence[dict[str, Any]]) -> tuple[str, int]:
        known = [(n, event, raw) for n, (event, raw) in enumerate(zip(events, raw_events, strict=True))
                 if not isinstance(event, UnknownEvent)]
        known = self._recent(known)
        known.sort(key=lambda item: (_stamp(item[1]), item[0]))  # LINE's order: timestamp, then place in the body
        batch = [NewEvent(event_id_of(event, raw), self.source_key(source_id(event)), _stamp(event),
                          json.dumps(raw, ensure_ascii=False)) for _, event, raw in known]
        if not batch:
            return "OK", 200
        try:
            self.inbox.put(batch, self.wall(), self.limit)
        except InboxFullError as full:
            self.wake()
            log.warning("inbox full: %d of %d events kept, 503 so that LINE redelivers", full.accepted, len(batch))
            return "busy, retry later", 503
        except Exception as error:  # SQLite or Redis cannot be written: nothing acknowledged
            log.error("inbox not written (%s); 503 so that LINE redelivers", type(error).__name__)
            return "busy, retry later", 503
        self.wake()
        return "OK", 200


    def _recent(self, known: list[tuple[int, Event, dict[str, Any]]]) -> list[tuple[int, Event, dict[str, Any]]]:
        """The events of the last ``max_age``; the others are counted in the log and dropped."""
        oldest = self.now_ms() - int(self.max_age.total_seconds() * 1000)
        recent = [item for item in known if _stamp(item[1]) >= oldest]
        if len(recent) < len(known):
            log.warning("%d webhook events older than %d h ignored", len(known) - len(recent),
                        self.max_age.total_seconds() // 3600)
        return recent


def _stamp(event: Event) -> int:
    stamp = getattr(event, "timestamp", 0)
    return stamp if isinstance(stamp, int) else 0
