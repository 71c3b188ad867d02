"""Create the demo workbook: the seed's scores as the two years before the clock's, then this year's work."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any

from common.thaitext import fiscal_year_bounds, fiscal_year_of, format_thai_date
from demo import workbook_data as data
from handlers.ita.rules import default_scheme, year_result
from sheets.local import LocalWorkbook
from sheets.records import Score
from sheets.schema import (
    COMPLAINTS,
    FAQ,
    MEASURES,
    OIT,
    QUESTIONS,
    RESULTS,
    RULES,
    SCORES,
    SETTINGS,
    STAFF,
    TABS_BY_NAME,
)


def demo_user_id(persona: str) -> str:
    """The fixed LINE userId of a demo persona (the simulator sends as these users)."""
    return "U" + hashlib.md5(persona.encode()).hexdigest()


def demo_score_years(today: date) -> list[int]:
    """The fiscal years the demo has scores for, oldest first: the seed's years moved to end last year."""
    shift = _seed_shift(fiscal_year_of(today))
    return [seed_year + shift for seed_year in sorted(data.SCORES)]


def create_demo_workbook(workbook: LocalWorkbook, today: date) -> None:
    workbook.init_schema()
    year = fiscal_year_of(today)
    fy_start, _ = fiscal_year_bounds(year)
    for tab_name, rows in _tables(year, fy_start, today).items():
        workbook.append(TABS_BY_NAME[tab_name], rows)


def _row(tab_headers: tuple[str, ...], *values: Any) -> dict[str, Any]:
    return dict(zip(tab_headers, values, strict=False))


def _tables(year: int, fy_start: date, today: date) -> dict[str, list[dict[str, Any]]]:
    settings = [*data.SETTINGS, ("current_fiscal_year", str(year), "ปีงบประมาณปัจจุบัน (พ.ศ.)"),
                ("measures_meeting_date", format_thai_date(fy_start + timedelta(days=6)), "วันที่ประชุมกำหนดมาตรการ")]
    shift = _seed_shift(year)
    return {
        SETTINGS.name: [_row(SETTINGS.headers, *item) for item in settings],
        RULES.name: [_row(RULES.headers, y, 0.3, 0.3, 0.4, default_scheme(y))
                     for y in range(min(data.SCORES) + shift, year + 1)],
        SCORES.name: [_row(SCORES.headers, y + shift, no, name, tool, scores[no - 1])
                      for y, scores in data.SCORES.items() for no, name, tool in data.INDICATORS],
        RESULTS.name: [_row(RESULTS.headers, y + shift, overall, _level(y, shift), note)
                       for y, overall, note in data.PUBLISHED],
        MEASURES.name: [_measure(year, fy_start, today, item) for item in data.MEASURES],
        QUESTIONS.name: [_row(QUESTIONS.headers, data.QUESTIONS_YEAR + shift, *item) for item in data.QUESTIONS],
        OIT.name: [_row(OIT.headers, year, item, title, owner, status, _link(status, item),
                        fy_start + timedelta(days=due), today if status == "เผยแพร่แล้ว" else None)
                   for item, title, owner, status, due in data.OIT_ITEMS],
        COMPLAINTS.name: [_complaint(year, fy_start, today, item) for item in data.COMPLAINTS],
        STAFF.name: [_row(STAFF.headers, name, position, unit, role, demo_user_id(persona), status,
                          datetime.combine(fy_start, datetime.min.time()))
                     for name, position, unit, role, persona, status in data.STAFF],
        FAQ.name: [_row(FAQ.headers, *item) for item in data.FAQ],
    }


def _seed_shift(year: int) -> int:
    """Years to add to a seed year so that the seed's latest year is the one before `year`."""
    return year - 1 - max(data.SCORES)


def _level(seed_year: int, shift: int) -> str | None:
    """The level the NACC gives the seed's scores under the rating scheme of the demo year."""
    year = seed_year + shift
    scores = [Score(0, year, no, name, tool, data.SCORES[seed_year][no - 1]) for no, name, tool in data.INDICATORS]
    return year_result(year, scores, [], []).level


def _measure(year: int, fy_start: date, today: date, item: tuple[Any, ...]) -> dict[str, Any]:
    suffix, indicator, title, method, owner, start, end, status, progress = item
    return _row(MEASURES.headers, f"M{year}-{suffix}", year, indicator, title, method, owner,
                fy_start + timedelta(days=start), fy_start + timedelta(days=end), status, progress,
                "รายงานในการประชุมประจำเดือน", data.EVIDENCE.get(suffix, ""), today)


def _link(status: str, item: str) -> str | None:
    return f"https://www.muaklek.go.th/oit/{item}" if status != "ยังไม่เผยแพร่" else None


def _complaint(year: int, fy_start: date, today: date, item: tuple[Any, ...]) -> dict[str, Any]:
    """A sample case; early in a fiscal year its dates stop at ``today``, so none is received in the future."""
    number, channel, category, accused, status, day = item
    received_on = min(fy_start + timedelta(days=day), today)
    received = datetime.combine(received_on, datetime.min.time()).replace(hour=9)
    closed = min(received_on + timedelta(days=12 if status == "ยุติเรื่อง" else 5), today) if status in (
        "ยุติเรื่อง", "ไม่รับพิจารณา") else None
    return _row(COMPLAINTS.headers, f"{year}-{number:04d}", received, channel, category,
                "(ตัวอย่าง) รายละเอียดเรื่องร้องเรียนสำหรับทดลองระบบ", accused, "", "", "", status,
                "วิชัย ตรงธรรม", received.date() + timedelta(days=15), "", "", closed)
