"""One event from the inbox in, replies out: role, snapshot, assistant, messenger.

A retried event (after a crash or a failed delivery) replays the answer recorded with its session
change (``commit_turn``) instead of running the step again, and sends it with the same retry keys,
so nobody is answered twice and nothing is filed twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

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
from common.clock import to_office
from handlers.complaints.flow import FLOW as COMPLAINT_FLOW
from handlers.complaints.flow import MAX_PHOTOS
from handlers.complaints.own_commands import FLOW as OWN_CASE_FLOW
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Text
from handlers.conversation.turns import Answer, answer_from_json
from handlers.staff.assistant import Assistant
from sheets.snapshot import SnapshotCache
from state.attachments import AttachmentStore
from state.inbox import InboxEvent
from state.photo_drafts import DraftPhotos
from state.store import Session, StateStore
from templates import render

log = logging.getLogger(__name__)
MAX_MESSAGES = 5
"""LINE sends at most five messages per reply."""


def pseudonymizer(secret: bytes) -> Callable[[str], str]:
    """A keyed hash of a LINE userId: what we store and log instead of the id itself."""

    def pseudonym(user_id: str) -> str:
        return hmac.new(secret, user_id.encode(), hashlib.sha256).hexdigest()[:24]

    return pseudonym


def to_incoming(event: Event, event_id: str = "") -> Incoming | None:
    """Only one-to-one chats with a user are conversations; in groups the bot only greets when it joins."""
    source = getattr(event, "source", None)
    if isinstance(event, JoinEvent):
        chat = getattr(source, "group_id", None) or getattr(source, "room_id", None)
        return Incoming("join", chat, "", event_id) if chat else None
    if not isinstance(source, UserSource) or not source.user_id:
        return None
    user_id = source.user_id
    if isinstance(event, MessageEvent):
        if isinstance(event.message, TextMessageContent):
            return Incoming("text", user_id, event.message.text, event_id)
        if isinstance(event.message, ImageMessageContent):
            return Incoming("image", user_id, event.message.id, event_id)
        return Incoming("text", user_id, "", event_id)
    if isinstance(event, PostbackEvent):
        return Incoming("postback", user_id, event.postback.data, event_id)
    if isinstance(event, FollowEvent):
        return Incoming("follow", user_id, "", event_id)
    if isinstance(event, UnfollowEvent):
        return Incoming("unfollow", user_id, "", event_id)
    return None


def parse_event(payload: str) -> Event | None:
    """An event as the webhook kept it in the inbox (the JSON LINE sent), parsed as the SDK's parser does."""
    try:
        return Event.from_dict(json.loads(payload))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def with_sheet_age(answer: Answer, snapshots: SnapshotCache) -> Answer:
    """An answer from a snapshot older than the office's settings allow says first how old it is."""
    snapshot = snapshots.peek()
    if snapshot is None or not answer.replies or len(answer.replies) >= MAX_MESSAGES or not snapshots.status().stale:
        return answer
    note = Text(render("sheet_age.txt.j2", time=snapshot.loaded_at.strftime("%H:%M"),
                       minutes=int((snapshots.clock() - snapshot.loaded_at).total_seconds() // 60)))
    return Answer([note, *answer.replies], answer.notices)


class Dispatcher:
    def __init__(self, assistant: Assistant, snapshots: SnapshotCache, messenger: Messenger, state: StateStore,
                 clock: Callable[[], datetime], pseudonym: Callable[[str], str],
                 attachments: AttachmentStore | None = None, zone: ZoneInfo | None = None,
                 drafts: DraftPhotos | None = None) -> None:
        self.attachments = attachments
        self.drafts = drafts
        self.zone = zone
        self.assistant = assistant
        self.snapshots = snapshots
        self.messenger = messenger
        self.state = state
        self.clock = clock
        self.pseudonym = pseudonym

    def __call__(self, item: InboxEvent) -> None:
        """Handle one event; raises when it should be tried again (LINE or the state store failed)."""
        event = parse_event(item.payload)
        incoming = to_incoming(event, item.event_id) if event is not None else None
        if event is None or incoming is None:
            return
        # A first attempt has no recorded answer (the inbox counts attempts as it hands events out): one
        # state-store round trip less for nearly every event.
        recorded = self.state.load_turn(item.event_id) if item.attempts > 1 else None
        answer = answer_from_json(recorded) if recorded is not None else self._respond(incoming)
        self._send(incoming, event, item, answer)

    def give_up(self, item: InboxEvent) -> None:
        """After the last failed attempt: the person still hears from us."""
        event = parse_event(item.payload)
        incoming = to_incoming(event, item.event_id) if event is not None else None
        if event is None or incoming is None or incoming.kind == "unfollow":
            return
        try:
            self.messenger.deliver(incoming.user_id, getattr(event, "reply_token", None),
                                   _received_at(event, self.zone), [Text(render("system_error.txt.j2"))],
                                   retry_seed=f"{item.event_id}:apology")
        except Exception as error:
            log.warning("apology not delivered (%s)", describe_error(error))

    def forget(self, item: InboxEvent) -> None:
        """The event is done: its recorded answer is not needed any more."""
        self.state.forget_turn(item.event_id)

    def _respond(self, incoming: Incoming) -> Answer:
        sender = self.pseudonym(incoming.user_id)
        if incoming.kind == "image":
            incoming = Incoming("image", incoming.user_id, self._keep_photo(sender, incoming.text), incoming.event_id)
        if incoming.kind in ("text", "postback") and self.snapshots.refresh_due():
            self.messenger.show_loading(incoming.user_id)
        answer = with_sheet_age(self.assistant.respond(incoming, self.snapshots.get()), self.snapshots)
        if self.drafts is not None and self.drafts.holds(sender):
            self.drafts.settle(sender, draft_references(self.state.load_session(sender)))
        log.info("event %s handled", incoming.kind)  # the same line for every message: none marks a filing
        return answer

    def _send(self, incoming: Incoming, event: Event, item: InboxEvent, answer: Answer) -> None:
        if answer.replies:
            self.messenger.deliver(incoming.user_id, getattr(event, "reply_token", None),
                                   _received_at(event, self.zone), answer.replies, retry_seed=item.event_id,
                                   resumed=item.attempts > 1)
        for n, (user_id, notice) in enumerate(answer.notices):
            try:
                self.messenger.push(user_id, [notice], retry_key_seed=f"{item.event_id}:notice:{n}")
            except Exception as error:  # one unreachable admin must not hide the others
                log.warning("notice not delivered (%s)", type(error).__name__)

    def _keep_photo(self, sender: str, message_id: str) -> str:
        """Download a photo at once (LINE expires content) when a flow is waiting for one; its reference."""
        session = self.state.load_session(sender)
        if self.attachments is None or session is None or session.step not in PHOTO_STEPS:
            return ""
        held = draft_references(session)
        if session.flow in DRAFT_FLOWS and len(held) >= MAX_PHOTOS:
            return ""  # the flow says this photo was not saved: it is not written at all
        try:
            content = self.messenger.fetch_content(message_id)
            if session.flow in DRAFT_FLOWS and self.drafts is not None:
                self.drafts.settle(sender, held)
                return self.drafts.save(sender, content) or ""
            return self.attachments.save(content) or ""
        except Exception as error:  # LINE or the disk failed: the flow asks for the photo again
            log.warning("photo not kept (%s)", type(error).__name__)
            return ""


DRAFT_FLOWS = (COMPLAINT_FLOW, OWN_CASE_FLOW)
"""Flows whose photos are a complainant's draft (a new complaint, or an addition by receipt) until sent."""
PHOTO_STEPS = ("photos", "evidence")
"""Steps that take photos: a complaint's, and a measure's หลักฐาน (handlers.measures.updates)."""


def draft_references(session: Session | None) -> list[str]:
    """The photos an open complaint draft holds (none for any other flow)."""
    held = session.data.get("attachments") if session and session.flow in DRAFT_FLOWS else None
    return [str(ref) for ref in held] if isinstance(held, list) else []


def _received_at(event: Event, zone: ZoneInfo | None) -> datetime | None:
    """When LINE received the event, on the office's wall clock (the frame of the bot's clock), so that the
    reply window is judged right whatever the host's time zone (a UTC server and a Bangkok clock differ by 7 h)."""
    if not event.timestamp:
        return None
    moment = datetime.fromtimestamp(event.timestamp / 1000, UTC)
    return to_office(moment, zone) if zone else moment.astimezone().replace(tzinfo=None)
