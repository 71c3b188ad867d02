"""What the LINE Messaging API refuses, for the fake: LINE's OpenAPI spec and its documented limits.

With ``../shared/reference/line/messaging-api.yml`` beside the checkout (tests, CI, a demo from the
project's working copy) every body is validated against LINE's own schema; without it (a demo copied
elsewhere) line-bot-sdk's request models stand in, and one warning says so. The limits the spec cannot
express (``demo.line_fake_limits``) are checked either way. Like LINE, one bad message refuses the whole
request with 400 and a ``details`` list.
"""

from __future__ import annotations

import json
import re
from typing import Any

from demo import line_fake_limits, line_fake_spec

CHAT_ID = re.compile(r"^[UCR][0-9a-f]{32}$")
MAX_MULTICAST = 500


class LineApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None,
                 details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}
        self.details = details or []


def validated(model: Any, raw: bytes) -> dict[str, Any]:
    """The JSON body, after LINE's spec (or line-bot-sdk's model) and LINE's documented limits accepted it."""
    try:
        text = raw.decode()
        body: dict[str, Any] = json.loads(text)
        spec = line_fake_spec.load()
        errors = spec.errors(model.__name__, body) if spec is not None else _sdk_errors(model, text)
    except (ValueError, TypeError) as error:
        raise LineApiError(400, f"The request body has 1 error(s): {type(error).__name__}") from None
    if not errors and isinstance(body.get("messages"), list):
        errors = list(line_fake_limits.problems(body["messages"]))
    if errors:
        unique = list(dict.fromkeys(errors))
        raise LineApiError(400, f"The request body has {len(unique)} error(s)", details=unique)
    return body


def _sdk_errors(model: Any, text: str) -> list[str]:
    try:
        model.from_json(text)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        return [f"(body): {type(error).__name__}"]
    return []


def check_chat_id(chat_id: str) -> None:
    if not CHAT_ID.match(chat_id):
        raise LineApiError(400, "The property, 'to', in the request body is invalid")
