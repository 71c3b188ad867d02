"""The workbook contract of DESIGN §3: every tab, its Thai headers and the kind of each column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    TEXT = "ข้อความ"
    SCORE = "คะแนน 0–100"
    PERCENT = "ร้อยละ 0–100"
    WEIGHT = "น้ำหนัก 0–1"
    INDICATOR = "ตัวชี้วัดที่ 1–10"
    COUNT = "จำนวน (จำนวนเต็ม 0 ขึ้นไป)"
    YEAR = "ปีงบประมาณ (พ.ศ.)"
    DATE = "วันที่"
    DATETIME = "วันที่และเวลา"
    ENUM = "ตัวเลือก"
    URL = "ลิงก์"
    LINE_USER_ID = "LINE userId"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    optional: bool = False
    """The tab may lack the column altogether (no problem reported); the bot adds its header when it writes it."""


@dataclass(frozen=True)
class Tab:
    name: str
    columns: tuple[Column, ...]
    key: str | None = None
    """Header of the column that identifies a record we write (idempotent appends)."""
    optional: bool = False
    writable: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.header for column in self.columns)

    def column(self, field: str) -> Column:
        return next(column for column in self.columns if column.field == field)


MEASURE_STATUSES = ("ยังไม่เริ่ม", "กำลังดำเนินการ", "เสร็จสิ้น", "ยกเลิก")
OIT_STATUSES = ("เผยแพร่แล้ว", "ยังไม่เผยแพร่", "ต้องแก้ไข")
COMPLAINT_STATUSES = ("รับเรื่อง", "กำลังตรวจสอบ", "ส่งต่อหน่วยงาน", "ยุติเรื่อง", "ไม่รับพิจารณา", "ถอนเรื่อง")
"""ถอนเรื่อง: the complainant withdrew the case with their receipt (it is closed, never rated)."""
STAFF_ROLES = ("staff", "officer", "admin")
STAFF_STATUSES = ("อนุมัติ", "รออนุมัติ", "ระงับ")
TOOLS = ("IIT", "EIT", "OIT")
RATING_SCHEMES = ("7 ระดับ", "5 ระดับ")
SATISFACTION = ("1", "2", "3", "4", "5")
"""A complainant's rating of a closed case, 5 = very satisfied."""


def _c(header: str, field: str, kind: Kind = Kind.TEXT, *, required: bool = False,
       choices: tuple[str, ...] = (), optional: bool = False) -> Column:
    return Column(header, field, kind, required, choices, optional)


SETTINGS = Tab("ตั้งค่า", (
    _c("รายการ", "key", required=True),
    _c("ค่า", "value"),
    _c("คำอธิบาย", "description"),
))

DOCUMENT_SETTINGS = (
    ("executive_name", "ผู้ลงนามในเอกสารที่เผยแพร่ เช่น นายสมชาย ใจดี"),
    ("executive_title", "ตำแหน่งผู้ลงนาม เช่น นายกองค์การบริหารส่วนตำบล…"),
    ("district", "อำเภอ (ไม่ต้องพิมพ์คำว่า อำเภอ)"),
    ("measures_meeting_date", "วันที่ประชุมกำหนดมาตรการ เช่น 7 ต.ค. 2568"),
    ("reporter_name", "ผู้รายงาน (ลงนามคู่กับผู้บริหาร เว้นว่างได้)"),
    ("reporter_position", "ตำแหน่งผู้รายงาน"),
)
"""ตั้งค่า rows `ita-bot sheet init` adds when missing: what the published documents print."""

CONTACT_SETTINGS = (
    ("office_address", "ที่อยู่สำนักงาน (แสดงท้ายหน้าเว็บและในประกาศความเป็นส่วนตัว) เช่น 99 หมู่ 1 ตำบล… อำเภอ… จังหวัด…"),
    ("office_phone", "โทรศัพท์ของสำนักงาน เช่น 036 123 456"),
    ("office_email", "อีเมลของสำนักงาน เช่น saraban@example.go.th"),
    ("dpo_contact", "เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (DPO): ชื่อหรือตำแหน่ง และอีเมลหรือโทรศัพท์"),
)
"""ตั้งค่า rows `ita-bot sheet init` adds when missing: the office's contact on the public pages and the PDPA notice."""
UNITS_SETTING = ("units", "หน่วยงานภายในของสำนักงาน คั่นด้วยจุลภาค เช่น สำนักปลัด, กองคลัง, กองช่าง (ว่างไว้: ใช้ชื่อผู้รับผิดชอบ"
                          "ในแท็บ มาตรการ และ OIT) ใช้เป็นปุ่มเลือกหน่วยงานตอนลงทะเบียน และให้ sheet check ตรวจหน่วยงานของผู้ใช้")
