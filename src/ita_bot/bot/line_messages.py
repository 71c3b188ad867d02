"""Our replies as line-bot-sdk message models, within LINE's limits."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

from linebot.v3.messaging import (
    FlexContainer,
    FlexMessage,
    Message,
    MessageAction,
    PostbackAction,
    QuickReply,
    QuickReplyItem,
    TextMessage,
)

from ita_bot.handlers import replies as r

MAX_TEXT = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_ALT_TEXT = 1500


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current or not pieces:
        pieces.append(current)
    return [piece.rstrip("\n") or piece for piece in pieces]


def quick_reply(buttons: Sequence[r.QuickReply]) -> QuickReply | None:
    if not buttons:
        return None
    items = []
    for button in buttons[:MAX_QUICK_REPLIES]:
        label = button.label[:MAX_LABEL]
        action = (PostbackAction(label=label, data=button.data, displayText=button.text or button.label)
                  if button.data else MessageAction(label=label, text=button.text or button.label))
        items.append(QuickReplyItem(action=action))
    return QuickReply(items=items)


@functools.lru_cache(maxsize=64)
def flex_container(contents: str) -> FlexContainer:
    """The SDK model of a card, built once per distinct card.

    Building it (pydantic validation of every box and text) is most of the CPU an event costs, and a
    staff card is the same for everyone until the sheet changes. The model is only read afterwards.
    """
    return FlexContainer.from_json(contents)


def to_line_messages(replies: Sequence[r.Reply]) -> list[Message]:
    messages: list[Message] = []
    for reply in replies:
        buttons = quick_reply(reply.quick_replies)
        if isinstance(reply, r.Flex):
            messages.append(FlexMessage(altText=reply.alt_text[:MAX_ALT_TEXT],
                                        contents=flex_container(json.dumps(reply.contents, ensure_ascii=False)),
                                        quickReply=buttons))
            continue
        pieces = split_text(reply.text)
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            messages.append(TextMessage(text=piece, quickReply=buttons if last else None))
    return messages
