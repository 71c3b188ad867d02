"""What a citizen types where the complaint flow offers buttons: a category in words, a story told early.

Nothing typed is thrown away: a story sent before its step is kept as the first line of the details, and a
category named loosely is asked about ("หมายถึง … ใช่ไหมคะ") rather than refused.
"""

from __future__ import annotations

from common.thaitext import compact
from handlers.complaints.desk import CATEGORIES, clean_text
from handlers.complaints.intent import REPORT
from handlers.conversation.phrasing import Choice, closest, is_question, strip_politeness, terms

HINTS = {
    "ทุจริต/ประพฤติมิชอบ": ("ทุจริต", "โกง", "คอรัปชั่น", "คอร์รัปชัน", "ประพฤติมิชอบ"),
    "ใช้อำนาจโดยมิชอบ": ("อำนาจ", "ข่มขู่", "กลั่นแกล้ง", "บังคับ"),
    "จัดซื้อจัดจ้าง": ("จัดซื้อ", "จัดจ้าง", "ฮั้ว", "ประมูล", "ผู้รับเหมา", "ประกวดราคา"),
    "ใช้ทรัพย์สินของราชการ": ("ทรัพย์สิน", "รถหลวง", "รถราชการ", "ของหลวง", "เอาของ"),
    "เรียกรับเงิน/ของขวัญ": ("เรียกเงิน", "เรียกรับ", "สินบน", "ใต้โต๊ะ", "ของขวัญ", "ค่าน้ำร้อนน้ำชา", "ขอเงิน"),
    "ให้บริการไม่เป็นธรรม": ("บริการ", "ไม่เป็นธรรม", "เลือกปฏิบัติ", "ล่าช้า", "ลัดคิว"),
    "อื่น ๆ": ("อื่น",),
}
"""Everyday words for each category (checked only when the typed text names no category itself)."""
STORY_TERMS = 3
"""A message of this many meaningful words or more is a story, not a try at a category's name."""
ABOUT_THE_CHOICE = ("ปุ่ม", "ประเภท", "หมวด")
"""Words of a message about the choice itself ("เรื่องอื่นที่ไม่มีในปุ่ม"): an answer, not a story."""


def category_of(text: str) -> Choice | None:
    """The category ``text`` names: its number or name (sure), or a near name or one everyday word (unsure)."""
    reading = strip_politeness(text)
    if reading.isdecimal() and 1 <= int(reading) <= len(CATEGORIES):
        return Choice(CATEGORIES[int(reading) - 1], True)
    choice = closest(reading, CATEGORIES)
    if choice is not None:
        return choice
    typed = compact(reading)
    hinted = {category for category, hints in HINTS.items() if any(hint in typed for hint in hints)}
    return Choice(hinted.pop(), False) if len(hinted) == 1 else None


def is_story(text: str) -> bool:
    """A sentence that tells what happened (kept as details), not a short answer or a question."""
    reading = strip_politeness(text)
    about_the_choice = any(word in reading for word in ABOUT_THE_CHOICE)
    return len(terms(reading)) >= STORY_TERMS and not about_the_choice and not is_question(text)


def story_in_report(text: str) -> str:
    """The sentence that started the complaint, kept whole, when it says more than "I want to report"."""
    reading = compact(strip_politeness(text))
    opening = REPORT.match(reading)
    said_more = opening is not None and len(reading) - opening.end() >= 2
    return clean_text(text, limit=len(text)) if said_more else ""
