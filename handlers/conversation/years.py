"""The fiscal year a message names: digits in either script, Buddhist or Christian era, or a year word."""

from __future__ import annotations

from datetime import date

from common.thaitext import fiscal_year_of, normalize_input
from handlers.conversation.engine import Context
from sheets.workbook import Snapshot

LATEST_WORD = "ล่าสุด"
YEAR_WORDS = (("ปีนี้", 0), ("ปีที่แล้ว", -1), ("ปีที่ผ่านมา", -1), ("ปีก่อน", -1), ("ปีหน้า", 1))
"""Year words, relative to the current fiscal year, for every command that takes a year."""


def parse_year(text: str, this_year: int | None = None) -> int | None:
    """A Buddhist-era year from '2565', '๒๕๖๕', '65', 'ปี 2565', a Christian-era '2022', or ปีที่แล้ว/ปีนี้/ปีหน้า."""
    offset = year_word_offset(text)
    if offset is not None:
        return None if this_year is None else this_year + offset
    digits = "".join(ch for ch in normalize_input(text) if ch.isdecimal())
    if not digits or len(digits) not in (2, 4):
        return None
    year = int(digits)
    if year < 100:
        return 2500 + year
    return year + 543 if 1900 <= year < 2400 else year


def year_word_offset(text: str) -> int | None:
    """-1 for ปีที่แล้ว/ปีก่อน, 0 for ปีนี้, 1 for ปีหน้า; None when the text has no year word."""
    compact = "".join(text.split())
    return next((offset for word, offset in YEAR_WORDS if word in compact), None)


def names_a_year(text: str) -> bool:
    return year_word_offset(text) is not None or any(ch.isdecimal() for ch in text)


def office_year(snapshot: Snapshot, today: date) -> int:
    """The fiscal year the office works in: ``current_fiscal_year`` in ตั้งค่า, else today's."""
    return parse_year(snapshot.settings.get("current_fiscal_year", "")) or fiscal_year_of(today)


def current_year(context: Context, snapshot: Snapshot) -> int:
    return office_year(snapshot, context.now.date())


def asked_year(text: str, year: int | None) -> str:
    """What the user typed, with the year a year word stands for: ปีที่แล้ว (2569)."""
    return f"{text.strip()} ({year})" if year is not None and year_word_offset(text) is not None else text
