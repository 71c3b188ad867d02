"""When something happened, as people type it: เมื่อวาน, สัปดาห์ที่แล้ว, ประมาณกลางเดือนตุลา, 15 ต.ค., 15/10/2569.

The answer is the text the sheet keeps (an exact day as ``1 ต.ค. 2569``, a rough time as ``ประมาณ…``) and the
latest day it can mean (so a caller can refuse the future). ``today`` is passed in: no clock here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from common.thaitext import (
    BE_OFFSET,
    MONTHS_FULL,
    MONTHS_SHORT,
    DateParseError,
    format_thai_date,
    normalize_input,
    parse_thai_datetime,
)

DAYS_AGO = {"วันนี้": 0, "เมื่อวานซืน": 2, "เมื่อวานนี้": 1, "เมื่อวาน": 1}
WEEK_WORDS = ("สัปดาห์ที่แล้ว", "สัปดาห์ก่อน", "อาทิตย์ที่แล้ว", "อาทิตย์ก่อน", "อาทิตย์ที่ผ่านมา", "สัปดาห์ที่ผ่านมา")
MONTH_OFFSETS = {"ที่แล้ว": -1, "ก่อน": -1, "ที่ผ่านมา": -1, "นี้": 0}
"""After เดือน: เดือนที่แล้ว, ต้นเดือนนี้…"""
PARTS = {"ต้น": "ต้น", "กลาง": "กลาง", "ปลาย": "ปลาย", "สิ้น": "ปลาย"}
FILLERS = re.compile(r"^(?:ประมาณ|ราวๆ|ราว|ช่วง|เมื่อตอน|ตอน|เมื่อ(?!วาน)|วันที่)+|(?:ค่ะ|คะ|ครับ|นะ|จ้า|จ้ะ|ค่า|น่าจะ|มั้ง)+$")
SHORT_NAMES = {name.replace(".", ""): n for n, name in enumerate(MONTHS_SHORT, 1)}
SPOKEN_NAMES = {re.sub("(?:คม|ยน|พันธ์)$", "", name): n for n, name in enumerate(MONTHS_FULL, 1)}
MONTH_NAMES = sorted({**{name: n for n, name in enumerate(MONTHS_FULL, 1)}, **SPOKEN_NAMES, **SHORT_NAMES}.items(),
                     key=lambda item: -len(item[0]))
DAY_MONTH = re.compile(r"^(\d{1,2})\s*(?:เดือน)?([ก-๛.\s]+)$")


@dataclass(frozen=True)
class IncidentDate:
    text: str
    latest: date


def parse_incident_date(text: str, today: date) -> IncidentDate:
    """The day (or rough time) a citizen typed, relative to ``today``; DateParseError when unreadable."""
    typed = "".join(normalize_input(text).split())
    compact = FILLERS.sub("", typed)
    rough = typed.startswith(("ประมาณ", "ราว"))
    for word, back in DAYS_AGO.items():
        if compact == word:
            return _day(today - timedelta(days=back), rough)
    if match := re.fullmatch(r"(\d{1,2})วัน(?:ก่อน|ที่แล้ว|ที่ผ่านมา)", compact):
        return _day(today - timedelta(days=int(match.group(1))), rough)
    if compact in WEEK_WORDS:
        start = today - timedelta(days=today.weekday() + 7)
        return IncidentDate(f"ช่วง {format_thai_date(start)} – {format_thai_date(start + timedelta(days=6))}",
                            start + timedelta(days=6))
    return _month_phrase(compact, today) or _written_date(text, today)


def _day(day: date, rough: bool) -> IncidentDate:
    return IncidentDate(("ประมาณ " if rough else "") + format_thai_date(day), day)


def _month_phrase(compact: str, today: date) -> IncidentDate | None:
    """(ต้น|กลาง|ปลาย)เดือน(ที่แล้ว|นี้|<ชื่อเดือน> [ปี]): the latest such month that is not in the future."""
    part = next((p for p in PARTS if compact.startswith(p)), "")
    after = compact[len(part):]
    rest = after.removeprefix("เดือน").replace(".", "")
    first = _month_of(rest, today, named_month=after.startswith("เดือน"))
    if first is None:
        return None
    shown = PARTS.get(part, "")
    text = f"ประมาณ{shown}เดือน{MONTHS_FULL[first.month - 1]} {first.year + BE_OFFSET}"
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    latest = {"ต้น": first.replace(day=10), "กลาง": first.replace(day=20)}.get(shown, last)
    return IncidentDate(text, min(latest, today))


def _month_of(rest: str, today: date, *, named_month: bool) -> date | None:
    offset = MONTH_OFFSETS.get(rest)
    if offset is not None and named_month:
        months = today.year * 12 + today.month - 1 + offset
        return date(months // 12, months % 12 + 1, 1)
    for name, month in MONTH_NAMES:
        if rest.startswith(name):
            year_text = rest[len(name):].removeprefix("ปี").removeprefix("พศ")
            if year_text and not year_text.isdecimal():
                return None
            return _past_month(month, year_text, today)
    return None


def _past_month(month: int, year_text: str, today: date) -> date:
    if year_text:
        year = int(year_text)
        year = year + 2500 if year < 100 else year
        return date(year - BE_OFFSET, month, 1)
    return date(today.year if month <= today.month else today.year - 1, month, 1)


def _written_date(text: str, today: date) -> IncidentDate:
    """15/10/2569 or 15 ต.ค. 69; a day and month without a year is the latest one not in the future."""
    cleaned = FILLERS.sub("", " ".join(normalize_input(text).split())).strip()
    if match := DAY_MONTH.match(cleaned):
        month = next((n for name, n in MONTH_NAMES if match.group(2).replace(" ", "").replace(".", "") == name), None)
        if month is not None:
            first = _past_month(month, "", today)
            try:
                return _day(first.replace(day=int(match.group(1))), False)
            except ValueError:
                raise DateParseError("ไม่มีวันที่นี้ในปฏิทิน") from None
    day = parse_thai_datetime(cleaned).date()
    return _day(day, False)
