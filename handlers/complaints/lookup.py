"""A receipt typed in LINE read into its case, or the answer when there is none (unknown, too many tries)."""

from __future__ import annotations

import re

from handlers.complaints.desk import CaseView
from handlers.conversation.engine import Context, Outcome
from handlers.conversation.menu import menu_buttons_for
from handlers.conversation.replies import Text
from templates import render

RECEIPT_SHAPE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\- ]{5,}")


def look_up(context: Context, text: str) -> CaseView | Outcome:
    """The case of the receipt in ``text``; otherwise the "not found" (or "too many wrong receipts") answer."""
    desk = context.complaints
    if desk is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    found = desk.lookup(text, context.snapshot, sender=context.sender)
    if isinstance(found, CaseView):
        return found
    reply = render("complaint_not_found.txt.j2", throttled=found == "throttled", given=True)
    return Outcome([Text(reply, menu_buttons_for(context))])
