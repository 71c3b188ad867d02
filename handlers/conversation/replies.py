"""What the bot says, independent of LINE: text with quick replies, or a Flex card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class QuickReply:
    """A button under the last message; sends ``text`` as the user, or ``data`` as a postback."""

    label: str
    text: str | None = None
    data: str | None = None


@dataclass(frozen=True)
class Text:
    text: str
    quick_replies: tuple[QuickReply, ...] = ()


@dataclass(frozen=True)
class Flex:
    alt_text: str
    contents: dict[str, Any] = field(default_factory=dict)
    quick_replies: tuple[QuickReply, ...] = ()


Reply = Text | Flex


def ending_with_buttons(replies: Sequence[Reply], buttons: tuple[QuickReply, ...]) -> list[Reply]:
    """The replies, the last one given ``buttons`` when it has none: no push ends in a dead end."""
    if not replies or replies[-1].quick_replies:
        return list(replies)
    return [*replies[:-1], replace(replies[-1], quick_replies=buttons)]
