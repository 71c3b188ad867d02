"""An answer as JSON, kept with the session change it came with, so a retried event replays it (not reruns it)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from common.identity_cache import IdentityCache
from handlers.conversation.replies import Flex, QuickReply, Reply, Text

Notice = tuple[str, Reply]
"""A message pushed to someone other than the sender (an admin, an officer)."""


@dataclass(frozen=True)
class Answer:
    replies: list[Reply]
    notices: list[Notice] = field(default_factory=list)


def _reply_dict(reply: Reply) -> dict[str, Any]:
    """Shallow: ``asdict`` deep-copied every card before json.dumps read it (a tenth of an event's CPU)."""
    buttons = [asdict(button) for button in reply.quick_replies]
    if isinstance(reply, Flex):
        return {"kind": "flex", "alt_text": reply.alt_text, "contents": reply.contents, "quick_replies": buttons}
    return {"kind": "text", "text": reply.text, "quick_replies": buttons}


def _reply(stored: dict[str, Any]) -> Reply:
    buttons = tuple(QuickReply(**button) for button in stored.get("quick_replies", ()))
    if stored["kind"] == "flex":
        return Flex(stored["alt_text"], stored["contents"], buttons)
    return Text(stored["text"], buttons)


REPLY_JSON: IdentityCache[str] = IdentityCache(size=512)
"""A reply's JSON, written once per card object (a cached staff card is the same object for everyone)."""


def _reply_json(reply: Reply) -> str:
    def written() -> str:
        return json.dumps(_reply_dict(reply), ensure_ascii=False)
    return REPLY_JSON.get(reply, None, written) if isinstance(reply, Flex) else written()


def answer_to_json(answer: Answer) -> str:
    """The same JSON as ``json.dumps`` of the whole answer, put together from each reply's JSON."""
    replies = ", ".join(_reply_json(reply) for reply in answer.replies)
    notices = ", ".join(f"[{json.dumps(to)}, {_reply_json(reply)}]" for to, reply in answer.notices)
    return f'{{"replies": [{replies}], "notices": [{notices}]}}'


def answer_from_json(text: str) -> Answer:
    stored = json.loads(text)
    return Answer([_reply(reply) for reply in stored["replies"]],
                  [(to, _reply(reply)) for to, reply in stored["notices"]])
