"""FAQ or command: Thai phrasings as people type them in LINE, where each should land, and the accuracy.

The accuracy printed by ``test_routing_accuracy`` is the figure in the README ("คำถามที่พบบ่อย").
Reproduce: ``.venv/bin/pytest -q -s tests/unit/handlers/staff/test_faq_dialogues.py -k accuracy``.
"""

from __future__ import annotations

import pytest

from handlers.conversation.replies import Flex, Reply
from handlers.staff.assistant import Assistant
from sheets import records as r
from sheets.workbook import Snapshot
from tests.unit.conftest import CITIZEN, said, talk

ITA, WHERE, PASS, FISCAL, TRACK = (f"faq:{n}" for n in range(1, 6))
# (what a citizen types, where it should land: faq:<row of the demo FAQ> or the command it starts)
PHRASINGS: list[tuple[str, str]] = [
    ("ITA คืออะไร", ITA),
    ("itaคืออะไรครับ", ITA),
    ("ไอทีเอคืออะไรคะ", ITA),
    ("การประเมินคุณธรรมและความโปร่งใสคืออะไร", ITA),
    ("ITA ย่อมาจากอะไรจ้า", ITA),
    ("อยากรู้ว่าITAคืออะไร", ITA),
    ("ร้องเรียนการทุจริตได้ที่ไหน", WHERE),
    ("ร้องเรียนได้ทางไหนบ้าง", WHERE),
    ("แจ้งเบาะแสทุจริตได้ที่ไหนครับ", WHERE),
    ("จะร้องเรียนต้องทำยังไงคะ", WHERE),
    ("ร้องเรียนทางไหนได้บ้างคะ", WHERE),
    ("ถ้าเจอคนโกงต้องแจ้งที่ไหน", WHERE),
    ("ร้องเรียนที่ไหนได้บ้าง?", WHERE),
    ("ผ่านเกณฑ์ ITA ต้องได้กี่คะแนน", PASS),
    ("ต้องได้กี่คะแนนถึงจะผ่าน", PASS),
    ("เกณฑ์ผ่านitaกี่คะแนนครับ", PASS),
    ("ita ผ่านที่๘๕ใช่ไหม", PASS),
    ("คะแนนผ่านเกณฑ์เท่าไหร่", PASS),
    ("ได้80ผ่านไหมคะ", PASS),
    ("ปีงบประมาณเริ่มเมื่อไร", FISCAL),
    ("ปีงบเริ่มเดือนไหนคะ", FISCAL),
    ("ปีงบประมาณเริ่มเมื่อไหร่ครับ", FISCAL),
    ("ปีงบประมาณ๒๕๖๙เริ่มวันไหน", FISCAL),
    ("ปีงบประมานเริ่มเมื่อไร", FISCAL),
    ("ติดตามเรื่องร้องเรียนอย่างไร", TRACK),
    ("ติดตามเรื่องยังไงคะ", TRACK),
    ("เช็คสถานะเรื่องร้องเรียนได้ไหม", TRACK),
    ("ติดตามเรื่องที่ร้องเรียนไว้ได้ที่ไหนครับ", TRACK),
    ("จะรู้ได้ไงว่าเรื่องที่แจ้งไปถึงไหนแล้ว", TRACK),
    ("ร้องเรียน", "complaint"),
    ("ร้องเรียนค่ะ", "complaint"),
    ("อยากร้องเรียนครับ", "complaint"),
    ("แจ้งเบาะแส", "complaint"),
    ("ขอแจ้งเบาะแสทุจริต", "complaint"),
    ("คะแนน ITA", "ita_score"),
    ("คะแนนita๒๕๖๕", "ita_score"),
    ("ขอดูคะแนน ITA หน่อยครับ", "ita_score"),
    ("ผลITAปี65", "ita_score"),
    ("คะแนนITAปีล่าสุดเท่าไหร่", "ita_score"),
    ("ติดตาม", "follow"),
    ("ติดตามเรื่องค่ะ", "follow"),
    ("ติดตาม K7M2-9QXA-3F", "follow"),
    ("เมนู", "menu"),
    ("เมนูค่ะ", "menu"),
    ("help", "menu"),
    ("สวัสดีครับ", "menu"),
    ("ขอบคุณค่ะ", "menu"),
    ("วิเคราะห์", "staff"),
    ("มาตรการ", "staff"),
    ("ลงทะเบียน 123", "register"),
]


def route_of(replies: list[Reply], faq: tuple[r.FaqEntry, ...]) -> str:
    """Where a message landed, read from what the assistant answered."""
    text = said(replies)
    for number, entry in enumerate(faq, start=1):
        if entry.answer in text:
            return f"faq:{number}"
    routes = (("สิ่งที่ทำได้ที่นี่", "menu"), ("ขั้นที่ 1/7", "complaint"), ("ปีงบประมาณใด", "ita_score"),
              ("เลขรับเรื่อง", "follow"), ("สำหรับเจ้าหน้าที่", "staff"), ("รหัสลงทะเบียน", "register"))
    if any(isinstance(reply, Flex) and reply.alt_text.startswith("ผล ITA") for reply in replies):
        return "ita_score"
    return next((route for words, route in routes if words in text), "?")


def accuracy(assistant: Assistant, snapshot: Snapshot) -> tuple[float, list[str]]:
    faq = snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry)
    misses = []
    for text, expected in PHRASINGS:
        talk(assistant, snapshot, CITIZEN, "ยกเลิก")
        got = route_of(talk(assistant, snapshot, CITIZEN, text), faq)
        if got != expected:
            misses.append(f"{text!r}: {got} (expected {expected})")
    return 1 - len(misses) / len(PHRASINGS), misses


def test_the_table_is_large_enough() -> None:
    assert len(PHRASINGS) >= 40


def test_routing_accuracy(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    score, misses = accuracy(assistant, demo_snapshot)
    print(f"\nFAQ-or-command accuracy: {score:.0%} ({len(PHRASINGS) - len(misses)}/{len(PHRASINGS)})")
    print("\n".join(misses))
    assert score >= 0.94, misses


@pytest.mark.parametrize(("text", "expected"), [
    ("ร้องเรียนการทุจริตได้ที่ไหน", WHERE),
    ("ร้องเรียนได้ทางไหนบ้าง", WHERE),
    ("ติดตามเรื่องร้องเรียนอย่างไร", TRACK),
    ("ร้องเรียน", "complaint"),
    ("ติดตาม", "follow"),
])
def test_the_issue_s_examples(assistant: Assistant, demo_snapshot: Snapshot, text: str, expected: str) -> None:
    faq = demo_snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry)
    assert route_of(talk(assistant, demo_snapshot, CITIZEN, text), faq) == expected