"""The ตั้งค่า row listing the office's units (handlers.ita.units), added by `ita-bot sheet init` when missing."""

RULES = Tab("เกณฑ์", (
    _c("ปีงบประมาณ", "fiscal_year", Kind.YEAR, required=True),
    _c("น้ำหนัก IIT", "weight_iit", Kind.WEIGHT),
    _c("น้ำหนัก EIT", "weight_eit", Kind.WEIGHT),
    _c("น้ำหนัก OIT", "weight_oit", Kind.WEIGHT),
    _c("ระบบระดับ", "rating_scheme", Kind.ENUM, choices=RATING_SCHEMES),
))

SCORES = Tab("คะแนน", (
    _c("ปีงบประมาณ", "fiscal_year", Kind.YEAR, required=True),
    _c("ตัวชี้วัดที่", "indicator_no", Kind.INDICATOR, required=True),
    _c("ตัวชี้วัด", "indicator"),
    _c("เครื่องมือ", "tool", Kind.ENUM, choices=TOOLS),
    _c("คะแนน", "score", Kind.SCORE, required=True),
))

RESULTS = Tab("ผลประเมิน", (
    _c("ปีงบประมาณ", "fiscal_year", Kind.YEAR, required=True),
    _c("คะแนนรวม", "overall", Kind.SCORE),
    _c("ระดับ", "level"),
    _c("หมายเหตุ", "note"),
), optional=True)

QUESTIONS = Tab("ข้อคำถาม", (
    _c("ปีงบประมาณ", "fiscal_year", Kind.YEAR, required=True),
    _c("รหัส", "code", required=True),
    _c("ข้อคำถาม", "question"),
    _c("คะแนน", "score", Kind.SCORE),
    _c("แนวทางการพัฒนา", "guidance"),
), optional=True)

MEASURES = Tab("มาตรการ", (
    _c("รหัส", "code", required=True),
    _c("ปีงบประมาณ", "fiscal_year", Kind.YEAR, required=True),
    _c("ตัวชี้วัดที่", "indicator_no", Kind.INDICATOR),
    _c("มาตรการ/กิจกรรม", "title", required=True),
    _c("วิธีดำเนินการ", "method"),
    _c("ผู้รับผิดชอบ", "owner"),
    _c("วันเริ่ม", "start", Kind.DATE),
    _c("วันสิ้นสุด", "end", Kind.DATE),
    _c("สถานะ", "status", Kind.ENUM, choices=MEASURE_STATUSES),
    _c("ความคืบหน้า (%)", "progress", Kind.PERCENT),
    _c("การติดตามผล", "follow_up"),
    _c("หลักฐาน", "evidence"),
    _c("อัปเดตล่าสุด", "updated", Kind.DATE),
))

OIT = Tab("OIT", (
    _c("ปีงบประมาณ", "fiscal_year", Kind.YEAR, required=True),
    _c("ข้อ", "item", required=True),
    _c("หัวข้อ", "title", required=True),
    _c("ผู้รับผิดชอบ", "owner"),
    _c("สถานะ", "status", Kind.ENUM, choices=OIT_STATUSES),
    _c("ลิงก์", "link", Kind.URL),
    _c("กำหนดส่ง", "due", Kind.DATE),
    _c("อัปเดตล่าสุด", "updated", Kind.DATE),
    _c("ผลตรวจลิงก์", "link_check", optional=True),
    _c("ตรวจเมื่อ", "checked_at", Kind.DATETIME, optional=True),
))

