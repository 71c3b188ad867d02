"""What /status shows of a case found by its receipt: plain words, the deadline or the close, the rating form."""

from __future__ import annotations

from typing import Any

from common.thaitext import format_thai_date
from handlers.complaints.desk import CaseView
from handlers.complaints.rating import can_rate
from handlers.complaints.status_words import citizen_status, is_closed

RATING_WORDS = (("5", "พอใจมาก"), ("4", "พอใจ"), ("3", "พอใช้"), ("2", "ไม่ค่อยพอใจ"), ("1", "ไม่พอใจ"))


def case_values(view: CaseView | None, *, rateable: bool) -> dict[str, Any]:
    """What /status shows of a case: the status in plain words, the deadline or the close, the rating form."""
    if view is None:
        return {"words": "", "due": "", "closed_on": "", "rate": False, "scores": RATING_WORDS}
    closed = is_closed(view.status) and view.data_problem is None
    return {"words": citizen_status(view.status, view.forwarded_to, off_list=view.data_problem is not None),
            "due": format_thai_date(view.due) if view.due and not closed else "",
            "closed_on": format_thai_date(view.closed) if view.closed and closed else "",
            "rate": rateable and can_rate(view.status, view.rating), "scores": RATING_WORDS}
