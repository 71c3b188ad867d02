"""The complainant rates a closed case 1–5 after ``ติดตาม``: one keyed change of ``ความพึงพอใจ``, never their identity.

The rating is asked only while the row holds none, and its change id is the case's own, so a double tap or
a second ``ติดตาม`` before the sheet is updated still writes one rating and one history row (โดย ผู้ร้อง).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.thaitext import format_sheet_date, normalize_input
from handlers.complaints.desk import CaseView
from handlers.conversation.engine import Context, Outcome
from handlers.conversation.menu import menu_buttons_for
from handlers.conversation.replies import QuickReply, Text
from sheets.schema import COMPLAINTS, SATISFACTION
from state.row_changes import CellChange, RowChange, change_id
from templates import label, render

FOLLOW_FLOW = "follow"
RATED = "ยุติเรื่อง"
"""Only a case closed with a result is rated (not one refused: ไม่รับพิจารณา)."""
HEADER = COMPLAINTS.column("rating").header
STATUS = COMPLAINTS.column("status").header


def _buttons() -> tuple[QuickReply, ...]:
    cancel = QuickReply(label("cancel"), text=label("cancel"))
    return (*[QuickReply(score, text=score) for score in SATISFACTION], cancel)


def offer(context: Context, view: CaseView, status_text: str) -> Outcome | None:
    """The status answer with 1–5 buttons, waiting for the rating; None when there is nothing to rate."""
    if view.status != RATED or view.rating or context.row_changes is None:
        return None
    text = f"{status_text}\n\n{render('complaint_rate_ask.txt.j2', case_no=view.case_no, again=False)}"
    return Outcome([Text(text, _buttons())], next_step="rating", data={"case_no": view.case_no}, flow=FOLLOW_FLOW)


def rating_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    score = normalize_input(text).strip().rstrip(".")
    if score not in SATISFACTION:
        return Outcome([Text(render("complaint_rate_ask.txt.j2", case_no=data["case_no"], again=True), _buttons())],
                       next_step="rating", data=data, flow=FOLLOW_FLOW)
    if context.row_changes is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    case_no = data["case_no"]
    context.row_changes.submit(RowChange(COMPLAINTS.name, "เลขที่เรื่อง", case_no, (CellChange(HEADER, "", score),),
                                         change_id(case_no, "rating"), action="ให้คะแนนความพึงพอใจ", by="ผู้ร้อง",
                                         at=format_sheet_date(context.now), also=((STATUS, RATED),)))
    return Outcome([Text(render("complaint_rated.txt.j2", case_no=case_no, score=score), menu_buttons_for(context))])

