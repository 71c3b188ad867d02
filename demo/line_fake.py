"""A fake LINE Messaging API for tests and the demo, checked against LINE's own OpenAPI spec.

It rejects what LINE rejects: a bad bearer token (401), a body LINE's spec refuses or beyond the
documented limits (400, see ``demo.line_fake_rules``), a reply token that is unknown, used twice or too
old (400), a reused retry key (409). Everything it accepts is recorded in ``deliveries``.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from linebot.v3.messaging import (
    MulticastRequest,
    PushMessageRequest,
    ReplyMessageRequest,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
)

from demo import line_fake_spec
from demo.line_fake_channel import ChannelEndpoints, Deliver
from demo.line_fake_rules import MAX_MULTICAST, LineApiError, check_chat_id, validated


@dataclass(frozen=True)
class Delivery:
    kind: str
    to: tuple[str, ...]
    messages: tuple[dict[str, Any], ...]
    at: datetime
    retry_key: str | None = None
    seq: int = 0
    reply_token: str | None = None
    channel: str = ""
    """The access token the bot sent with: which LINE channel (office) this came from."""


@dataclass
class _ReplyToken:
    user_id: str
    issued_at: datetime
    used: bool = False


@dataclass
class LineApiFake(ChannelEndpoints):
    access_token: str
    clock: Callable[[], datetime]
    other_channels: tuple[str, ...] = ()
    """Access tokens of more channels (several offices' bots on one LINE platform)."""
    reply_token_ttl: float = 60.0
    deliveries: list[Delivery] = field(default_factory=list)
    loading: list[tuple[str, int]] = field(default_factory=list)
    rich_menus: dict[str, dict[str, Any]] = field(default_factory=dict)
    rich_menu_images: dict[str, bytes] = field(default_factory=dict)
    default_rich_menu: str | None = None
    user_rich_menus: dict[str, str] = field(default_factory=dict)
    content: dict[str, bytes] = field(default_factory=dict)
    faults: deque[int] = field(default_factory=deque)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    refusals: list[list[str]] = field(default_factory=list)
    """What was wrong with each rejected request (LINE's ``details``), in the order of ``rejected``."""
    gate: threading.Event | None = None
    """When set to an unset Event, every request waits for it (up to 30 s): a slow LINE."""
    at_gate: threading.Event = field(default_factory=threading.Event)
    """Set once a request is waiting at the gate."""
    waiting: int = 0
    """How many requests have waited at the gate."""
    channel_secrets: dict[str, str] = field(default_factory=dict)
    """Channel secret per access token: what the webhook test signs with (``add_channel``)."""
    display_names: dict[str, str] = field(default_factory=dict)
    webhooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Webhook URL and whether it is active, per access token."""
    webhook_tests: list[tuple[str, int]] = field(default_factory=list)
    """(endpoint, status the bot answered) of each webhook test."""
    deliver: Deliver | None = None
    """How the webhook test reaches the bot; None: a real HTTPS request."""

    def __post_init__(self) -> None:
        self._tokens: dict[str, _ReplyToken] = {}
        self._retry_keys: dict[str, str] = {}
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._delivered = threading.Condition(self._lock)
        self._channel = self.access_token
        line_fake_spec.load()  # read LINE's spec now, so a demo without it says so at start-up

    def add_channel(self, token: str, secret: str, display_name: str = "ITA bot") -> None:
        """A new channel on this LINE platform (an office created in the LINE Developers console)."""
        with self._lock:
            self.channel_secrets[token] = secret
            self.display_names[token] = display_name

    def issue_reply_token(self, user_id: str) -> str:
        """What LINE puts in a webhook event for ``user_id``."""
        token = secrets.token_hex(16)
        with self._lock:
            self._tokens[token] = _ReplyToken(user_id, self.clock())
        return token

    def messages_to(self, user_id: str, after: int = 0) -> list[Delivery]:
        """Deliveries that reached ``user_id`` (replies and pushes), newer than sequence ``after``."""
        with self._lock:
            return self._to(user_id, after)

    def wait_for(self, user_id: str, after: int = 0, count: int = 1, timeout: float = 30.0) -> list[Delivery]:
        """Block until ``count`` deliveries newer than ``after`` reached ``user_id`` (a bot in another process)."""
        with self._delivered:
            self._delivered.wait_for(lambda: len(self._to(user_id, after)) >= count, timeout)
            return self._to(user_id, after)

    def _to(self, user_id: str, after: int) -> list[Delivery]:
        return [d for d in self.deliveries if user_id in d.to and d.seq > after]

    # -- request handling ---------------------------------------------------------------------------
    def handle(self, name: str, raw: bytes, headers: dict[str, str], path_args: dict[str, str]) -> tuple[int, Any]:
        authorization = headers.get("authorization", "")
        token = authorization[len("Bearer "):] if authorization.startswith("Bearer ") else None
        if token not in (self.access_token, *self.other_channels, *self.channel_secrets):
            raise LineApiError(401, "Authentication failed. Confirm that the access token in the authorization "
                                    "header is valid.")
        if self.gate is not None:
            with self._lock:
                self.waiting += 1
            self.at_gate.set()
            self.gate.wait(timeout=30)
        if self.faults:
            status = self.faults.popleft()
            raise LineApiError(status, "injected fault")
        handler = getattr(self, f"_{name}")
        with self._lock:
            self._channel = token
            result: tuple[int, Any] = handler(raw, headers, path_args)
        return result

    def _record(self, kind: str, to: list[str], messages: list[dict[str, Any]], retry_key: str | None,
                reply_token: str | None = None) -> None:
        self.deliveries.append(Delivery(kind, tuple(to), tuple(messages), self.clock(), retry_key, next(self._seq),
                                        reply_token, self._channel))
        self._delivered.notify_all()  # called with the lock held

    def _reply(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        body = validated(ReplyMessageRequest, raw)
        token = self._tokens.get(body["replyToken"])
        if token is None or token.used or (self.clock() - token.issued_at).total_seconds() > self.reply_token_ttl:
            raise LineApiError(400, "Invalid reply token")
        token.used = True
        self._record("reply", [token.user_id], body["messages"], None, body["replyToken"])
        return 200, {"sentMessages": [{"id": str(uuid.uuid4().int)[:18]} for _ in body["messages"]]}

    def _push(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        retry_key = self._check_retry_key(headers)
        body = validated(PushMessageRequest, raw)
        check_chat_id(body["to"])
        self._record("push", [body["to"]], body["messages"], retry_key)
        return 200, {"sentMessages": [{"id": str(uuid.uuid4().int)[:18]} for _ in body["messages"]]}

    def _multicast(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        retry_key = self._check_retry_key(headers)
        body = validated(MulticastRequest, raw)
        if not 1 <= len(body["to"]) <= MAX_MULTICAST:
            raise LineApiError(400, f"The number of recipients must be between 1 and {MAX_MULTICAST}")
        for user_id in body["to"]:
            check_chat_id(user_id)
        self._record("multicast", body["to"], body["messages"], retry_key)
        return 200, {}

    def _loading(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        body = validated(ShowLoadingAnimationRequest, raw)
        seconds = body.get("loadingSeconds", 20)
        if not body["chatId"].startswith("U") or seconds % 5 or not 5 <= seconds <= 60:
            raise LineApiError(400, "The request body has 1 error(s)")
        self.loading.append((body["chatId"], seconds))
        return 202, {}

    def _content(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        if args["message_id"] not in self.content:
            raise LineApiError(404, "Not found")
        return 200, self.content[args["message_id"]]

    def _create_rich_menu(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        body = validated(RichMenuRequest, raw)
        rich_menu_id = f"richmenu-{secrets.token_hex(16)}"
        self.rich_menus[rich_menu_id] = body
        return 200, {"richMenuId": rich_menu_id}

    def _upload_rich_menu_image(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        rich_menu_id = self._known_menu(args["rich_menu_id"])
        if headers.get("content-type") not in ("image/png", "image/jpeg") or len(raw) > 1024 * 1024:
            raise LineApiError(400, "The image must be PNG or JPEG and at most 1 MB")
        if not raw.startswith((b"\x89PNG", b"\xff\xd8")):
            raise LineApiError(400, "The image is not a valid PNG or JPEG")
        self.rich_menu_images[rich_menu_id] = raw
        return 200, {}

    def _set_default_rich_menu(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        self.default_rich_menu = self._known_menu(args["rich_menu_id"], need_image=True)
        return 200, {}

    def _link_rich_menu(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        check_chat_id(args["user_id"])
        self.user_rich_menus[args["user_id"]] = self._known_menu(args["rich_menu_id"], need_image=True)
        return 200, {}

    def _list_rich_menus(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        return 200, {"richmenus": [{"richMenuId": key, **value} for key, value in self.rich_menus.items()]}

    def _delete_rich_menu(self, raw: bytes, headers: dict[str, str], args: dict[str, str]) -> tuple[int, Any]:
        self.rich_menus.pop(self._known_menu(args["rich_menu_id"]))
        self.rich_menu_images.pop(args["rich_menu_id"], None)
        return 200, {}

    def _known_menu(self, rich_menu_id: str, *, need_image: bool = False) -> str:
        if rich_menu_id not in self.rich_menus:
            raise LineApiError(404, "Not found")
        if need_image and rich_menu_id not in self.rich_menu_images:
            raise LineApiError(400, "An image has not been uploaded to the rich menu")
        return rich_menu_id

    def _check_retry_key(self, headers: dict[str, str]) -> str | None:
        key = headers.get("x-line-retry-key")
        if key is None:
            return None
        try:
            uuid.UUID(key)
        except ValueError:
            raise LineApiError(400, "The value of the X-Line-Retry-Key header is invalid") from None
        if key in self._retry_keys:
            raise LineApiError(409, "The retry key is already accepted",
                               {"x-line-accepted-request-id": self._retry_keys[key]})
        self._retry_keys[key] = str(uuid.uuid4())
        return key
