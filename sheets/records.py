"""Typed records, one class per tab; field names match ``schema.Column.field``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Setting:
    row: int
    key: str
    value: str | None
    description: str | None


@dataclass(frozen=True)
class Rule:
    row: int
    fiscal_year: int
    weight_iit: float | None
    weight_eit: float | None
    weight_oit: float | None
    rating_scheme: str | None


@dataclass(frozen=True)
class Score:
    row: int
    fiscal_year: int
    indicator_no: int
    indicator: str | None
    tool: str | None
    score: float


@dataclass(frozen=True)
class Result:
    row: int
    fiscal_year: int
    overall: float | None
    level: str | None
    note: str | None


@dataclass(frozen=True)
class Question:
    row: int
    fiscal_year: int
    code: str
    question: str | None
    score: float | None
    guidance: str | None


@dataclass(frozen=True)
class Measure:
    row: int
    code: str
    fiscal_year: int
    indicator_no: int | None
    title: str
    method: str | None
    owner: str | None
    start: date | None
    end: date | None
    status: str | None
    progress: float | None
    follow_up: str | None
    evidence: str | None
    updated: date | None


@dataclass(frozen=True)
class OitItem:
    row: int
    fiscal_year: int
    item: str
    title: str
    owner: str | None
    status: str | None
    link: str | None
    due: date | None
    updated: date | None
    link_check: str | None = None
    """``ผลตรวจลิงก์``: the last verdict of the link check (handlers.oit.links)."""
    checked_at: datetime | None = None
    """``ตรวจเมื่อ``: when the link check last wrote its verdict (a date cell)."""

    def __post_init__(self) -> None:
        """An item code is shown as the NACC writes it (O10), whatever case the sheet has (o10)."""
        object.__setattr__(self, "item", self.item.strip().upper())


@dataclass(frozen=True)
class Complaint:
    row: int
    case_no: str
    received: datetime
    channel: str | None
    category: str | None
    details: str | None
    accused: str | None
    place: str | None
    incident_date: str | None
    attachments: str | None
    status: str | None
    officer: str | None
    due: date | None
    outcome: str | None
    message_to_complainant: str | None
    closed: date | None
    rating: str | None = None
    """ความพึงพอใจ 1–5 from the complainant (an optional column)."""
    forwarded_to: str | None = None
    """ส่งต่อถึง: the agency a forwarded case went to (an optional column; the complainant reads it)."""


@dataclass(frozen=True)
class StaffMember:
    row: int
    name: str
    position: str | None
    unit: str | None
    role: str | None
    line_user_id: str | None
    status: str | None
    registered: datetime | None


@dataclass(frozen=True)
class FaqEntry:
    row: int
    question: str
    keywords: str | None
    answer: str
    link: str | None


@dataclass(frozen=True)
class JobRun:
    row: int
    time: datetime
    job: str
    period: str | None
    summary: str | None
    recipients: str | None
    result: str | None
    record_id: str | None


@dataclass(frozen=True)
class StatisticsRow:
    row: int
    fiscal_year: int
    period: str
    month: str
    received: int | None
    finished: int | None
    in_progress: int | None
    made: datetime | None
    record_id: str | None
    withdrawn: int | None = None


@dataclass(frozen=True)
class HistoryRow:
    """One change the bot wrote into an existing row (ประวัติการดำเนินการ)."""

    row: int
    time: datetime
    tab: str
    key: str
    action: str | None
    old: str | None
    new: str | None
    by: str | None
    note: str | None
    record_id: str | None


RECORD_TYPES: dict[str, type] = {
    "ประวัติการดำเนินการ": HistoryRow,
    "สถิติเรื่องร้องเรียน": StatisticsRow,
    "ตั้งค่า": Setting,
    "เกณฑ์": Rule,
    "คะแนน": Score,
    "ผลประเมิน": Result,
    "ข้อคำถาม": Question,
    "มาตรการ": Measure,
    "OIT": OitItem,
    "เรื่องร้องเรียน": Complaint,
    "เจ้าหน้าที่": StaffMember,
    "คำถามที่พบบ่อย": FaqEntry,
    "รายงาน": JobRun,
}
