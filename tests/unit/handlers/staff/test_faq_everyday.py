"""FAQ phrasings kept out of the tuning table, typed as people type: colloquial forms, synonyms, command words.

An office FAQ (the demo's five entries and three every office has) and how citizens ask them in LINE.
Reproduce the README figure: ``.venv/bin/pytest -q -s tests/unit/handlers/staff/test_faq_everyday.py -k accuracy``.
"""

from __future__ import annotations

from handlers.staff.assistant import Assistant
from sheets import records as r
from sheets.workbook import Snapshot
from tests.unit.conftest import CITIZEN, said, talk, with_rows

HOURS = r.FaqEntry(7, "สำนักงานเปิดทำการวันและเวลาใด", "เวลาทำการ, เปิด, ปิด",
                   "เปิดทำการวันจันทร์ถึงวันศุกร์ 08:30–16:30 น. เว้นวันหยุดราชการ", None)
SECRET = r.FaqEntry(8, "ผู้ร้องเรียนจะถูกเปิดเผยชื่อหรือไม่", "ความลับ, ปกปิด, ผู้ร้อง, เปิดเผย",
                    "ชื่อและข้อมูลของผู้ร้องเป็นความลับ ไม่เปิดเผยแก่ผู้ถูกร้อง", None)
INFO = r.FaqEntry(9, "ขอข้อมูลข่าวสารของราชการได้อย่างไร", "ข้อมูลข่าวสาร, ขอข้อมูล, เอกสาร",
                  "ยื่นคำขอที่ศูนย์ข้อมูลข่าวสารของหน่วยงาน ตาม พ.ร.บ.ข้อมูลข่าวสารของราชการ", None)
ITA, WHERE, PASS, FISCAL, TRACK = (f"faq:{n}" for n in range(1, 6))

HELD_OUT = [
    ("ita คือไร", ITA), ("ไอทีเอคือไรอะ", ITA), ("ITA ย่อมาจากไร", ITA), ("itaคือไรครับ", ITA),
    ("ผ่านitaต้องได้เท่าไหร่", PASS), ("กี่คะแนนถึงผ่าน", PASS), ("คะแนนผ่านเกณฑ์itaเท่าไหร่", PASS),
    ("ปีงบเริ่มเมื่อไหร่อะ", FISCAL), ("ปีงบเริ่มเดือนไร", FISCAL),
    ("เรื่องที่แจ้งไปถึงไหนแล้ว", TRACK), ("ติดตามเรื่องทำไง", TRACK), ("ติดตามเรื่องร้องเรียนยังไงคะ", TRACK),
    ("ร้องเรียนช่องทางไหนได้บ้าง", WHERE), ("แจ้งทุจริตได้ที่ไหน", WHERE),
    ("เปิดกี่โมง", "hours"), ("วันเสาร์เปิดไหม", "hours"), ("วันอาทิตย์เปิดมั้ยคะ", "hours"),
    ("ปิดกี่โมงครับ", "hours"), ("ทำการวันไหนบ้าง", "hours"), ("วันจันทร์เปิดกี่โมง", "hours"),
    ("ร้องเรียนแล้วใครจะรู้บ้าง", "secret"), ("เป็นความลับไหม", "secret"), ("จะมีคนรู้ไหมว่าใครแจ้ง", "secret"),
    ("ชื่อผมจะถูกเปิดเผยไหม", "secret"), ("ผู้ถูกร้องจะรู้ไหมว่าเราแจ้ง", "secret"), ("ปิดชื่อได้ไหม", "secret"),
    ("ขอสำเนาเอกสารได้ไหม", "info"), ("อยากได้สำเนาสัญญาจ้างทำไง", "info"), ("ขอถ่ายเอกสารโครงการได้ที่ไหน", "info"),
    ("ขอดูเอกสารจัดซื้อจัดจ้างได้ไหม", "info"), ("ขอข้อมูลโครงการยังไง", "info"),
]


def office_faq(snapshot: Snapshot) -> Snapshot:
    return with_rows(snapshot, "คำถามที่พบบ่อย", (*snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry), HOURS, SECRET, INFO))


def landed(text: str, faq: tuple[r.FaqEntry, ...]) -> str:
    named = {HOURS.answer: "hours", SECRET.answer: "secret", INFO.answer: "info"}
    for number, entry in enumerate(faq, start=1):
        if entry.answer in text:
            return named.get(entry.answer, f"faq:{number}")
    return "?"


def test_held_out_accuracy(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    snapshot = office_faq(demo_snapshot)
    faq = snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry)
    misses = []
    for text, expected in HELD_OUT:
        talk(assistant, snapshot, CITIZEN, "ยกเลิก")
        got = landed(said(talk(assistant, snapshot, CITIZEN, text)), faq)
        if got != expected:
            misses.append(f"{text!r}: {got} (expected {expected})")
    score = 1 - len(misses) / len(HELD_OUT)
    print(f"\nheld-out FAQ accuracy: {score:.0%} ({len(HELD_OUT) - len(misses)}/{len(HELD_OUT)})")
    print("\n".join(misses))
    assert score >= 0.9, misses


def test_when_nothing_fits_well_the_closest_questions_are_offered(assistant: Assistant,
                                                                   demo_snapshot: Snapshot) -> None:
    snapshot = office_faq(demo_snapshot)
    (reply,) = talk(assistant, snapshot, CITIZEN, "อยากได้ข้อมูลเวลาเปิด")  # information? opening hours?
    assert "คำถามที่ใกล้เคียง" in said([reply])
    sent = [q.text for q in reply.quick_replies]
    assert INFO.question in sent and HOURS.question in sent and 3 <= len(sent) <= 4 and sent[-1] == "เมนู"
    assert all(len(q.label) <= 20 for q in reply.quick_replies)
    assert INFO.answer in said(talk(assistant, snapshot, CITIZEN, INFO.question)), "a tap gets the answer"
    assert "สิ่งที่ทำได้ที่นี่" in said(talk(assistant, snapshot, CITIZEN, "อากาศร้อนจัง")), "unrelated: the menu"