COMPLAINTS = Tab("เรื่องร้องเรียน", (
    _c("เลขที่เรื่อง", "case_no", required=True),
    _c("วันที่รับ", "received", Kind.DATETIME, required=True),
    _c("ช่องทาง", "channel"),
    _c("ประเภท", "category"),
    _c("รายละเอียด", "details"),
    _c("ผู้ถูกร้อง/หน่วยงาน", "accused"),
    _c("สถานที่", "place"),
    _c("วันที่เกิดเหตุ", "incident_date"),
    _c("ไฟล์แนบ", "attachments"),
    _c("สถานะ", "status", Kind.ENUM, choices=COMPLAINT_STATUSES),
    _c("ผู้รับผิดชอบ", "officer"),
    _c("กำหนดตอบ", "due", Kind.DATE),
    _c("ผลการดำเนินการ", "outcome"),
    _c("ข้อความถึงผู้ร้อง", "message_to_complainant"),
    _c("ปิดเรื่องเมื่อ", "closed", Kind.DATE),
    _c("ความพึงพอใจ", "rating", Kind.ENUM, choices=SATISFACTION, optional=True),
    _c("ส่งต่อถึง", "forwarded_to", optional=True),
), key="เลขที่เรื่อง", writable=True)

STAFF = Tab("เจ้าหน้าที่", (
    _c("ชื่อ", "name", required=True),
    _c("ตำแหน่ง", "position"),
    _c("หน่วยงาน", "unit"),
    _c("บทบาท", "role", Kind.ENUM, choices=STAFF_ROLES),
    _c("LINE userId", "line_user_id", Kind.LINE_USER_ID),
    _c("สถานะ", "status", Kind.ENUM, choices=STAFF_STATUSES),
    _c("ลงทะเบียนเมื่อ", "registered", Kind.DATETIME),
), key="LINE userId", writable=True)

FAQ = Tab("คำถามที่พบบ่อย", (
    _c("คำถาม", "question", required=True),
    _c("คำสำคัญ", "keywords"),
    _c("คำตอบ", "answer", required=True),
    _c("ลิงก์", "link", Kind.URL),
))

JOB_LOG = Tab("รายงาน", (
    _c("เวลา", "time", Kind.DATETIME, required=True),
    _c("งาน", "job", required=True),
    _c("ช่วงข้อมูล", "period"),
    _c("สรุป", "summary"),
    _c("ส่งถึง", "recipients"),
    _c("ผล", "result"),
    _c("รหัสรายการ", "record_id"),
), key="รหัสรายการ", writable=True)

STATISTICS = Tab("สถิติเรื่องร้องเรียน", (
    _c("ปีงบประมาณ", "fiscal_year", Kind.YEAR, required=True),
    _c("ช่วงรายงาน", "period", required=True),
    _c("เดือน", "month", required=True),
    _c("รับเรื่อง", "received", Kind.COUNT),
    _c("ดำเนินการแล้วเสร็จ", "finished", Kind.COUNT),
    _c("อยู่ระหว่างดำเนินการ", "in_progress", Kind.COUNT),
    _c("ถอนเรื่อง", "withdrawn", Kind.COUNT, optional=True),
    _c("จัดทำเมื่อ", "made", Kind.DATETIME),
    _c("รหัสรายการ", "record_id"),
), key="รหัสรายการ", optional=True, writable=True)
"""รับเรื่อง = ดำเนินการแล้วเสร็จ + อยู่ระหว่างดำเนินการ + ถอนเรื่อง (a withdrawn case is counted apart; its column is
added by the bot to a tab made before it)."""

HISTORY = Tab("ประวัติการดำเนินการ", (
    _c("เวลา", "time", Kind.DATETIME, required=True),
    _c("แท็บ", "tab", required=True),
    _c("รหัส", "key", required=True),
    _c("การดำเนินการ", "action"),
    _c("ค่าเดิม", "old"),
    _c("ค่าใหม่", "new"),
    _c("โดย", "by"),
    _c("บันทึก", "note"),
    _c("รหัสรายการ", "record_id"),
), key="รหัสรายการ", optional=True, writable=True)
"""One row per change the bot wrote into an existing row (sheets.row_flush); the key makes it exactly once."""

TABS: tuple[Tab, ...] = (
    SETTINGS, RULES, SCORES, RESULTS, QUESTIONS, MEASURES, OIT, COMPLAINTS, STAFF, FAQ, JOB_LOG, STATISTICS,
    HISTORY,
)
TABS_BY_NAME = {tab.name: tab for tab in TABS}


def tab_named(name: str) -> Tab:
    return TABS_BY_NAME[name]
