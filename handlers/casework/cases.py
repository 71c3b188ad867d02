"""Officers work their cases in their 1:1 chat: list open cases, open one, take it (approved officer/admin)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from common.thaitext import normalize_input
from handlers.casework.card import LIST_BUTTON, case_card, status_shown
from handlers.complaints.commands import data_problem_notices
from handlers.complaints.desk import CLOSED, status_problem
from handlers.conversation.engine import Command, Context, Outcome
from handlers.conversation.replies import QuickReply, Reply, Text
from sheets.records import Complaint
from sheets.schema import COMPLAINTS
from sheets.workbook import Snapshot
from state.row_changes import CellChange, Conflict, RowChange, change_id
from templates import render

PAGE = 10
OFFICER_ROLES = ("officer", "admin")
FILTERS = ("ของฉัน", "เกินกำหนด")


def seen_change_id(context: Context, *parts: str) -> str:
    """A change's id from what it changes and the sheet as the person saw it (the snapshot's time): a double
    tap or a retry on the same view is one change, the same change asked again after the sheet moved on is new."""
    seen = context.snapshot.loaded_at.isoformat() if context.snapshot else ""
    return change_id(seen, *parts)


def officer_refusal(context: Context, data: Mapping[str, Any] | None = None) -> list[Reply] | None:
    """Fails closed: staff who are not officers, strangers and a missing snapshot see no case (every step)."""
    if context.snapshot is None:
        return [Text(render("no_snapshot.txt.j2"))]
    if context.role not in OFFICER_ROLES:
        return [Text(render("case_officers_only.txt.j2"))]
    return None


def officers_only(command: Callable[[Context, Snapshot, str], list[Reply] | Outcome]
                  ) -> Callable[[Context, str], Outcome]:
    """A case command for officers only (see ``officer_refusal``)."""

    def guarded(context: Context, rest: str) -> Outcome:
        refused = officer_refusal(context)
        if refused is not None or context.snapshot is None:
            return Outcome(refused or [])
        answer = command(context, context.snapshot, rest)
        return answer if isinstance(answer, Outcome) else Outcome(answer)

    return guarded


def _open_cases(snapshot: Snapshot, today: date) -> list[Complaint]:
    """Open cases, overdue first, then the nearest deadline (no deadline last)."""
    cases = [c for c in snapshot.complaints if c.status not in CLOSED]
    return sorted(cases, key=lambda c: (c.due is None, c.due or today, c.case_no))


def my_name(context: Context, snapshot: Snapshot) -> str:
    return next((m.name for m in snapshot.staff if m.line_user_id == context.user_id), "")


def case_list(context: Context, snapshot: Snapshot, rest: str) -> list[Reply]:
    words = normalize_input(rest).split()
    page = next((int(w) for w in words if w.isdecimal()), 1)
    cases = _open_cases(snapshot, context.now.date())
    title = "เรื่องร้องเรียนที่ยังไม่ปิด"
    if "ของฉัน" in words:
        name = my_name(context, snapshot)
        cases, title = [c for c in cases if c.officer == name], "เรื่องร้องเรียนของฉัน"
    if "เกินกำหนด" in words:
        cases = [c for c in cases if c.due and c.due < context.now.date()]
        title += " (เกินกำหนด)"
    pages = max(1, -(-len(cases) // PAGE))
    page = min(max(page, 1), pages)
    shown = cases[(page - 1) * PAGE:page * PAGE]
    rows = [{"case": c, "days": (c.due - context.now.date()).days if c.due else None,
             "status": status_shown(snapshot, c)[0]} for c in shown]
    buttons = [QuickReply(f"เรื่อง {c.case_no}", text=f"เรื่อง {c.case_no}") for c in shown[:11]]
    if page < pages:
        filters = [word for word in words if word in FILTERS]
        buttons.append(QuickReply("หน้าถัดไป", text=" ".join(["เรื่องร้องเรียน", *filters, str(page + 1)])))
    text = render("case_list.txt.j2", title=title, rows=rows, page=page, pages=pages, total=len(cases))
    return [Text(text, tuple(buttons[:13]))]


def find_case(snapshot: Snapshot, rest: str) -> Complaint | None:
    wanted = normalize_input(rest).replace(" ", "")
    return next((c for c in snapshot.complaints if c.case_no == wanted), None)


def case_view(context: Context, snapshot: Snapshot, rest: str) -> list[Reply] | Outcome:
    """The card; a status outside the list is shown as typed, and the admins are told where it is (not twice)."""
    case = find_case(snapshot, rest)
    if case is None:
        return [Text(render("case_not_found.txt.j2", text=rest.strip()), (LIST_BUTTON,))]
    problem = status_problem(snapshot, case)
    notices = [] if problem is None or context.role == "admin" else \
        data_problem_notices(snapshot, problem, case.case_no, by_officer=True)
    return Outcome(case_card(context, snapshot, case), notices=notices)


def take(context: Context, snapshot: Snapshot, rest: str) -> list[Reply]:
    """รับเรื่อง: ผู้รับผิดชอบ becomes my name (and a new case goes to กำลังตรวจสอบ), through the row update."""
    case = find_case(snapshot, rest)
    if case is None:
        return [Text(render("case_not_found.txt.j2", text=rest.strip()))]
    if case.status in CLOSED:
        return [Text(render("case_closed.txt.j2", case=case))]
    name = my_name(context, snapshot)
    if case.officer == name:
        return [Text(render("case_taken.txt.j2", case=case, name=name, already=True))]
    cells = [CellChange("ผู้รับผิดชอบ", case.officer or "", name)]
    if case.status in (None, "", "รับเรื่อง"):
        cells.append(CellChange("สถานะ", case.status or "", "กำลังตรวจสอบ"))
    change = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case.case_no, tuple(cells),
                       seen_change_id(context, case.case_no, "take", case.officer or "", name), action="รับเรื่อง",
                       by=name,
                       at=context.now.strftime("%d/%m/") + str(context.now.year + 543) + context.now.strftime(" %H:%M"),
                       notify=context.user_id)
    if context.row_changes is None:
        return [Text(render("system_error.txt.j2"))]
    context.row_changes.submit(change)
    return [Text(render("case_taken.txt.j2", case=case, name=name, already=False))]


CASE_NO = re.compile(r"^\d{4}\s*-\s*\d{1,6}$")


def names_a_case(rest: str) -> bool:
    """``เรื่อง 2570-0004``, not ``เรื่องอื่น ๆ`` a citizen types: case commands need a case number."""
    return bool(CASE_NO.match(normalize_input(rest).strip()))


def names_a_list(rest: str) -> bool:
    """Only filters and a page number follow เรื่องร้องเรียน; other words are a citizen's sentence."""
    return all(word in FILTERS or word.isdecimal() for word in normalize_input(rest).split())


COMMANDS = (
    Command(("เรื่องร้องเรียน",), officers_only(case_list), names_a_list),
    Command(("เรื่อง",), officers_only(case_view), names_a_case),
    Command(("รับเรื่อง",), officers_only(take), names_a_case),
)


def conflict_notice(conflict: Conflict) -> list[Reply]:
    """What the officer is told when the sheet no longer held what they saw: the value now, and try again."""
    change = conflict.change
    return [Text(render("case_conflict.txt.j2", change=change, current=conflict.current, reason=conflict.reason),
                 (QuickReply(f"เรื่อง {change.key}", text=f"เรื่อง {change.key}"),))]


def conflict_pusher(push: Callable[..., None]) -> Callable[[Conflict], None]:
    """The flusher's ``on_conflict``: push the notice to the chat that asked (LINE drops a repeat)."""

    def tell(conflict: Conflict) -> None:
        if conflict.change.notify:
            seed = f"conflict:{conflict.change.change_id}"
            push(conflict.change.notify, conflict_notice(conflict), retry_key_seed=seed)

    return tell
