"""What every document takes from ตั้งค่า (organisation, province, digits, signers) and how it writes values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from common.thaitext import MONTHS_FULL, DateParseError, format_thai_date, normalize_input, parse_thai_datetime
from handlers.documents.model import Inline, Link, Signature, Signatures
from sheets import records as r
from sheets.workbook import Snapshot
from templates import document_words as w

DIGIT_SETTING = "document_digits"
ARABIC_WORDS = ("arabic", "อารบิก", "อาราบิก", "0-9", "ตัวเลขอารบิก")
URL = re.compile(r"https?://\S+")


DOCUMENT_KEYS = ("executive_name", "executive_title", "district", "measures_meeting_date")
"""ตั้งค่า keys the documents print; a missing one is a dotted line and the reply names it."""


@dataclass(frozen=True)
class Office:
    name: str
    district: str
    province: str
    thai_digits: bool
    signatures: Signatures
    executive_title: str = ""
    meeting: date | None = None
    missing: tuple[str, ...] = ()

    def notes(self) -> tuple[str, ...]:
        """What the person who asked should set in ตั้งค่า (never on the page)."""
        return (w("note_missing_settings", keys=", ".join(self.missing)),) if self.missing else ()

    @property
    def full_name(self) -> str:
        """The office on one line and where it is on the next, as the seeds head their documents."""
        place = [w("district", name=self.district)] if self.district else []
        place += [w("province", name=self.province)] if self.province else []
        return "\n".join([self.name, " ".join(place)]) if place else self.name


def office_of(snapshot: Snapshot, *, thai_digits: bool | None = None) -> Office:
    """The office as ตั้งค่า describes it; ``document_digits`` = arabic turns Thai digits off (default Thai)."""
    settings = snapshot.settings
    if thai_digits is None:
        thai_digits = normalize_input(settings.get(DIGIT_SETTING, "")).casefold() not in ARABIC_WORDS
    value = {key: settings.get(key, "").strip() for key in (*DOCUMENT_KEYS, "reporter_name", "reporter_position",
                                                            "executive_position", "org_name", "province")}
    title = value["executive_title"] or value["executive_position"]
    people = [Signature("", value["executive_name"], title)]
    if value["reporter_name"]:
        people.insert(0, Signature(w("signer_reporter"), value["reporter_name"], value["reporter_position"]))
    meeting = _day(value["measures_meeting_date"])
    missing = tuple(key for key in DOCUMENT_KEYS if not (title if key == "executive_title" else value[key])
                    or (key == "measures_meeting_date" and meeting is None))
    return Office(value["org_name"] or w("default_org"), value["district"], value["province"], thai_digits,
                  Signatures(tuple(people)), title, meeting, missing)


def _day(text: str) -> date | None:
    try:
        return parse_thai_datetime(text).date() if text else None
    except DateParseError:
        return None


def long_date(day: date) -> str:
    """'7 ตุลาคม 2565' as the seeds write a date in running text."""
    return f"{day.day} {MONTHS_FULL[day.month - 1]} {day.year + 543}"


def score(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def period(start: date | None, end: date | None) -> str:
    """'1 ต.ค. 68 – 30 ม.ค. 69' as the seeds write a period; what is missing stays out."""
    days = [format_thai_date(day, short_year=True) for day in (start, end) if day]
    return " – ".join(days) if days else w("no_period")


def links(text: str | None) -> tuple[Inline, ...]:
    """A หลักฐาน cell: web addresses become links, the rest stays text."""
    if not text:
        return ()
    parts: list[Inline] = []
    position = 0
    for match in URL.finditer(text):
        if match.start() > position:
            parts.append(text[position:match.start()])
        url = match.group(0).rstrip(".,;)")
        parts.append(Link(url, url))
        position = match.start() + len(url)
    if position < len(text):
        parts.append(text[position:])
    return tuple(parts)


def measures_of(snapshot: Snapshot, year: int) -> list[r.Measure]:
    """A year's measures in indicator order (no indicator last), then by code."""
    return sorted((m for m in snapshot.measures if m.fiscal_year == year),
                  key=lambda m: (m.indicator_no or 99, m.code))
