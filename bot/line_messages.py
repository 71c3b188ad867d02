"""Our replies as line-bot-sdk message models, within LINE's limits."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import TypeVar

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
from pydantic.v1 import BaseModel

from common.identity_cache import IdentityCache
from handlers.conversation import replies as r
from handlers.conversation.phrasing import fit_label

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


M = TypeVar("M", bound=BaseModel)
MESSAGES: IdentityCache[tuple[Message, ...]] = IdentityCache(size=512)
"""The SDK messages of a reply, built and serialized once: a card answered from the staff-card cache is
the same reply object for everyone until the sheet changes (texts are cheap and may carry a receipt)."""


def serialized_once(model: M) -> M:
    """The same model, whose ``dict``/``to_dict`` return the JSON computed now (the SDK only reads it).

    Validating a message (pydantic, every box and text of a card) and serializing it again for each
    request were most of the CPU a reply cost; line-bot-sdk offers no way to send pre-serialized JSON,
    so the model we hand it is of a subclass that answers with what it serialized once.
    """
    copy: M = _serialized_class(type(model)).construct(model.__fields_set__, **model.__dict__)  # type: ignore[assignment]
    object.__setattr__(copy, "_wire", model.to_dict())  # type: ignore[attr-defined]
    return copy


@functools.cache
def _serialized_class(model_class: type[BaseModel]) -> type[BaseModel]:
    """One subclass per SDK model class (a class per message would cost a metaclass call each)."""
    return type(f"Serialized{model_class.__name__}", (model_class,),
                {"dict": lambda self, **options: self._wire, "to_dict": lambda self: self._wire})


@functools.lru_cache(maxsize=64)
def flex_container(contents: str) -> FlexContainer:
    """The SDK model of a card, validated and serialized once per distinct card."""
    return serialized_once(FlexContainer.from_json(contents))


def to_line_messages(replies: Sequence[r.Reply]) -> list[Message]:
    messages: list[Message] = []
    for reply in replies:
        if isinstance(reply, r.Flex):  # a card: often the same object for everyone (the staff-card cache)
            messages.extend(MESSAGES.get(reply, None, functools.partial(_messages_of, reply)))
        else:
            messages.extend(_messages_of(reply))
    return messages


def _messages_of(reply: r.Reply) -> tuple[Message, ...]:
    buttons = quick_reply(reply.quick_replies)
    if isinstance(reply, r.Flex):
        return (serialized_once(FlexMessage(altText=reply.alt_text[:MAX_ALT_TEXT],
                                            contents=flex_container(json.dumps(reply.contents, ensure_ascii=False)),
                                            quickReply=buttons)),)
    pieces = split_text(reply.text)
    return tuple(serialized_once(TextMessage(text=piece, quickReply=buttons if index == len(pieces) - 1 else None))
                 for index, piece in enumerate(pieces))
