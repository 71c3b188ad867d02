"""What the bot says, independent of LINE: text with quick replies, or a Flex card."""

from __future__ import annotations

from dataclasses import dataclass, field
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
