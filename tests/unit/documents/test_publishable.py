"""Every document an office publishes, for the demo and each seed office's data: no internal word on the page
(tabs, settings, column headers, the CLI, record codes), every section of the seeds, the signer named."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from common.thaitext import fiscal_year_of, to_arabic_digits
from documents.docx_writer import write_docx
from handlers.documents.model import Document
from handlers.documents.requests import DocumentRequest, build_document
from sheets.schema import TABS
from sheets.workbook import Snapshot
from tests.unit.documents.conftest import with_setting
from tests.unit.documents.readback import read_docx

TODAY = date(2026, 11, 23)
YEAR = fiscal_year_of(TODAY)
SEEDS = {"บางจาก": ("องค์การบริหารส่วนตำบลบางจาก", 2565), "โพหนอง": ("องค์การบริหารส่วนตำบลโพหนอง", 2568),
         "มวกเหล็ก": ("เทศบาลตำบลมวกเหล็ก", 2565)}
ORDINARY = {  # headers that are also the plain words a document uses
    "ปีงบประมาณ", "ตัวชี้วัด", "ตัวชี้วัดที่", "เครื่องมือ", "คะแนน", "คะแนนรวม", "ระดับ", "หมายเหตุ", "ข้อคำถาม",
    "แนวทางการพัฒนา", "ผู้รับผิดชอบ", "สถานะ", "การติดตามผล", "หลักฐาน", "ข้อ", "หัวข้อ", "ช่องทาง", "ประเภท",
    "รายละเอียด", "สถานที่", "ผลการดำเนินการ", "ชื่อ", "ตำแหน่ง", "หน่วยงาน", "คำถาม", "คำตอบ", "เวลา", "งาน",
    "สรุป", "ผล", "เดือน", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ถอนเรื่อง", "จัดทำเมื่อ", "รายการ", "ค่า",
    "มาตรการ", "วิธีดำเนินการ", "เกณฑ์", "เรื่องร้องเรียน", "เจ้าหน้าที่", "รายงาน", "สถิติเรื่องร้องเรียน", "OIT",
    "วันที่รับ", "การดำเนินการ", "โดย", "ความพึงพอใจ"}
INTERNAL = sorted({"แท็บ", "ตั้งค่า", "ita-bot", "สมุดงาน", "คอลัมน์", "แถว ", "LINE userId", "ข้อมูลไม่ครบ",
                   "ยังไม่ได้แนบ", "ข้อสังเกตเกี่ยวกับข้อมูล", "executive_", "_name", "_date",
                   *(name for tab in TABS for name in (tab.name, *tab.headers) if name not in ORDINARY)})
RECORD_CODE = re.compile(r"\bM\d{4}-\d+|\b\d{4}-\d{4}\b|\b[ABCD]\d{4}-")


def demo_documents(snapshot: Snapshot) -> dict[str, Document]:
    return {kind: build_document(snapshot, DocumentRequest(kind, year), TODAY)
            for kind, year in (("analysis", YEAR - 1), ("progress", YEAR), ("complaints", YEAR))}


@pytest.fixture(scope="module")
def every_document(demo_workbook_snapshot: Snapshot, seed: Callable[[str], Snapshot]) -> dict[str, Document]:
    documents = {f"demo-{kind}": document for kind, document in demo_documents(demo_workbook_snapshot).items()}
    for label, (office, year) in SEEDS.items():
        documents[f"seed-{label}"] = build_document(seed(office), DocumentRequest("analysis", year), TODAY)
    for digits in ("arabic",):
        for kind, document in demo_documents(with_setting(demo_workbook_snapshot, "document_digits", digits)).items():
            documents[f"demo-{kind}-{digits}"] = document
    return documents


def page_text(document: Document) -> str:
    back = read_docx(write_docx(document))
    sections = back.docx.sections
    margins = [p.text for s in sections for part in (s.header, s.footer, s.first_page_footer) for p in part.paragraphs]
    return to_arabic_digits("\n".join([back.text(), *margins]))


def test_no_internal_word_and_no_record_code_reaches_the_page(every_document: dict[str, Document]) -> None:
    for name, document in every_document.items():
        text = page_text(document)
        found = [word for word in INTERNAL if word in text]
        assert not found, f"{name}: {found}"
        assert not RECORD_CODE.search(text), f"{name}: {RECORD_CODE.search(text)}"


def test_the_internal_word_check_can_fail(demo_workbook_snapshot: Snapshot) -> None:
    """The check above sees a tab name, a header and a measure code when they are there."""
    leaked = build_document(with_setting(demo_workbook_snapshot, "executive_title", "ดูแท็บ ตั้งค่า M2570-01 วันสิ้นสุด"),
                            DocumentRequest("progress", 2570), TODAY)
    text = page_text(leaked)
    assert {"แท็บ", "ตั้งค่า", "วันสิ้นสุด"} <= {word for word in INTERNAL if word in text}
    assert RECORD_CODE.search(text)


ANALYSIS_SECTIONS = ("ได้ประกาศผลคะแนนการประเมินคุณธรรมและความโปร่งใส", "ประเมินด้วยเครื่องมือ 3 ชุด",
                     "ผลการประเมินรายตัวชี้วัด", "ตัวชี้วัดที่ 10 การป้องกันการทุจริต ได้คะแนน",
                     "ประเด็นข้อบกพร่อง/จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน", "ประเด็นที่จะต้องพัฒนาให้ดีขึ้น",
                     "สิ่งที่ต้องดำเนินการเพื่อยกระดับผลการประเมิน", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ",
                     "เห็นควรพิจารณา", "ลงชื่อ")
SECTIONS = {"analysis": ANALYSIS_SECTIONS,
            "progress": ("สรุปผลการดำเนินการ", "ประเด็นที่ต้องพัฒนาตามตัวชี้วัด", "ผลการดำเนินการ", "ลงชื่อ"),
            "complaints": ("สรุปภาพรวม", "จำนวนเรื่องร้องเรียนรายเดือน", "จำแนกตามประเภทเรื่อง",
                           "จำแนกตามช่องทางที่รับเรื่อง", "ใช้เวลาดำเนินการเฉลี่ย", "ลงชื่อ")}


def test_every_section_of_the_seeds_is_there(every_document: dict[str, Document]) -> None:
    for name, document in every_document.items():
        text = page_text(document)
        missing = [section for section in SECTIONS[document.kind] if section not in text]
        assert not missing, f"{name} lacks {missing}"
        assert re.search(r"จัดทำเมื่อวันที่ \d+ \S+ 25\d\d", text), f"{name}: the date it was made"
    demo = page_text(every_document["demo-analysis"])
    assert "ผลการประเมินรายข้อคำถามและแนวทางการพัฒนา" in demo, "the demo has question-level data"
    assert f"เปรียบเทียบผลการประเมินย้อนหลัง พ.ศ. {YEAR - 2}–{YEAR - 1}" in demo
    assert "(นายสมชาย มั่นคง)\nนายกเทศมนตรีตำบลมวกเหล็ก" in demo, "the executive signs by name and title"


def test_a_missing_setting_is_a_dotted_line_and_the_asker_is_told(every_document: dict[str, Document]) -> None:
    seed = every_document["seed-มวกเหล็ก"]
    assert "(....................................................)" in page_text(seed)
    assert seed.notes[0] == ("ยังไม่ได้กรอกในแท็บ ตั้งค่า: executive_name, executive_title, district, "
                             "measures_meeting_date (ในเอกสารเว้นเป็นเส้นประไว้ให้กรอก)")
    assert not every_document["demo-analysis"].notes, "the demo has every setting and next year's measures"


def test_the_proposals_follow_the_measures_the_sheet_has(every_document: dict[str, Document]) -> None:
    """With measures they ask to act on them; without, to set them (never "the measures above" that are not)."""
    assert "ตามมาตรการข้างต้น" in page_text(every_document["demo-analysis"])
    for label in SEEDS:
        text = page_text(every_document[f"seed-{label}"])
        assert "ตามมาตรการข้างต้น" not in text, label
        assert "กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสของปีถัดไป" in text, label
