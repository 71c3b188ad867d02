"""What every document takes from ตั้งค่า (organisation, province, digits, signers) and how it writes values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from common.thaitext import format_thai_date, normalize_input
from handlers.documents.model import Inline, Link, Signature, Signatures
from sheets import records as r
from sheets.workbook import Snapshot
from templates import document_words as w

DIGIT_SETTING = "document_digits"
ARABIC_WORDS = ("arabic", "อารบิก", "อาราบิก", "0-9", "ตัวเลขอารบิก")
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Office:
    name: str
    district: str
    province: str
    thai_digits: bool
    signatures: Signatures

    @property
    def full_name(self) -> str:
        place = [w("district", name=self.district)] if self.district else []
        place += [w("province", name=self.province)] if self.province else []
        return " ".join([self.name, *place])


def office_of(snapshot: Snapshot, *, thai_digits: bool | None = None) -> Office:
    """The office as ตั้งค่า describes it; ``document_digits`` = arabic turns Thai digits off (default Thai)."""
    settings = snapshot.settings
    if thai_digits is None:
        thai_digits = normalize_input(settings.get(DIGIT_SETTING, "")).casefold() not in ARABIC_WORDS
    people = tuple(Signature(w(f"signer_{role}"), settings.get(f"{role}_name", "").strip(),
                             settings.get(f"{role}_position", "").strip())
                   for role in ("reporter", "executive"))
    return Office(settings.get("org_name", "").strip() or w("default_org"), settings.get("district", "").strip(),
                  settings.get("province", "").strip(), thai_digits, Signatures(people))


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
