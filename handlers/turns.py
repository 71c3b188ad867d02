"""An answer as JSON, kept with the session change it came with, so a retried event replays it (not reruns it)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from handlers.replies import Flex, QuickReply, Reply, Text

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


def answer_to_json(answer: Answer) -> str:
    return json.dumps({"replies": [_reply_dict(reply) for reply in answer.replies],
                       "notices": [[to, _reply_dict(reply)] for to, reply in answer.notices]}, ensure_ascii=False)


def answer_from_json(text: str) -> Answer:
    stored = json.loads(text)
    return Answer([_reply(reply) for reply in stored["replies"]],
                  [(to, _reply(reply)) for to, reply in stored["notices"]])
