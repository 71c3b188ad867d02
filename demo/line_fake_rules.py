"""What the LINE Messaging API refuses, for the fake: line-bot-sdk's request models and the documented limits."""

from __future__ import annotations

import json
import re
from typing import Any

CHAT_ID = re.compile(r"^[UCR][0-9a-f]{32}$")
MAX_MESSAGES, MAX_TEXT, MAX_QUICK_REPLIES, MAX_ALT_TEXT, MAX_MULTICAST = 5, 5000, 13, 1500, 500


class LineApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def validated(model: Any, raw: bytes) -> dict[str, Any]:
    """The JSON body, after line-bot-sdk's model and LINE's documented limits have accepted it."""
    try:
        text = raw.decode()
        model.from_json(text)
        body: dict[str, Any] = json.loads(text)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise LineApiError(400, f"The request body has 1 error(s): {type(error).__name__}") from None
    messages = body.get("messages")
    if messages is not None:
        check_messages(messages)
    return body


def check_messages(messages: list[dict[str, Any]]) -> None:
    if not 1 <= len(messages) <= MAX_MESSAGES:
        raise LineApiError(400, f"Size must be between 1 and {MAX_MESSAGES}")
    for message in messages:
        if message["type"] == "text" and len(message["text"]) > MAX_TEXT:
            raise LineApiError(400, f"Length must be between 0 and {MAX_TEXT}")
        if message["type"] == "flex" and len(message["altText"]) > MAX_ALT_TEXT:
            raise LineApiError(400, f"altText length must be at most {MAX_ALT_TEXT}")
        items = (message.get("quickReply") or {}).get("items", [])
        if len(items) > MAX_QUICK_REPLIES:
            raise LineApiError(400, f"quickReply items must be at most {MAX_QUICK_REPLIES}")


def check_chat_id(chat_id: str) -> None:
    if not CHAT_ID.match(chat_id):
        raise LineApiError(400, "The property, 'to', in the request body is invalid")
