"""The officer's case card (`เรื่อง <เลขที่>`): a Flex bubble with the case, its last actions, its photos' signed
links and one button per action; long texts are cut on the card and follow whole in a text message."""

from __future__ import annotations

from common.thaitext import format_thai_date
from handlers.complaints.desk import CLOSED, status_problem
from handlers.conversation.engine import Context
from handlers.conversation.replies import Flex, QuickReply, Reply, Text
from sheets.records import Complaint, HistoryRow
from sheets.schema import COMPLAINTS, HISTORY
from sheets.workbook import Problem, Snapshot
from templates import clip, render, render_json

OPEN_ACTIONS = (("รับเรื่อง", "มอบหมาย"), ("เปลี่ยนสถานะ", "ตอบผู้ร้อง"), ("บันทึกภายใน", "ปิดเรื่อง"), ("ส่งต่อหน่วยงาน",))
"""The footer's rows: two buttons a row, ส่งต่อหน่วยงาน alone (two to a row cut its label on a phone)."""
CLOSED_ACTIONS = (("เปิดเรื่องอีกครั้ง",),)
HISTORY_SHOWN = 5
DETAILS_SHOWN = 600
NOTE_SHOWN = 300
STEP_NOTE_SHOWN = 120
MAX_ALT = 1500
MAX_TEXT = 5000
LIST_BUTTON = QuickReply("เรื่องร้องเรียน", text="เรื่องร้องเรียน")


def deadline_text(case: Complaint, context: Context) -> tuple[str, bool]:
    """``กำหนดตอบ: 30 พ.ย. 2569 · เหลือ 7 วัน`` and whether it is past; a closed case says when it closed instead."""
    if case.status in CLOSED:
        return (f"ปิดเรื่องเมื่อ: {format_thai_date(case.closed)}" if case.closed else "ปิดเรื่องแล้ว"), False
    if case.due is None:
        return "ไม่มีกำหนดตอบ", False
    days = (case.due - context.now.date()).days
    left = f"เกินกำหนด {-days} วัน" if days < 0 else "ครบกำหนดวันนี้" if days == 0 else f"เหลือ {days} วัน"
    return f"กำหนดตอบ: {format_thai_date(case.due)} · {left}", days < 0


def last_steps(snapshot: Snapshot, case_no: str) -> list[dict[str, str]]:
    """The case's last actions from ประวัติการดำเนินการ, oldest first, each with its note (officers only)."""
    history = [h for h in snapshot.rows(HISTORY.name, HistoryRow) if h.tab == COMPLAINTS.name and h.key == case_no]
    return [{"when": format_thai_date(h.time.date()), "action": h.action or "แก้ไข", "by": h.by or "-",
             "note": clip(" ".join((h.note or "").split()), STEP_NOTE_SHOWN)}
            for h in history[-HISTORY_SHOWN:]]


def status_shown(snapshot: Snapshot, case: Complaint) -> tuple[str, Problem | None]:
    """The status as the officer reads it: an admin's word outside the list as typed (marked), and its problem."""
    problem = status_problem(snapshot, case)
    if problem is not None:
        return f"{problem.value or '(อ่านไม่ได้)'} (ไม่อยู่ในรายการสถานะ)", problem
    return case.status or "รับเรื่อง", None


def photo_line(count: int, linked: bool) -> str:
    if not count:
        return ""
    if linked:
        return f"รูปภาพ {count} รูป (แตะเพื่อเปิด ลิงก์ใช้ได้ 15 นาที)"
    return f"รูปภาพ {count} รูป (ผู้ดูแลระบบดึงรูปได้ด้วย ita-bot complaints photos)"


def _problem_line(problem: Problem | None, role: str) -> str:
    """Where an admin fixes the cell; an officer reads that the admins were told (case_view tells them)."""
    if problem is None:
        return ""
    return f"ตรวจข้อมูลในชีต: {problem} ({'แก้ช่องนี้ในชีต' if role == 'admin' else 'แจ้งผู้ดูแลระบบแล้ว'})"


def case_card(context: Context, snapshot: Snapshot, case: Complaint) -> list[Reply]:
    """The card, then (only when something was cut) the whole text as a message."""
    closed = case.status in CLOSED
    deadline, late = deadline_text(case, context)
    photos = context.photos
    count = len(photos.of(case.case_no, case)) if photos else 0
    urls = photos.urls(case, count) if photos and count else []
    texts = (case.details or "-", case.message_to_complainant or "", case.outcome or "")
    shown = (clip(texts[0], DETAILS_SHOWN), clip(texts[1], NOTE_SHOWN), clip(texts[2], NOTE_SHOWN))
    cut = shown != texts
    status, problem = status_shown(snapshot, case)
    values = {"case": case, "closed": closed, "status": status, "problem": _problem_line(problem, context.role),
              "deadline": deadline, "late": late, "details": shown[0], "message": shown[1], "outcome": shown[2],
              "cut": cut, "steps": last_steps(snapshot, case.case_no),
              "photos": photo_line(count, bool(urls)), "urls": urls,
              "rows": CLOSED_ACTIONS if closed else OPEN_ACTIONS}
    alt = clip(render("case_view.alt.j2", **values), MAX_ALT)
    card = Flex(alt, render_json("case_view.json.j2", **values), () if cut else (LIST_BUTTON,))
    if not cut:
        return [card]
    return [card, Text(clip(render("case_view_full.txt.j2", case=case), MAX_TEXT), (LIST_BUTTON,))]
