"""Whether a complaint names an executive of the office (DESIGN: they go to ป.ป.ช./ศูนย์ดำรงธรรม as well).

A person's role counts (นายก…, รองนายก, เลขานุการ/ที่ปรึกษานายก, ปลัด and รองปลัด, ประธานสภา, สมาชิกสภา);
a division's name never does (สำนักปลัด, ผู้อำนวยการกอง…, หัวหน้าสำนัก…).
"""

from __future__ import annotations

import re

ROLES = ("ผู้บริหาร", "ประธานสภา", "สมาชิกสภา", "ส.อบต", "ส.ท.", "ส.จ.")
DIVISION_BEFORE_PALAT = ("สำนักงาน", "สำนัก")
MAYOR_COMPOUNDS = ("เทศมนตรี", "ฯ", "อบต", "อ.บ.ต", "อบจ", "อ.บ.จ", "องค์การ", "เมือง", "ตำบล")
NAME_MARKS = re.compile(r"[\u0e30-\u0e3a\u0e47-\u0e4e]")
"""A vowel or tone mark right after นายก means the ก starts a name (นายกิตติ, นายก้อง), not "the mayor"."""
WORDS_AFTER_MAYOR = ("ท่าน", "บอก", "รับ", "สั่ง", "ทำ", "ขอ", "ให้", "กับ", "และ", "ที่", "ว่า", "มา", "คน", "ยัง",
                     "ชอบ", "ก็", "จะ", "ได้", "มี", "ด่า", "พูด", "ข่ม", "ค่ะ", "ครับ", "คะ", "นะ", "ซึ่ง", "คือ",
                     "กด", "ลง", "ช่วย", "พา", "บังคับ", "ตั้ง", "ฮั้ว", "รู้", "ส่ง", "อนุมัติ", "ทุจริต", "ยัก",
                     "หรือ", "จ้าง", "ซื้อ", "นำ", "ปล่อย", "พวก", "คนใหม่", "คนเก่า", "ของ")


def names_an_executive(text: str) -> bool:
    """True when the text names an executive by role, never merely a division or a person called นายก…."""
    return _names_a_mayor(text) or _names_a_palat(text) or any(role in text for role in ROLES)


def _names_a_mayor(text: str) -> bool:
    """นายก…, รองนายก, เลขานุการ/ที่ปรึกษานายก — but not นายกิตติ or นายกมล (Mr. + a name)."""
    return any(_mayor_at(text[match.end():]) for match in re.finditer("นายก", text))


def _mayor_at(rest: str) -> bool:
    if not rest or not "\u0e01" <= rest[0] <= "\u0e5b":
        return True
    if NAME_MARKS.match(rest):
        return False
    if rest[0] in "เแโใไ":
        return True
    return rest.startswith(MAYOR_COMPOUNDS) or rest.startswith(WORDS_AFTER_MAYOR)


def _names_a_palat(text: str) -> bool:
    """ปลัด and รองปลัด as people (ปลัดเทศบาล, ปลัด อบต.), not สำนักปลัด or สำนักงานปลัด."""
    for match in re.finditer("ปลัด", text):
        before = text[:match.start()].rstrip()
        if not before.endswith(DIVISION_BEFORE_PALAT):
            return True
    return False
