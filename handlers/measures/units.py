"""What measure and OIT updates share: who may update a unit's row, and one keyed change with อัปเดตล่าสุด."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlparse

from common.thaitext import compact, format_sheet_date, normalize_input
from handlers.casework.cases import my_name, seen_change_id
from handlers.conversation.engine import Context, Outcome
from handlers.conversation.menu import staff_refusal
from handlers.conversation.replies import QuickReply, Reply, Text
from sheets.workbook import Snapshot
from state.row_changes import CellChange, Conflict, RowChange
from templates import render

UPDATED = "อัปเดตล่าสุด"
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")


def names_a_code(rest: str) -> bool:
    """``อัปเดต M2569-01``, not a sentence that starts with the word: one code-like token must follow."""
    return bool(CODE.match(normalize_input(rest).strip()))


def same_unit(left: str | None, right: str | None) -> bool:
    return bool(left and right) and compact(left or "") == compact(right or "")


def may_update(context: Context, snapshot: Snapshot, owner: str | None) -> bool:
    """Admins, and approved staff whose หน่วยงาน is the row's ผู้รับผิดชอบ (role_of already required อนุมัติ)."""
    if context.role == "admin":
        return True
    member = next((m for m in snapshot.staff if m.line_user_id == context.user_id and m.status == "อนุมัติ"), None)
    return member is not None and same_unit(member.unit, owner)


def staff_guard(run: Callable[[Context, Snapshot, str], Outcome]) -> Callable[[Context, str], Outcome]:
    """Fails closed: no snapshot or a person who is not approved staff gets no update step."""

    def guarded(context: Context, rest: str) -> Outcome:
        refused = staff_refusal(context)
        if refused is not None or context.snapshot is None:
            return Outcome(refused or [])
        return run(context, context.snapshot, rest)

    return guarded


def owner_guard(owner_of: Callable[[Snapshot, Mapping[str, Any]], str | None],
                refusal: Callable[[Mapping[str, Any], str | None], Reply]
                ) -> Callable[[Context, Mapping[str, Any]], list[Reply] | None]:
    """A flow's guard: before every step the person must still be approved staff of the row's unit (or admin)."""

    def guard(context: Context, data: Mapping[str, Any]) -> list[Reply] | None:
        snapshot = context.snapshot
        refused = staff_refusal(context)
        if refused is not None or snapshot is None:
            return refused or []
        owner = owner_of(snapshot, data)
        return None if may_update(context, snapshot, owner) else [refusal(data, owner)]

    return guard


def is_web_link(text: str) -> bool:
    parts = urlparse(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(ch.isspace() for ch in text)


def submit_update(context: Context, tab: str, key: tuple[str, str], seen: Mapping[str, str],
                  new: Mapping[str, str], action: str, also: tuple[tuple[str, str], ...] = (),
                  round_no: int = 0) -> dict[str, str]:
    """Queue one change of ``new`` cells and อัปเดตล่าสุด (today, Bangkok) unless it is today; what is now seen.

    ``round_no`` counts the changes already made in the same flow, so 50→25→50→25 is four changes."""
    if context.row_changes is None or context.snapshot is None:
        raise RuntimeError("no row-change sink")
    values = {**new, UPDATED: format_sheet_date(context.now.date())}
    cells = tuple(CellChange(header, seen.get(header, ""), value) for header, value in values.items()
                  if header != UPDATED or seen.get(header, "") != value)
    changed = (f"{c.header}:{c.old}>{c.new}" for c in cells)
    change = RowChange(tab, key[0], key[1], cells, seen_change_id(context, tab, key[1], str(round_no), *changed),
                       action=action,
                       by=my_name(context, context.snapshot), at=format_sheet_date(context.now),
                       notify=context.user_id, also=also)
    context.row_changes.submit(change)
    return {**seen, **values}


RETRY_COMMANDS = {"มาตรการ": "อัปเดต {key}", "OIT": "ส่งลิงก์ {key}"}
"""What the conflict notice's button sends, by tab: the person opens the row again and sees the value now."""


def conflict_router(push: Callable[..., None], others: Callable[[Conflict], None]) -> Callable[[Conflict], None]:
    """The flusher's ``on_conflict``: measure and OIT changes get their own notice, the rest go to ``others``."""

    def tell(conflict: Conflict) -> None:
        change = conflict.change
        if change.tab not in RETRY_COMMANDS:
            others(conflict)
            return
        if change.notify:
            again = RETRY_COMMANDS[change.tab].format(key=change.key.upper() if change.tab == "OIT" else change.key)
            notice = Text(render("case_conflict.txt.j2", change=change, current=conflict.current,
                                 reason=conflict.reason), (QuickReply(again[:20], text=again),))
            push(change.notify, [notice], retry_key_seed=f"conflict:{change.change_id}")

    return tell
