"""The menu, the quick-reply buttons of each role, and who may use the staff commands (fails closed)."""

from __future__ import annotations

from collections.abc import Callable

from common.identity_cache import IdentityCache
from handlers.conversation.engine import Context, Outcome
from handlers.conversation.replies import QuickReply, Reply, Text
from sheets.workbook import Snapshot
from templates import label, render

CITIZEN_BUTTONS = ("ita_score", "complain", "follow_case", "menu")
STAFF_BUTTONS = ("staff_score", "analysis", "measures", "oit", "report", "ita_score", "complain", "menu")
OFFICER_BUTTONS = ("case_list", "complaint_summary", *STAFF_BUTTONS)
"""อัปเดต, ส่งลิงก์ and the case actions need a code or a number: the menu's text lists them, the cards carry them."""


def menu_buttons_for(context: Context) -> tuple[QuickReply, ...]:
    keys = {"citizen": CITIZEN_BUTTONS, "staff": STAFF_BUTTONS}.get(context.role, OFFICER_BUTTONS)
    return tuple(QuickReply(label(key), text=label(key)) for key in keys)


def staff_refusal(context: Context) -> list[Reply] | None:
    """Fails closed: no snapshot, or a person who is not approved staff, gets a refusal (None: go on)."""
    if context.snapshot is None:
        return [Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))]
    if context.role == "citizen":
        status = next((m.status for m in context.snapshot.staff if m.line_user_id == context.user_id), None)
        return [Text(render("staff_only.txt.j2", status=status), menu_buttons_for(context))]
    return None


def menu(context: Context) -> Reply:
    role_label = label(f"role_{context.role}") if context.role != "citizen" else ""
    return Text(render("menu.txt.j2", role_label=role_label, staff=context.role != "citizen",
                       officer=context.role in ("officer", "admin"), example_year=context.example_year),
                menu_buttons_for(context))


def web_form(context: Context) -> str:
    """Where to complain on the web: the admin's complaint_web_url, else the bot's own /complaint."""
    settings = context.snapshot.settings if context.snapshot else {}
    return settings.get("complaint_web_url", "").strip() or context.web_form_url


def privacy_page(context: Context) -> str:
    """The bot's own PDPA notice (/privacy beside its /complaint); "" when the bot has no public address."""
    own = context.web_form_url
    return own.removesuffix("/complaint") + "/privacy" if own.endswith("/complaint") else ""


CARDS: IdentityCache[tuple[Reply, ...]] = IdentityCache()
"""Staff cards built once per snapshot (building them was most of an event's CPU): what a card reads
depends only on the snapshot, the day, the role, the office and the words after the command."""


def staff_only(command: Callable[[Context, Snapshot, str], list[Reply]]) -> Callable[[Context, str], Outcome]:
    """Fails closed: no snapshot or no approved staff row → no staff data."""

    def guarded(context: Context, rest: str) -> Outcome:
        refused = staff_refusal(context)
        snapshot = context.snapshot
        if refused is not None or snapshot is None:
            return Outcome(refused or [])
        key = (command, context.role, context.org, context.now.date(), rest)
        return Outcome(list(CARDS.get(snapshot, key, lambda: tuple(command(context, snapshot, rest)))))

    return guarded
