"""Complaint commands: ร้องเรียน (the flow), ติดตาม <receipt>, and สรุปร้องเรียน for officers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from common.thaitext import format_thai_date, normalize_input
from handlers.complaints import flow as complaint_flow
from handlers.complaints import own_commands
from handlers.complaints import rating as complaint_rating
from handlers.complaints.desk import CaseView
from handlers.complaints.intent import reads_as_report
from handlers.complaints.lookup import RECEIPT_SHAPE
from handlers.complaints.rating import FOLLOW_FLOW
from handlers.complaints.statistics import average_rating, complaint_counts
from handlers.complaints.status_words import citizen_status, is_closed
from handlers.conversation.engine import Command, Context, Flow, Notice, Outcome, strip_keyword
from handlers.conversation.menu import menu_buttons_for
from handlers.conversation.phrasing import pick
from handlers.conversation.replies import QuickReply, Text
from sheets.workbook import Problem, Snapshot
from templates import label, render

OFFICER_ROLES = ("officer", "admin")



def follow(context: Context, rest: str) -> Outcome:
    """ติดตาม <receipt> answers at once; ติดตาม alone asks for the receipt (a one-step flow)."""
    if context.complaints is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    return _status(context, rest) if RECEIPT_SHAPE.search(rest) else _ask_receipt()


def _ask_receipt() -> Outcome:
    return Outcome([Text(render("complaint_ask_receipt.txt.j2"), (QuickReply(label("cancel"), text=label("cancel")),))],
                   next_step="receipt", flow=FOLLOW_FLOW)


def _rating_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    """A score, or ดูเรื่องที่แจ้ง: reading what was filed is still the complainant's right once the case is closed."""
    if pick(normalize_input(context.raw_text or text), (label("own_read_text"),)):
        return own_commands.read_filed(context, data["case_no"])
    return complaint_rating.rating_step(context, text, data)


def _receipt_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    """The one step: a receipt gets its case (or "not found") and the flow ends; anything else is asked again."""
    rest = strip_keyword(text, label("follow_case"))
    receipt = text if rest is None else rest
    return _status(context, receipt) if RECEIPT_SHAPE.search(receipt) else _ask_receipt()


def _status(context: Context, text: str) -> Outcome:
    desk = context.complaints
    assert desk is not None
    found: CaseView | str | None = desk.lookup(text, context.snapshot, sender=context.sender)
    if found is None or found == "throttled":
        reply = render("complaint_not_found.txt.j2", throttled=found == "throttled", given=True)
        return Outcome([Text(reply, menu_buttons_for(context))])
    assert not isinstance(found, str)
    text = status_text(found)
    notices = data_problem_notices(context.snapshot, found.data_problem, found.case_no) if found.data_problem else []
    offered = complaint_rating.offer(context, found, text, own_commands.case_buttons(found)[:1])  # ดูเรื่องที่แจ้ง
    if offered is not None:
        return replace(offered, notices=notices)
    return Outcome([Text(text, own_commands.case_buttons(found))], notices=notices, next_step="choose",
                   data=own_commands.case_data(found), flow=own_commands.FLOW)


def status_text(view: CaseView) -> str:
    """What ``ติดตาม`` answers: the status in plain words, the deadline (or the close date), the officer's message."""
    closed = is_closed(view.status) and view.data_problem is None
    return render("complaint_status.txt.j2", view=view, words=citizen_words(view),
                  due=format_thai_date(view.due) if view.due and not closed else "",
                  closed_on=format_thai_date(view.closed) if view.closed and closed else "")


def citizen_words(view: CaseView) -> str:
    return citizen_status(view.status, view.forwarded_to, off_list=view.data_problem is not None)


def data_problem_notices(snapshot: Snapshot | None, problem: Problem, case_no: str, *,
                         by_officer: bool = False) -> list[Notice]:
    """A status outside the vocabulary is a data problem: the approved admins get its tab, row and column."""
    if snapshot is None:
        return []
    notice = Text(render("data_problem_notice.txt.j2", problem=str(problem), case_no=case_no, by_officer=by_officer))
    return [(m.line_user_id, notice) for m in snapshot.staff
            if m.role == "admin" and m.status == "อนุมัติ" and m.line_user_id]


def officer_summary(context: Context, rest: str) -> Outcome:
    if context.snapshot is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    if context.role == "staff":
        return Outcome([Text(render("case_officers_only.txt.j2"), menu_buttons_for(context))])
    if context.role not in OFFICER_ROLES:
        status = next((m.status for m in context.snapshot.staff if m.line_user_id == context.user_id), None)
        return Outcome([Text(render("staff_only.txt.j2", status=status), menu_buttons_for(context))])
    counts, overdue = complaint_counts(context.snapshot.complaints, context.now.date())
    rows = [{"case_no": c.case_no, "category": c.category, "due_text": format_thai_date(c.due) if c.due else "-"}
            for c in overdue]
    text = render("complaint_summary_officer.txt.j2", total=sum(counts.values()), counts=list(counts.items()),
                  overdue=rows, rating=average_rating(context.snapshot.complaints))
    return Outcome([Text(text, menu_buttons_for(context))])


COMMANDS = (
    *own_commands.COMMANDS,
    Command(("ร้องเรียน", "แจ้งเบาะแส", "complaint"), complaint_flow.start, claims=reads_as_report),
    Command(("ติดตาม", "track", "status"), follow),
    Command(("สรุปร้องเรียน", "complaints"), officer_summary),
    *complaint_rating.COMMANDS,
)
FLOWS = (*complaint_flow.FLOWS, *own_commands.FLOWS,
         Flow(FOLLOW_FLOW, {"receipt": _receipt_step, "rating": _rating_step}))
