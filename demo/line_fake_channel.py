"""The LINE fake's channel endpoints: bot info, the webhook URL, and LINE's webhook test (the console's Verify).

As LINE does: the webhook URL must be https and at most 500 characters (400 otherwise); the test posts
``{"destination": <bot userId>, "events": []}`` signed with the channel secret to the URL and answers
``success``, ``statusCode`` (0 when nothing answered), ``reason`` and ``detail``. How the test's request
reaches the bot is passed in (``deliver``), so tests route LINE's https call to a server on this machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from linebot.v3.messaging import SetWebhookEndpointRequest, TestWebhookEndpointRequest

from demo.line_fake_rules import LineApiError, validated

Deliver = Callable[[str, bytes, dict[str, str]], int]
"""POST (url, body, headers) to the bot; the HTTP status it answered, or 0 when nothing answered."""
MAX_ENDPOINT = 500


def post_over_http(url: str, body: bytes, headers: dict[str, str]) -> int:
    """What LINE does for real: an HTTPS request to the endpoint, 0 when it cannot be reached."""
    import httpx

    try:
        return httpx.post(url, content=body, headers=headers, timeout=10).status_code
    except httpx.HTTPError:
        return 0


def bot_user_id(token: str) -> str:
    """A stable bot userId per channel (the fake knows a channel by its access token)."""
    return "U" + hashlib.sha256(b"bot|" + token.encode()).hexdigest()[:32]


class ChannelEndpoints:
    """Mixed into ``LineApiFake``: per channel (access token) its secret, webhook URL and bot profile."""

    _channel: str
    clock: Callable[[], datetime]
    channel_secrets: dict[str, str]
    display_names: dict[str, str]
    webhooks: dict[str, dict[str, Any]]
    webhook_tests: list[tuple[str, int]]
    deliver: Deliver | None

    def _bot_info(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        token = self._channel
        name = self.display_names.get(token, "ITA bot")
        return 200, {"userId": bot_user_id(token), "basicId": "@" + hashlib.sha256(token.encode()).hexdigest()[:8],
                     "displayName": name, "chatMode": "bot", "markAsReadMode": "auto"}

    def _set_webhook(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        endpoint = _checked_endpoint(validated(SetWebhookEndpointRequest, raw)["endpoint"])
        self.webhooks[self._channel] = {"endpoint": endpoint, "active": True}
        return 200, {}

    def _get_webhook(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        webhook = self.webhooks.get(self._channel)
        if webhook is None:
            raise LineApiError(404, "Not found")
        return 200, dict(webhook)

    def _test_webhook(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        body = validated(TestWebhookEndpointRequest, raw or b"{}")
        endpoint = body.get("endpoint") or (self.webhooks.get(self._channel) or {}).get("endpoint")
        if not endpoint:
            raise LineApiError(400, "The webhook endpoint URL is not set")
        endpoint = _checked_endpoint(endpoint)
        token = self._channel
        event = json.dumps({"destination": bot_user_id(token), "events": []}).encode()
        signature = base64.b64encode(hmac.new(self.channel_secrets.get(token, "").encode(), event,
                                              hashlib.sha256).digest()).decode()
        status = (self.deliver or post_over_http)(endpoint, event, {
            "Content-Type": "application/json", "X-Line-Signature": signature, "User-Agent": "LineBotWebhook/2.0"})
        self.webhook_tests.append((endpoint, status))
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Connection failed"
        return 200, {"success": 200 <= status < 300, "timestamp": self.clock().isoformat(),
                     "statusCode": status, "reason": reason, "detail": str(status)}


def _checked_endpoint(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    if parts.scheme != "https" or not parts.netloc or len(endpoint) > MAX_ENDPOINT:
        raise LineApiError(400, "Invalid webhook endpoint URL: it must be an https URL of at most 500 characters")
    return endpoint
