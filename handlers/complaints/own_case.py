"""What a complainant does with their receipt besides following it: read what they filed, add to it, withdraw it.

Shared by LINE (``own_commands``) and the web page ``/status``. Each change is one keyed row change by ผู้ร้อง:
an addition is a history row only (its words in บันทึก, never in a log; photos linked to the case), a withdrawal
sets สถานะ to ถอนเรื่อง and ปิดเรื่องเมื่อ to today. The officer in charge (or the officers' group when nobody is)
is told the case number and what happened, never the words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from common.thaitext import format_sheet_date
from handlers.complaints.desk import WITHDRAWN, CaseView, clean_text
from handlers.complaints.officer_posts import case_post
from handlers.conversation.replies import QuickReply, Text
from handlers.conversation.turns import Notice
from sheets.records import HistoryRow
from sheets.schema import COMPLAINTS, HISTORY
from sheets.workbook import Snapshot
from state.row_changes import CellChange, RowChange, change_id
from templates import render

MAX_ADDITION = 1000
"""Characters of one addition (a history row's บันทึก)."""
MAX_ADDED_PHOTOS = 3
ADDED = "ผู้ร้องเพิ่มข้อมูล"
WITHDREW = "ผู้ร้องถอนเรื่อง"
BY = "ผู้ร้อง"


def is_open(view: CaseView) -> bool:
    """Whether the complainant may still add to or withdraw the case."""
    return view.open


def addition(view: CaseView, words: str, photos: int, now: datetime, key: str) -> RowChange:
    """A history row of the case holding what the complainant added (and how many photos came with it)."""
    note = clean_text(words, MAX_ADDITION)
    if photos:
        note = f"{note}\n(แนบรูปเพิ่ม {photos} รูป)".strip()
    return RowChange(COMPLAINTS.name, "เลขที่เรื่อง", view.case_no, (), change_id(view.case_no, "add", key),
                     action=ADDED, by=BY, note=note, at=format_sheet_date(now))


def withdrawal(view: CaseView, now: datetime, snapshot: Snapshot | None) -> RowChange:
    """สถานะ → ถอนเรื่อง (and the close date when there is none): once per round of the case, however often it is
    tapped; a case an officer reopened after a withdrawal (its history grew) can be withdrawn again."""
    cells = [CellChange(COMPLAINTS.column("status").header, view.status_cell, WITHDRAWN)]
    if not view.closed:
        cells.append(CellChange(COMPLAINTS.column("closed").header, "", format_sheet_date(now.date())))
    round_ = sum(1 for h in snapshot.rows(HISTORY.name, HistoryRow) if h.tab == COMPLAINTS.name
                 and h.key == view.case_no) if snapshot else 0
    return RowChange(COMPLAINTS.name, "เลขที่เรื่อง", view.case_no, tuple(cells),
                     change_id(view.case_no, "withdraw", str(round_)), action=WITHDREW, by=BY,
                     at=format_sheet_date(now))


def tell_officers(snapshot: Snapshot | None, view: CaseView, what: str, photos: int = 0,
                  chat_url: Callable[[str], str] | None = None) -> list[Notice]:
    """The officer in charge in their chat (with the case's button), else the officers' group (no buttons there)."""
    if snapshot is None:
        return []
    text = render("complaint_officer_own.txt.j2", case_no=view.case_no, what=what, photos=photos)
    officer = " ".join(view.officer.split())
    member = next((m for m in snapshot.staff if officer and " ".join(m.name.split()) == officer
                   and m.status == "อนุมัติ" and m.role in ("officer", "admin") and m.line_user_id), None)
    if member is not None:
        button = QuickReply(f"เรื่อง {view.case_no}", text=f"เรื่อง {view.case_no}")
        return [(member.line_user_id or "", Text(text, (button,)))]
    group = snapshot.settings.get("officer_group_id", "")
    return [(group, case_post(text, [view.case_no], chat_url))] if group else []


def filed_lines(view: CaseView) -> Sequence[tuple[str, str]]:
    """What the complainant wrote, as (label, value) lines for LINE and the web page."""
    filed = view.filed
    if filed is None:
        return ()
    rows: Mapping[str, str] = {"วันที่แจ้ง": filed.received, "ประเภท": filed.category, "ผู้ถูกร้อง": filed.accused,
                               "สถานที่": filed.place, "วันที่เกิดเหตุ": filed.incident_date}
    return [(name, value) for name, value in rows.items() if value]
