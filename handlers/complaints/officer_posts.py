"""What the bot posts to the officers' group about cases: no quick replies (the bot does not answer in groups),
a ``เรื่อง <เลข>`` button that opens the 1:1 chat with that command typed in, and what to type when no link
can be made (the bot's LINE id unknown)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from handlers.conversation.replies import Flex, Reply, Text
from templates import clip, render, render_json

MAX_BUTTONS = 4
"""Case buttons on one post (a digest's others are listed in its text)."""


def case_post(text: str, case_nos: Sequence[str], chat_url: Callable[[str], str] | None) -> Reply:
    """The post: a card with one button per case (up to MAX_BUTTONS), or plain text saying what to type."""
    links = [(f"เรื่อง {case_no}", chat_url(f"เรื่อง {case_no}")) for case_no in case_nos[:MAX_BUTTONS]] \
        if chat_url else []
    links = [(name, url) for name, url in links if url]
    hint = render("officer_post_hint.txt.j2", case_nos=case_nos[:MAX_BUTTONS], linked=bool(links))
    if not links:
        return Text(f"{text}\n{hint}")
    return Flex(clip(text, 400), render_json("officer_post.json.j2", text=text, hint=hint, links=links))
