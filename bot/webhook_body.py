"""Signed webhook bodies LINE would never send: nested too deep, or with a timestamp outside any real time.

The SDK's parser recurses over the JSON (1,000 levels of nesting ended in a RecursionError, a 500) and
accepts any integer as a timestamp (2**70 later overflowed datetime in the worker, and nobody was answered).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.webhooks import Event

MAX_DEPTH = 20
LATEST_MS = int(datetime(2200, 1, 1, tzinfo=UTC).timestamp() * 1000)


class MalformedBody(ValueError):
    """Signed, but not a webhook body we can take: the sender gets a 400."""


def parse_signed(parser: WebhookParser, text: str, signature: str) -> list[Event]:
    """The events of a body whose signature is right; InvalidSignatureError, or MalformedBody for a bad body."""
    if not parser.signature_validator.validate(text, signature):
        raise InvalidSignatureError("bad signature")
    check_body(text)
    try:
        events: list[Event] = parser.parse(text, signature)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError) as error:
        raise MalformedBody(type(error).__name__) from None
    return events


def check_body(text: str) -> None:
    """JSON no deeper than MAX_DEPTH, an events list, each event's timestamp milliseconds between 1970 and 2200."""
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        raise MalformedBody("not JSON") from None
    if _depth(body) > MAX_DEPTH:
        raise MalformedBody("nested too deep")
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        raise MalformedBody("no events list")
    for event in events:
        stamp = event.get("timestamp", 0) if isinstance(event, dict) else 0
        if isinstance(stamp, bool) or not isinstance(stamp, int) or not 0 <= stamp <= LATEST_MS:
            raise MalformedBody("timestamp out of range")


def _depth(value: Any) -> int:
    """Nesting depth without recursion (a hostile body must not exhaust the stack here either)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, level + 1) for child in children)
    return deepest
