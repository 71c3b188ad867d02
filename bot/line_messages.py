"""Our replies as line-bot-sdk message models, within LINE's limits."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

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

from handlers import replies as r
from handlers.phrasing import fit_label

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
        label = fit_label(button.label, MAX_LABEL)
        action = (PostbackAction(label=label, data=button.data, displayText=button.text or button.label)
                  if button.data else MessageAction(label=label, text=button.text or button.label))
        items.append(QuickReplyItem(action=action))
    return QuickReply(items=items)


@functools.lru_cache(maxsize=64)
def flex_container(contents: str) -> FlexContainer:
    """The SDK model of a card, validated and serialized once per distinct card.

    Validating a card (pydantic, every box and text) and serializing it again for each request were
    most of the CPU an event costs, and a staff card is the same for everyone until the sheet changes.
    line-bot-sdk offers no way to send pre-serialized JSON, so the model we hand it is a subclass
    whose ``dict``/``to_dict`` return the JSON computed once (the SDK only reads it).
    """
    model = FlexContainer.from_json(contents)
    wire = model.to_dict()
    frozen: Any = type(f"Serialized{type(model).__name__}", (type(model),),
                  {"dict": lambda self, **options: wire, "to_dict": lambda self: wire})
    container: FlexContainer = frozen.construct(model.__fields_set__, **model.__dict__)
    return container


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
