"""Webhook bodies as LINE sends them, and their X-Line-Signature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from typing import Any


def sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _base(kind: str, user_id: str, timestamp_ms: int, event_id: str | None) -> dict[str, Any]:
    return {"type": kind, "mode": "active", "timestamp": timestamp_ms,
            "source": {"type": "user", "userId": user_id},
            "webhookEventId": event_id or uuid.uuid4().hex.upper()[:26],
            "deliveryContext": {"isRedelivery": False}}


def text_event(user_id: str, text: str, reply_token: str, timestamp_ms: int,
               event_id: str | None = None) -> dict[str, Any]:
    event = _base("message", user_id, timestamp_ms, event_id)
    event["replyToken"] = reply_token
    event["message"] = {"type": "text", "id": str(uuid.uuid4().int)[:18], "text": text,
                        "quoteToken": uuid.uuid4().hex}
    return event


def follow_event(user_id: str, reply_token: str, timestamp_ms: int) -> dict[str, Any]:
    event = _base("follow", user_id, timestamp_ms, None)
    event["replyToken"] = reply_token
    event["follow"] = {"isUnblocked": False}
    return event


def body_of(*events: dict[str, Any]) -> bytes:
    return json.dumps({"destination": "U" + "0" * 32, "events": list(events)}, ensure_ascii=False).encode()


def join_event(group_id: str, reply_token: str, timestamp_ms: int) -> dict[str, Any]:
    """The bot was added to a group (webhook.yml JoinEvent: a group source and a reply token)."""
    event = _base("join", "", timestamp_ms, None)
    event["source"] = {"type": "group", "groupId": group_id}
    event["replyToken"] = reply_token
    return event
