"""Complaint commands: ร้องเรียน (the flow), ติดตาม <receipt>, and สรุปร้องเรียน for officers."""

from __future__ import annotations

from common.thaitext import format_thai_date
from handlers import complaint_flow
from handlers.complaint_desk import complaint_counts
from handlers.conversation import Command, Context, Outcome
from handlers.public import menu_buttons_for
from handlers.replies import Text
from templates import render

OFFICER_ROLES = ("officer", "admin")


def follow(context: Context, rest: str) -> Outcome:
    desk = context.complaints
    if desk is None or not rest.strip():
        return Outcome([Text(render("complaint_not_found.txt.j2", throttled=False, given=False),
                             menu_buttons_for(context))])
    found = desk.lookup(rest, context.snapshot, sender=context.sender)
    if found is None or found == "throttled":
        return Outcome([Text(render("complaint_not_found.txt.j2", throttled=found == "throttled", given=True),
                             menu_buttons_for(context))])
    assert not isinstance(found, str)
    due = format_thai_date(found.due) if found.due else ""
    return Outcome([Text(render("complaint_status.txt.j2", view=found, due=due), menu_buttons_for(context))])


def officer_summary(context: Context, rest: str) -> Outcome:
    if context.snapshot is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    if context.role not in OFFICER_ROLES:
        status = next((m.status for m in context.snapshot.staff if m.line_user_id == context.user_id), None)
        return Outcome([Text(render("staff_only.txt.j2", status=status), menu_buttons_for(context))])
    counts, overdue = complaint_counts(context.snapshot.complaints, context.now.date())
    rows = [{"case_no": c.case_no, "category": c.category, "due_text": format_thai_date(c.due) if c.due else "-"}
            for c in overdue]
    text = render("complaint_summary_officer.txt.j2", total=sum(counts.values()), counts=sorted(counts.items()),
                  overdue=rows)
    return Outcome([Text(text, menu_buttons_for(context))])


COMMANDS = (
    Command(("ร้องเรียน", "แจ้งเบาะแส", "complaint"), complaint_flow.start),
    Command(("ติดตาม", "track", "status"), follow),
    Command(("สรุปร้องเรียน", "complaints"), officer_summary),
)
FLOWS = complaint_flow.FLOWS
