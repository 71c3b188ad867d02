"""One webhook event in, replies out: dedupe, role, snapshot, assistant, messenger."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from datetime import datetime

from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    ImageMessageContent,
    JoinEvent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
    UnfollowEvent,
    UserSource,
)

from bot.messenger import Messenger, describe_error
from handlers.assistant import Assistant
from handlers.conversation import Incoming
from handlers.replies import Text
from sheets.snapshot import SnapshotCache
from state.attachments import AttachmentStore
from state.store import StateStore
from templates import render

log = logging.getLogger(__name__)


def pseudonymizer(secret: bytes) -> Callable[[str], str]:
    """A keyed hash of a LINE userId: what we store and log instead of the id itself."""

    def pseudonym(user_id: str) -> str:
        return hmac.new(secret, user_id.encode(), hashlib.sha256).hexdigest()[:24]

    return pseudonym


def to_incoming(event: Event) -> Incoming | None:
    """Only one-to-one chats with a user are conversations; in groups the bot only greets when it joins."""
    source = getattr(event, "source", None)
    if isinstance(event, JoinEvent):
        chat = getattr(source, "group_id", None) or getattr(source, "room_id", None)
        return Incoming("join", chat) if chat else None
    if not isinstance(source, UserSource) or not source.user_id:
        return None
    user_id = source.user_id
    if isinstance(event, MessageEvent):
        if isinstance(event.message, TextMessageContent):
            return Incoming("text", user_id, event.message.text)
        if isinstance(event.message, ImageMessageContent):
            return Incoming("image", user_id, event.message.id)
        return Incoming("text", user_id, "")
    if isinstance(event, PostbackEvent):
        return Incoming("postback", user_id, event.postback.data)
    if isinstance(event, FollowEvent):
        return Incoming("follow", user_id)
    if isinstance(event, UnfollowEvent):
        return Incoming("unfollow", user_id)
    return None


class Dispatcher:
    def __init__(self, assistant: Assistant, snapshots: SnapshotCache, messenger: Messenger, state: StateStore,
                 clock: Callable[[], datetime], pseudonym: Callable[[str], str],
                 attachments: AttachmentStore | None = None) -> None:
        self.attachments = attachments
        self.assistant = assistant
        self.snapshots = snapshots
        self.messenger = messenger
        self.state = state
        self.clock = clock
        self.pseudonym = pseudonym

    def __call__(self, event: Event) -> None:
        try:
            self._handle(event)
        except Exception as error:  # the state store is down, or a bug: the person still hears from us
            log.error("event handling failed (%s); apology sent", type(error).__name__)
            self._apologize(event)

    def _apologize(self, event: Event) -> None:
        incoming = to_incoming(event)
        if incoming is None or incoming.kind == "unfollow":
            return
        try:
            self.messenger.deliver(incoming.user_id, getattr(event, "reply_token", None), _received_at(event),
                                   [Text(render("system_error.txt.j2"))])
        except Exception as error:
            log.warning("apology not delivered (%s)", describe_error(error))

    def _handle(self, event: Event) -> None:
        event_id = getattr(event, "webhook_event_id", None)
        if event_id and not self.state.claim_event(event_id, self.clock()):
            log.info("redelivered event skipped")
            return
        incoming = to_incoming(event)
        if incoming is None:
            return
        sender = self.pseudonym(incoming.user_id)
        if incoming.kind == "image":
            incoming = Incoming("image", incoming.user_id, self._keep_photo(sender, incoming.text))
        if incoming.kind in ("text", "postback") and self.snapshots.refresh_due():
            self.messenger.show_loading(incoming.user_id)
        answer = self.assistant.respond(incoming, self.snapshots.get())
        log.info("event %s handled", incoming.kind)  # the same line for every message: none marks a filing
        if answer.replies:
            self.messenger.deliver(incoming.user_id, getattr(event, "reply_token", None), _received_at(event),
                                   answer.replies)
        for user_id, notice in answer.notices:
            try:
                self.messenger.push(user_id, [notice])
            except Exception as error:  # one unreachable admin must not hide the others
                log.warning("notice not delivered (%s)", type(error).__name__)

    def _keep_photo(self, sender: str, message_id: str) -> str:
        """Download a photo at once (LINE expires content) when a flow is waiting for one; its reference."""
        session = self.state.load_session(sender)
        if self.attachments is None or session is None or session.step != "photos":
            return ""
        try:
            return self.attachments.save(self.messenger.fetch_content(message_id)) or ""
        except Exception as error:  # LINE or the disk failed: the flow asks for the photo again
            log.warning("photo not kept (%s)", type(error).__name__)
            return ""


def _received_at(event: Event) -> datetime | None:
    return datetime.fromtimestamp(event.timestamp / 1000) if event.timestamp else None
