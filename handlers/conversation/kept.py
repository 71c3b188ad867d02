"""Text that arrives after its flow timed out is kept, not thrown away: an officer who took longer than the
timeout to compose a ตอบผู้ร้อง gets it offered back (send / edit / discard).

It is kept in the session (sealed like every session, ``state.store.SessionSeal``) for ``KEPT_FOR``; then,
or when the officer leaves for another command, it is gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from handlers.conversation.replies import QuickReply, Text
from templates import label, render

FLOW = "kept_text"
KEPT_FOR = timedelta(hours=24)
"""How long a kept text waits for its author."""
CHOICES = ("kept_send", "kept_edit", "kept_discard")


def buttons() -> tuple[QuickReply, ...]:
    return tuple(QuickReply(label(key), text=label(key)) for key in CHOICES)


def offer(flow: str, step: str, data: Mapping[str, Any], text: str, minutes: int) -> tuple[Text, dict[str, Any]]:
    """The timeout notice with the kept text and its three buttons, and what the kept session holds."""
    reply = Text(render("kept_text.txt.j2", step="offer", text=text, minutes=minutes, hours=_hours()), buttons())
    return reply, {"flow": flow, "step": step, "data": dict(data), "text": text}


def asked_again(data: Mapping[str, Any]) -> Text:
    return Text(render("kept_text.txt.j2", step="again", text=data["text"], minutes=0, hours=_hours()), buttons())


def edit_prompt(data: Mapping[str, Any]) -> Text:
    return Text(render("kept_text.txt.j2", step="edit", text=data["text"], minutes=0, hours=_hours()),
                (QuickReply(label("cancel"), text=label("cancel")),))


def discarded() -> Text:
    return Text(render("kept_text.txt.j2", step="discarded", text="", minutes=0, hours=_hours()))


def _hours() -> int:
    return int(KEPT_FOR.total_seconds() // 3600)
