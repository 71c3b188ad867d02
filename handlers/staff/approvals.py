"""อนุมัติ / ระงับ a registration from LINE: the buttons pushed to the admins, the tap, and the person told.

A tap is a postback ``อนุมัติ <LINE userId>`` (typed, it works the same for an admin). It queues a keyed
change of the person's ``สถานะ`` through the outbox like every other sheet write; the same decision on the
same row by any admin has one change id, so a second tap (or a second admin) changes nothing and is told
so. Once the change is in the sheet, the flusher's ``on_applied`` tells an approved person, with their menu.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from common.thaitext import format_sheet_date
from handlers.conversation.engine import Command, Context, Notice, Outcome
from handlers.conversation.menu import OFFICER_BUTTONS, STAFF_BUTTONS, menu_buttons_for
from handlers.conversation.replies import QuickReply, Reply, Text
from sheets.records import HistoryRow
from sheets.schema import HISTORY, STAFF
from sheets.workbook import Snapshot
from state.row_changes import CellChange, Conflict, RowChange, change_id
from templates import label, render

APPROVE, SUSPEND = "อนุมัติ", "ระงับ"
DECISIONS = {APPROVE: "อนุมัติการลงทะเบียน", SUSPEND: "ระงับสิทธิ์"}
"""The decision (the ``สถานะ`` written) → what the history tab says was done."""
KEY, STATUS = "LINE userId", "สถานะ"
_USER_ID = re.compile(r"^U[0-9a-f]{32}$")
MenuLinker = Callable[[str, str], None]
"""Links a person's rich menu by role once they are approved (bot.richmenu; LINE is not reached here)."""


def decision_buttons(user_id: str, name: str) -> tuple[QuickReply, ...]:
    """อนุมัติ and ระงับ as postbacks naming the person's userId (the chat shows the name, not the id)."""
    return (QuickReply(APPROVE, text=f"{APPROVE} {name}"[:300], data=f"{APPROVE} {user_id}"),
            QuickReply(SUSPEND, text=f"{SUSPEND} {name}"[:300], data=f"{SUSPEND} {user_id}"))


def names_a_person(rest: str) -> bool:
    return bool(_USER_ID.match(rest.strip()))


def _decide(decision: str) -> Callable[[Context, str], Outcome]:
    def run(context: Context, rest: str) -> Outcome:
        return decide(context, decision, rest.strip())

    return run


def decide(context: Context, decision: str, user_id: str) -> Outcome:
    """An admin's tap: refused for anyone else; otherwise the change queued once and the other admins told."""
    snapshot = context.snapshot
    if snapshot is None:
        return _answer(context, render("no_snapshot.txt.j2"))
    if context.role != "admin":
        return _answer(context, render("staff_decision.txt.j2", step="not_admin"))
    person = next((m for m in snapshot.staff if m.line_user_id == user_id), None)
    if person is None:
        queued = context.writer.pending(STAFF, user_id) if context.writer is not None else None
        return Outcome([Text(render("staff_decision.txt.j2", step="queued" if queued else "unknown"),
                             decision_buttons(user_id, queued.get("ชื่อ", "")) if queued else menu_buttons_for(context))])
    if user_id == context.user_id:
        return _answer(context, render("staff_decision.txt.j2", step="self", person=person))
    if person.status == decision:
        return _answer(context, render("staff_decision.txt.j2", step="already", person=person, decision=decision))
    if context.row_changes is None:
        return _answer(context, render("system_error.txt.j2"))
    me = next((m.name for m in snapshot.staff if m.line_user_id == context.user_id), "ผู้ดูแล")
    change = RowChange(STAFF.name, KEY, user_id, (CellChange(STATUS, person.status or "", decision),),
                       change_id("staff-decision", user_id, person.status or "", decision,
                                 str(_decisions_so_far(snapshot, user_id))),
                       action=DECISIONS[decision], by=me, at=format_sheet_date(context.now),
                       notify=context.user_id, extra={"tell": user_id, "name": person.name,
                                                      "role": person.role or "staff"})
    if not context.row_changes.submit(change):
        return _answer(context, render("staff_decision.txt.j2", step="already", person=person, decision=decision))
    told = Text(render("staff_decision.txt.j2", step="others", person=person, decision=decision, by=me))
    others: list[Notice] = [(m.line_user_id, told) for m in snapshot.staff if m.role == "admin"
                            and m.status == APPROVE and m.line_user_id and m.line_user_id != context.user_id]
    return Outcome([Text(render("staff_decision.txt.j2", step="done", person=person, decision=decision),
                         menu_buttons_for(context))], notices=others)


def _answer(context: Context, text: str) -> Outcome:
    return Outcome([Text(text, menu_buttons_for(context))])


def role_buttons(role: str) -> tuple[QuickReply, ...]:
    """The quick replies an approved person of ``role`` gets (as ``menu_buttons_for`` gives them)."""
    keys = STAFF_BUTTONS if role == "staff" else OFFICER_BUTTONS
    return tuple(QuickReply(label(key), text=label(key)) for key in keys)


def approval_pusher(push: Callable[..., None], link_menu: MenuLinker | None = None) -> Callable[[RowChange], None]:
    """The flusher's ``on_applied`` for decisions: an approved person is told once (a retry key), with their menu."""

    def tell(change: RowChange) -> None:
        to = change.extra.get("tell", "")
        if change.tab != STAFF.name or change.action != DECISIONS[APPROVE] or not to:
            return
        role = change.extra.get("role", "staff")
        if link_menu is not None:
            link_menu(to, role)
        text = render("staff_decision.txt.j2", step="approved", name=change.extra.get("name", ""), role=role)
        push(to, [Text(text, role_buttons(role))], retry_key_seed=f"approved:{change.change_id}")

    return tell


def decision_conflicts(push: Callable[..., None], others: Callable[[Conflict], None]) -> Callable[[Conflict], None]:
    """The flusher's ``on_conflict``: a decision the sheet overtook is told to the admin; the rest go on."""

    def tell(conflict: Conflict) -> None:
        change = conflict.change
        if change.tab != STAFF.name:
            others(conflict)
            return
        if change.notify:
            text = render("staff_decision.txt.j2", step="conflict", name=change.extra.get("name", ""),
                          decision=change.cells[0].new if change.cells else "", reason=conflict.reason,
                          now=conflict.current.get(STATUS, ""))
            replies: list[Reply] = [Text(text, decision_buttons(change.key, change.extra.get("name", "")))]
            push(change.notify, replies, retry_key_seed=f"conflict:{change.change_id}")

    return tell


COMMANDS = (Command((APPROVE,), _decide(APPROVE), names_a_person),
            Command((SUSPEND,), _decide(SUSPEND), names_a_person))


def _decisions_so_far(snapshot: Snapshot, user_id: str) -> int:
    """The person's rows in the history tab: a new round for each decision the sheet has taken, so approving after a
    suspension and suspending again is a change of its own (two admins tapping at once still make one)."""
    return sum(1 for h in snapshot.rows(HISTORY.name, HistoryRow) if h.tab == STAFF.name and h.key == user_id)
