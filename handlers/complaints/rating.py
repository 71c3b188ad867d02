"""The complainant rates a closed case 1–5: after ``ติดตาม``, from the buttons of the closing push, or on /status.

One keyed change of ``ความพึงพอใจ``, never their identity. A rating belongs to one close: its change id holds
the case, its ``ปิดเรื่องเมื่อ`` and how often it was reopened (``desk.close_round``), so a double tap or a second
``ติดตาม`` before the sheet is updated writes one rating and one history row (โดย ผู้ร้อง), and a case reopened and
closed again is rated again, even when both closes fall on the same day.
The push's buttons send ``ให้คะแนน <เลขที่เรื่อง> <1–5>``: only the LINE user who filed the case (and asked to be
told) may rate with it, so nobody rates someone else's case by its number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from common.thaitext import format_sheet_date, normalize_input
from handlers.complaints.desk import CaseView, close_round
from handlers.conversation.engine import Command, Context, Outcome
from handlers.conversation.menu import menu_buttons_for
from handlers.conversation.ports import RowChangeSink
from handlers.conversation.replies import QuickReply, Text
from sheets.schema import COMPLAINTS, SATISFACTION
from state.row_changes import CellChange, RowChange, change_id
from templates import label, render

FOLLOW_FLOW = "follow"
RATED = "ยุติเรื่อง"
"""Only a case closed with a result is rated (not one refused: ไม่รับพิจารณา)."""
HEADER = COMPLAINTS.column("rating").header
STATUS = COMPLAINTS.column("status").header
RATE = "ให้คะแนน"
RATE_ARGS = re.compile(r"^(\d{4}-\d{1,6})\s+([1-5])$")


def _buttons(extra: tuple[QuickReply, ...] = ()) -> tuple[QuickReply, ...]:
    cancel = QuickReply(label("cancel"), text=label("cancel"))
    return (*[QuickReply(score, text=score) for score in SATISFACTION], *extra, cancel)


def push_buttons(case_no: str) -> tuple[QuickReply, ...]:
    """1–5 under the closing push: each a postback ``ให้คะแนน <case> <n>`` (no receipt to retype). A postback, so a
    tap made while another flow waits for text (a new complaint's story) rates instead of becoming that text."""
    return tuple(QuickReply(score, text=f"{RATE} {score}", data=f"{RATE} {case_no} {score}") for score in SATISFACTION)


def can_rate(status: str | None, rating: str | None) -> bool:
    return status == RATED and not rating


def submit_rating(sink: RowChangeSink, case_no: str, closed: date | None, score: str, now: datetime,
                  round_: int = 0) -> bool:
    """Queue the rating of this close, the one after ``round_`` reopenings (False: this close was rated before,
    the sheet not yet updated)."""
    day = closed.isoformat() if closed else ""
    return sink.submit(RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case_no, (CellChange(HEADER, "", score),),
                                 change_id(case_no, "rating", day, str(round_)), action="ให้คะแนนความพึงพอใจ",
                                 by="ผู้ร้อง",
                                 at=format_sheet_date(now), also=((STATUS, RATED),)))


def offer(context: Context, view: CaseView, status_text: str, extra: tuple[QuickReply, ...] = ()) -> Outcome | None:
    """The status answer with 1–5 buttons (and ``extra``), waiting for the rating; None when there is nothing to
    rate."""
    if not can_rate(view.status, view.rating) or context.row_changes is None:
        return None
    text = f"{status_text}\n\n{render('complaint_rate_ask.txt.j2', case_no=view.case_no, again=False)}"
    closed = view.closed.isoformat() if view.closed else ""
    data = {"case_no": view.case_no, "closed": closed, "round": view.close_round}
    return Outcome([Text(text, _buttons(extra))], next_step="rating", data=data, flow=FOLLOW_FLOW)


def rating_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    score = normalize_input(text).strip().rstrip(".")
    if score not in SATISFACTION:
        return Outcome([Text(render("complaint_rate_ask.txt.j2", case_no=data["case_no"], again=True), _buttons())],
                       next_step="rating", data=data, flow=FOLLOW_FLOW)
    if context.row_changes is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    closed = date.fromisoformat(data["closed"]) if data.get("closed") else None
    submit_rating(context.row_changes, data["case_no"], closed, score, context.now, int(data.get("round", 0)))
    return Outcome([Text(render("complaint_rated.txt.j2", case_no=data["case_no"], score=score),
                         menu_buttons_for(context))])


def rate_by_button(context: Context, rest: str) -> Outcome:
    """``ให้คะแนน 2570-0001 5`` from the closing push's buttons: the case's own complainant only."""
    match = RATE_ARGS.match(normalize_input(rest).strip())
    if match is None:
        return Outcome([Text(render("complaint_not_found.txt.j2", throttled=False, given=False),
                             menu_buttons_for(context))])
    case_no, score = match.groups()
    row = next((c for c in context.snapshot.complaints if c.case_no == case_no), None) if context.snapshot else None
    desk = context.complaints
    if row is None or desk is None or context.row_changes is None or not desk.is_complainant(case_no, context.user_id):
        why = "system" if context.snapshot is None or context.row_changes is None else "not_yours"
        return Outcome([Text(render("complaint_rate_refused.txt.j2", why=why, case_no=case_no),
                             menu_buttons_for(context))])
    if not can_rate(row.status, row.rating):
        why = "rated" if row.rating else "open"
        return Outcome([Text(render("complaint_rate_refused.txt.j2", why=why, case_no=case_no, rating=row.rating),
                             menu_buttons_for(context))])
    submit_rating(context.row_changes, case_no, row.closed, score, context.now,
                  close_round(context.snapshot, case_no))
    return Outcome([Text(render("complaint_rated.txt.j2", case_no=case_no, score=score), menu_buttons_for(context))])


def names_a_rating(rest: str) -> bool:
    return bool(RATE_ARGS.match(normalize_input(rest).strip()))


COMMANDS = (Command((RATE,), rate_by_button, names_a_rating),)
