"""Thai text helpers: digits, Buddhist-era years, fiscal years and Thai dates.

Hand-written rather than taken from PyThaiNLP: sheet cells mix Thai and Arabic digits, two- and
four-digit Buddhist-era years, month abbreviations with or without dots and spreadsheet serials in
one column, while ``thai_strptime`` needs one known format per call; the rules below are short and
fully covered by tests.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
BE_OFFSET = 543

MONTHS_FULL = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
_MONTH_BY_NAME = {name: n for n, name in enumerate(MONTHS_FULL, 1)} | {
    short.replace(".", ""): n for n, short in enumerate(MONTHS_SHORT, 1)
}

_SPREADSHEET_EPOCH = date(1899, 12, 30)
_SERIAL_RANGE = (20_000, 80_000)  # 1954 .. 2119: anything else in a date column is not a serial
_BE_AS_CE_RANGE = (218_000, 279_000)  # the same years written in the Buddhist era (2497 .. 2662)

_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_THAI_DATE = re.compile(r"^(\d{1,2})\s*([ก-๛.\s]+?)\s*(?:พ\.?\s*ศ\.?)?\s*(\d{2}|\d{4})$")
_TIME_SUFFIX = re.compile(r"(?:[T\s]+|\s*เวลา\s*)(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\s*น\.?)?$")


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits with Arabic ones."""
    return text.translate(_TO_ARABIC)


_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[^\s@]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
                      r"|(?<![A-Za-z0-9.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:/\S*)?")
"""A web address, an e-mail address or a bare domain with its path (muaklek.go.th/oit/2569)."""


def to_thai_digits(text: str) -> str:
    """Arabic digits as Thai ones, except inside web and e-mail addresses: an address is typed as printed."""
    if not any(mark in text for mark in ".@/"):
        return text.translate(_TO_THAI)
    parts, position = [], 0
    for match in _ADDRESS.finditer(text):
        parts += [text[position:match.start()].translate(_TO_THAI), match.group(0)]
        position = match.end()
    return "".join(parts) + text[position:].translate(_TO_THAI)


def normalize_input(text: str) -> str:
    """Fold full-width characters, Thai digits and runs of white space, for matching user input."""
    folded = unicodedata.normalize("NFKC", text).replace("\u0e4d\u0e32", "\u0e33")  # NFKC splits สระอำ: undo
    return " ".join(to_arabic_digits(folded).split())


def compact(text: str) -> str:
    """Matching form of user input and of keys: NFKC, Thai digits as Arabic, no spaces, case-folded."""
    return normalize_input(text).replace(" ", "").casefold()


def normalize_header(text: str) -> str:
    """A header as admins mean it: NFC, no stray or doubled spaces, case-folded Latin letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def year_from_be(year: int) -> int:
    """A Christian-era year from a two- or four-digit Buddhist-era year (or a CE year left as is)."""
    if year < 100:
        return 2500 + year - BE_OFFSET
    return year - BE_OFFSET if year >= 2400 else year


def fiscal_year_of(day: date) -> int:
    """The Buddhist-era fiscal year a day belongs to (October starts the next fiscal year)."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a Buddhist-era fiscal year."""
    end_year = fiscal_year - BE_OFFSET
    return date(end_year - 1, 10, 1), date(end_year, 9, 30)


def from_serial(serial: float) -> datetime | None:
    """A spreadsheet date serial (days since 1899-12-30), to the second, or None when out of a sane range.

    A Thai-locale sheet keeps 1/10/2568 typed into a date cell as the year 2568 of the Christian
    calendar (a serial near 244,000): such a serial is read as the Buddhist-era date it was typed as.
    """
    be_as_ce = _BE_AS_CE_RANGE[0] <= serial <= _BE_AS_CE_RANGE[1]
    if not (be_as_ce or _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]):
        return None
    moment = datetime.combine(_SPREADSHEET_EPOCH, datetime.min.time()) + timedelta(seconds=round(serial * 86400))
    return from_be_as_ce(moment) if be_as_ce else moment


def to_be_as_ce(moment: date) -> date:
    """The date with its Buddhist-era year as a Christian-era one, as a Thai-locale sheet keeps typed dates."""
    try:
        return moment.replace(year=moment.year + BE_OFFSET)
    except ValueError:  # 29 February of a year that is not a leap year 543 years later
        return moment.replace(year=moment.year + BE_OFFSET, day=28)


def from_be_as_ce(moment: datetime) -> datetime:
    """A date whose Buddhist-era year was stored as a Christian-era one (2568 → 2025)."""
    if moment.year < 2400:
        return moment
    try:
        return moment.replace(year=moment.year - BE_OFFSET)
    except ValueError:  # 29 February of a year that is not a leap year 543 years earlier
        return moment.replace(year=moment.year - BE_OFFSET, day=28)


def to_serial(moment: date) -> float:
    """The spreadsheet serial of a date or a wall-clock time (the inverse of ``from_serial``)."""
    start = moment if isinstance(moment, datetime) else datetime.combine(moment, datetime.min.time())
    days = (start - datetime.combine(_SPREADSHEET_EPOCH, datetime.min.time())) / timedelta(days=1)
    return round(days, 8)


class DateParseError(ValueError):
    """The text is not a date; ``reason`` is a short Thai explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_thai_datetime(text: str) -> datetime:
    """Parse a date (with an optional time) as Thai offices write it; raise DateParseError."""
    cleaned = normalize_input(text).replace(",", " ").strip()
    cleaned = re.sub(r"^วันที่\s*", "", cleaned)
    hour = minute = second = 0
    time_match = _TIME_SUFFIX.search(cleaned)
    if time_match and cleaned[: time_match.start()].strip():
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
        cleaned = cleaned[: time_match.start()].strip()
    day, month, year = _split_date(cleaned)
    try:
        return datetime(year_from_be(year), month, day, hour, minute, second)
    except ValueError:
        raise DateParseError("ไม่มีวันที่นี้ในปฏิทิน") from None


def _split_date(text: str) -> tuple[int, int, int]:
    if match := _ISO_DATE.match(text):
        return int(match.group(3)), int(match.group(2)), int(match.group(1))
    if match := _NUMERIC_DATE.match(text):
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    if match := _THAI_DATE.match(text):
        month_name = match.group(2).replace(".", "").replace(" ", "")
        month = _MONTH_BY_NAME.get(month_name)
        if month is None:
            raise DateParseError(f"ไม่รู้จักชื่อเดือน '{match.group(2).strip()}'")
        return int(match.group(1)), month, int(match.group(3))
    raise DateParseError("อ่านวันที่ไม่ได้ (ตัวอย่างที่ใช้ได้: 1/10/2568, 1 ต.ค. 2568)")


def format_thai_date(day: date, *, thai_digits: bool = False, short_year: bool = False) -> str:
    """'1 ต.ค. 2568', or with thai_digits and short_year '๑ ต.ค. ๖๘'."""
    be_year = day.year + BE_OFFSET
    year_text = f"{be_year % 100:02d}" if short_year else str(be_year)
    text = f"{day.day} {MONTHS_SHORT[day.month - 1]} {year_text}"
    return to_thai_digits(text) if thai_digits else text


def format_sheet_date(moment: date) -> str:
    """How we write a date into the sheet: 23/11/2569, with the time when it has one."""
    text = f"{moment.day:02d}/{moment.month:02d}/{moment.year + BE_OFFSET}"
    if isinstance(moment, datetime):
        text += f" {moment.hour:02d}:{moment.minute:02d}"
    return text
