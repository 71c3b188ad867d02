"""What the bot says when it is added to a LINE group or multi-person chat (a join event)."""

from __future__ import annotations

from handlers.conversation.replies import Reply, Text
from sheets.workbook import Snapshot
from templates import render

GROUP_SETTINGS = ("staff_group_id", "officer_group_id")


def join_greeting(snapshot: Snapshot | None, group_id: str) -> Reply:
    """Hello, what the bot posts in a group, and how an admin sets this group up (with its id)."""
    settings = snapshot.settings if snapshot else {}
    org = settings.get("org_name") or "หน่วยงาน"
    current = [key for key in GROUP_SETTINGS if settings.get(key, "") == group_id]
    return Text(render("group_join.txt.j2", org=org, group_id=group_id, current=current,
                       room=group_id.startswith("R")))
