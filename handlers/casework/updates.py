"""Officer updates logged in the case's history: บันทึกภายใน, เปลี่ยนสถานะ, ส่งต่อหน่วยงาน, มอบหมาย (ยกเลิก everywhere).

Each ends in one keyed row change (state.row_changes) holding what the officer saw when they started.
An internal note changes no cell: only its history row holds it, so ``ติดตาม`` and ``/status`` (which read
the complaint row) can never show it. ส่งต่อหน่วยงาน writes the agency to ``ส่งต่อถึง`` (an optional column the
bot adds; ``ผู้ถูกร้อง/หน่วยงาน`` is who the complaint is about): the complainant reads where the case went.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from common.thaitext import format_sheet_date, format_thai_date, normalize_input
from handlers.casework.actions import CANCEL, COMMAND_LIKE, MAX_TEXT
from handlers.casework.cases import (
    OFFICER_ROLES,
    find_case,
    my_name,
    names_a_case,
    officer_refusal,
    officers_only,
    seen_change_id,
)
from handlers.complaints.desk import CLOSED
from handlers.conversation.engine import Command, Context, Flow, Outcome
from handlers.conversation.phrasing import pick
from handlers.conversation.replies import QuickReply, Reply, Text
from sheets.records import StaffMember
from sheets.schema import COMPLAINT_STATUSES, COMPLAINTS
from sheets.workbook import Snapshot
from state.row_changes import CellChange, RowChange
from templates import render

FLOW = "case_update"
NOTE, STATUS, FORWARD, ASSIGN = "บันทึกภายใน", "เปลี่ยนสถานะ", "ส่งต่อหน่วยงาน", "มอบหมาย"
FORWARDED = "ส่งต่อหน่วยงาน"
FORWARDED_TO = COMPLAINTS.column("forwarded_to").header
LABEL_MAX = 20
"""LINE's longest quick-reply label."""


def status_choices(current: str) -> tuple[str, ...]:
    """The vocabulary less the closing statuses (they go through ปิดเรื่อง) and the case's own status."""
    return tuple(status for status in COMPLAINT_STATUSES if status not in CLOSED and status != (current or "รับเรื่อง"))


def assignable(snapshot: Snapshot) -> tuple[StaffMember, ...]:
    """Approved officers and admins of เจ้าหน้าที่, each name once."""
    seen: dict[str, StaffMember] = {}
    for member in snapshot.staff:
        if member.status == "อนุมัติ" and member.role in OFFICER_ROLES and member.name.strip():
            seen.setdefault(" ".join(member.name.split()), member)
    return tuple(seen.values())


def _buttons(choices: tuple[str, ...]) -> tuple[QuickReply, ...]:
    return (*[QuickReply(choice[:LABEL_MAX], text=choice) for choice in choices[:12]], CANCEL)


def _done(action: str, case_no: str, *, cells: tuple[CellChange, ...] = (), note: str = "", already: str = "",
          told: bool = False) -> Outcome:
    text = render("case_update_done.txt.j2", action=action, case_no=case_no, cells=cells, note=note,
                  already=already, told=told)
    return Outcome([Text(text)])


def _ask(step: str, data: Mapping[str, Any], buttons: tuple[QuickReply, ...] = (CANCEL,), **extra: Any) -> Outcome:
    text = render("case_update_ask.txt.j2", action=data["action"], case_no=data["case_no"], step=step, **extra)
    return Outcome([Text(text, buttons)], next_step=step, data=data, flow=FLOW)


def _start(action: str) -> Callable[[Context, Snapshot, str], list[Reply] | Outcome]:
    def start(context: Context, snapshot: Snapshot, rest: str) -> list[Reply] | Outcome:
        case = find_case(snapshot, rest)
        if case is None:
            return [Text(render("case_not_found.txt.j2", text=rest.strip()))]
        if case.status in CLOSED:
            return [Text(render("case_closed.txt.j2", case=case))]
        data = {"action": action, "case_no": case.case_no, "status": case.status or "", "officer": case.officer or "",
                "category": case.category or "", "due": format_thai_date(case.due) if case.due else "",
                "forwarded_to": case.forwarded_to or ""}
        if action == STATUS:
            return _ask("status", data, _buttons(status_choices(case.status or "")), current=case.status or "รับเรื่อง")
        if action == ASSIGN:
            names = tuple(" ".join(m.name.split()) for m in assignable(snapshot))
            return _ask("officer", data, _buttons(names), current=case.officer or "")
        return _ask("text", data)

    return start


