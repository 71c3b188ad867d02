"""Where an OIT item stands in public, from the sheet's status and the link check's recorded verdict (pure).

The one place that decides "เผยแพร่แล้ว / ต้องแก้ไข / รอตรวจ / ยังไม่เผยแพร่": /transparency, the staff card, the
digests, the ``oit-links`` job and ``ita-bot oit check`` all count with ``standing``.

A check that could not reach the site (``ตรวจไม่ได้``) is recorded but keeps the verdict before it: the cell reads
``ตรวจไม่ได้ 2 วัน ตั้งแต่ 05/12/2569 (DNS: ไม่พบชื่อโดเมน) · ผลก่อนหน้า: ใช้ได้``. Only after
``UNREACHABLE_DAYS`` different days without an answer does the item need fixing. A link handed in while the site
could not be reached is saved ``รอตรวจ`` with the sender's name, so the job can tell them the result.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from common.thaitext import DateParseError, format_sheet_date, parse_thai_datetime
from handlers.oit.links import CANNOT_CHECK, GOOD, Verdict
from sheets.records import OitItem

PUBLISHED, NOT_PUBLISHED, NEEDS_FIX, PENDING = "เผยแพร่แล้ว", "ยังไม่เผยแพร่", "ต้องแก้ไข", "รอตรวจ"
STATES = (PUBLISHED, NEEDS_FIX, PENDING, NOT_PUBLISHED)
UNREACHABLE_DAYS = 3
"""Different days on which the site could not be reached, in a row, before an item needs fixing."""
_CELL = re.compile(r"^(?P<head>ตรวจไม่ได้|รอตรวจ) (?P<days>\d+) วัน ตั้งแต่ (?P<since>\S+)"
                   r"(?: \((?P<detail>.*?)\))?(?: · ส่งโดย (?P<by>.*?))?(?: · ผลก่อนหน้า: (?P<previous>.*))?$")

_EARLIER_OUTAGE = re.compile(r"^เข้าไม่ได้ \((?:DNS|TLS|หมดเวลา|เชื่อมต่อไม่ได้|การตอบกลับผิดรูปแบบ|เซิร์ฟเวอร์ขัดข้อง"
                             r"|รหัส (?:408|429)\))")
"""A cell an earlier version wrote for a site that did not answer ("เข้าไม่ได้ (DNS: …)"): no verdict on the link."""


@dataclass(frozen=True)
class Unanswered:
    """A ``ผลตรวจลิงก์`` cell of checks that did not reach the site (``head`` ตรวจไม่ได้) or of a link handed in
    then (``head`` รอตรวจ): on how many days, since when, why, who handed it in, and the verdict before."""

    head: str
    days: int
    since: str
    detail: str = ""
    by: str = ""
    previous: str = ""

    @property
    def text(self) -> str:
        parts = [f"{self.head} {self.days} วัน ตั้งแต่ {self.since}" + (f" ({self.detail})" if self.detail else "")]
        parts += [f"ส่งโดย {self.by}"] if self.by else []
        parts += [f"ผลก่อนหน้า: {self.previous}"] if self.previous else []
        return " · ".join(parts)


def unanswered(cell: str | None) -> Unanswered | None:
    """The cell read back, or None when it holds an answer (or nothing)."""
    match = _CELL.match((cell or "").strip())
    if match is None:
        return None
    parts = match.groupdict(default="")
    return Unanswered(parts["head"], int(parts["days"]), parts["since"], parts["detail"], parts["by"],
                      parts["previous"])


@dataclass(frozen=True)
class Standing:
    """What the public and the staff are shown: one of ``STATES`` and, for ต้องแก้ไข and รอตรวจ, why."""

    state: str
    reason: str = ""

    @property
    def text(self) -> str:
        return f"{self.state} ({self.reason})" if self.reason else self.state


def standing(item: OitItem) -> Standing:
    """The item's public state: an answer of the site decides, an unanswered check keeps the one before."""
    cell = (item.link_check or "").strip()
    waiting = unanswered(cell)
    if waiting and waiting.days >= UNREACHABLE_DAYS:
        return Standing(NEEDS_FIX, f"{CANNOT_CHECK} {waiting.days} วัน ตั้งแต่ {waiting.since}"
                        + (f": {waiting.detail}" if waiting.detail else ""))
    if waiting and waiting.head == PENDING:
        return Standing(PENDING, f"{CANNOT_CHECK}: {waiting.detail}" if waiting.detail else "")
    verdict = waiting.previous if waiting else cell
    if verdict and not verdict.startswith(GOOD) and not _EARLIER_OUTAGE.match(verdict):
        return Standing(NEEDS_FIX, verdict)
    if item.status == NEEDS_FIX:
        return Standing(NEEDS_FIX)
    return Standing(PUBLISHED) if item.status == PUBLISHED else Standing(NOT_PUBLISHED)


def tally(items: Iterable[OitItem]) -> dict[str, int]:
    """How many items stand in each state, every state present (for "เผยแพร่แล้ว x จาก y")."""
    counts = Counter(standing(i).state for i in items)
    return {state: counts.get(state, 0) for state in STATES}


def recorded(item: OitItem, verdict: Verdict, when: datetime) -> str:
    """The ``ผลตรวจลิงก์`` a check writes: an answer as it is; no answer counted per day, keeping the one before."""
    if verdict.answered:
        return verdict.text
    before = unanswered(item.link_check)
    if before is None:
        previous = (item.link_check or "").strip()
        return Unanswered(CANNOT_CHECK, 1, format_sheet_date(when.date()), verdict.detail,
                          previous="" if _EARLIER_OUTAGE.match(previous) else previous).text
    new_day = _day_of(item.checked_at) != when.date()
    return replace(before, days=before.days + new_day, detail=verdict.detail).text


def pending_cell(by: str, detail: str, when: datetime) -> str:
    """The ``ผลตรวจลิงก์`` of a link handed in while its site could not be reached."""
    return Unanswered(PENDING, 1, format_sheet_date(when.date()), detail, by).text


def after_check(item: OitItem, verdict: Verdict, when: datetime) -> OitItem:
    """The item as the sheet will hold it once the check's cells are written (a good pending link is published)."""
    status = PUBLISHED if verdict.good and standing(item).state == PENDING else item.status
    return replace(item, status=status, link_check=recorded(item, verdict, when),
                   checked_at=format_sheet_date(when))


def _day_of(checked_at: str | date | None) -> date | None:
    """The day of ``ตรวจเมื่อ``, written as text or read back as a date cell."""
    if isinstance(checked_at, datetime):
        return checked_at.date()
    if isinstance(checked_at, date):
        return checked_at
    try:
        return parse_thai_datetime(checked_at).date() if checked_at else None
    except DateParseError:
        return None
