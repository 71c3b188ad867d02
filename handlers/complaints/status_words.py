"""What a complainant reads for each status of a case: plain Thai, one table for LINE, pushes and /status.

The sheet keeps the office's words (``ยุติเรื่อง``, ``ส่งต่อหน่วยงาน``); a citizen reads what they mean. A new
status (e.g. a withdrawn case) is one more row in ``CITIZEN_WORDS`` (and, when it closes a case,
in the desk's ``CLOSED``).
"""

from __future__ import annotations

from handlers.complaints.desk import CLOSED, WITHDRAWN

FORWARDED = "ส่งต่อหน่วยงาน"
CITIZEN_WORDS = {
    "รับเรื่อง": "ได้รับเรื่องแล้ว รอเจ้าหน้าที่ตรวจสอบ",
    "กำลังตรวจสอบ": "เจ้าหน้าที่กำลังตรวจสอบเรื่องของคุณ",
    FORWARDED: "ส่งต่อให้{agency}ดำเนินการ",
    "ยุติเรื่อง": "ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น",
    "ไม่รับพิจารณา": "ปิดเรื่องแล้ว: ไม่รับไว้พิจารณา",
    WITHDRAWN: "ปิดเรื่องแล้ว: คุณถอนเรื่องนี้แล้ว",
}
"""Office status → what the complainant reads; ``{agency}`` is where the case went (with its leading space)."""
UNKNOWN_AGENCY = "หน่วยงานที่เกี่ยวข้อง"
HANDLING = "เจ้าหน้าที่กำลังดำเนินการเรื่องของคุณ"
"""What the complainant reads while the sheet's status is outside the list (the admins are told to fix it)."""
CLOSED_FOR_CITIZENS = CLOSED


def citizen_status(status: str | None, agency: str | None = None, *, off_list: bool = False) -> str:
    """``ส่งต่อหน่วยงาน`` with agency ``สำนักงานที่ดิน`` reads "ส่งต่อให้ สำนักงานที่ดิน ดำเนินการ"."""
    if off_list:
        return HANDLING
    words = CITIZEN_WORDS.get(status or "รับเรื่อง", HANDLING)
    name = " ".join((agency or "").split()) or UNKNOWN_AGENCY
    return words.format(agency=f" {name} ")


def is_closed(status: str | None) -> bool:
    """A status that ends the case for the complainant (no more updates but a rating)."""
    return status in CLOSED_FOR_CITIZENS