def _status_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    choices = status_choices(data["status"])
    text = pick(text, choices) or ""
    if text not in choices:
        return Outcome([Text(render("case_bad_choice.txt.j2", choices=choices), _buttons(choices))],
                       next_step="status", data=data, flow=FLOW)
    if text.strip() == FORWARDED:  # the same as the ส่งต่อหน่วยงาน command: the agency's name is required
        return _ask("text", {**data, "action": FORWARD})
    return _ask("text", {**data, "new_status": text.strip()}, new_status=text.strip())


def _text_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    words = " ".join((context.raw_text or text).split())[:MAX_TEXT]
    if len(words) < 2 or COMMAND_LIKE.match(normalize_input(words)):
        reply = render("case_need_text.txt.j2", action=data["action"], command=len(words) >= 2)
        return Outcome([Text(reply, (CANCEL,))], next_step="text", data=data, flow=FLOW)
    if context.row_changes is None or context.snapshot is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    action, case_no = data["action"], data["case_no"]
    new = {STATUS: data.get("new_status", ""), FORWARD: FORWARDED}.get(action)
    cells = (CellChange("สถานะ", data["status"], new),) if new else ()
    if action == FORWARD:
        cells = (*cells, CellChange(FORWARDED_TO, data.get("forwarded_to", ""), words))
    change = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case_no, cells,
                       seen_change_id(context, case_no, action, *(f"{c.old}>{c.new}" for c in cells), words),
                       action=action,
                       by=my_name(context, context.snapshot), note=words, at=format_sheet_date(context.now),
                       notify=context.user_id)
    context.row_changes.submit(change)
    return _done(action, case_no, cells=cells, note=words)


def _officer_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    snapshot = context.snapshot
    if context.row_changes is None or snapshot is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    wanted = " ".join(normalize_input(text).split()).casefold()
    members = assignable(snapshot)
    member = next((m for m in members if " ".join(normalize_input(m.name).split()).casefold() == wanted), None)
    names = tuple(" ".join(m.name.split()) for m in members)
    if member is None:
        return Outcome([Text(render("case_unknown_officer.txt.j2", name=" ".join(text.split())[:40]), _buttons(names))],
                       next_step="officer", data=data, flow=FLOW)
    name, case_no = " ".join(member.name.split()), data["case_no"]
    if name == data["officer"]:
        return _done(ASSIGN, case_no, already=name)
    tell = member.line_user_id if member.line_user_id and member.line_user_id != context.user_id else ""
    cell = CellChange("ผู้รับผิดชอบ", data["officer"], name)
    change = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case_no, (cell,),
                       seen_change_id(context, case_no, ASSIGN, f"{cell.old}>{cell.new}"), action=ASSIGN,
                       by=my_name(context, snapshot), at=format_sheet_date(context.now), notify=context.user_id,
                       extra={"tell": tell, "category": data["category"], "due": data["due"]} if tell else {})
    context.row_changes.submit(change)
    return _done(ASSIGN, case_no, cells=(cell,), told=bool(tell))


def assignment_pusher(push: Callable[..., None]) -> Callable[[RowChange], None]:
    """The flusher's ``on_applied``: once an assignment is in the sheet, tell the assignee in LINE (once)."""

    def tell(change: RowChange) -> None:
        to = change.extra.get("tell", "")
        if change.action != ASSIGN or not to:
            return
        text = render("case_assigned.txt.j2", case_no=change.key, by=change.by, category=change.extra.get("category"),
                      due=change.extra.get("due"))
        button = QuickReply(f"เรื่อง {change.key}", text=f"เรื่อง {change.key}")
        push(to, [Text(text, (button,))], retry_key_seed=f"assigned:{change.change_id}")

    return tell


COMMANDS = tuple(Command((action,), officers_only(_start(action)), names_a_case)
                 for action in (NOTE, STATUS, FORWARD, ASSIGN))
FLOWS = (Flow(FLOW, {"status": _status_step, "text": _text_step, "officer": _officer_step}, officer_refusal,
              keeps_text=frozenset({"text"})),)
