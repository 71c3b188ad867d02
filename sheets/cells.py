"""One cell in, one typed value (or a Thai reason why not) out; and the safe form of text we write."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

from common.thaitext import (
    BE_OFFSET,
    DateParseError,
    from_be_as_ce,
    from_serial,
    normalize_input,
    parse_thai_datetime,
    to_arabic_digits,
)
from sheets.schema import Column, Kind

CellValue = str | int | float | bool | date | datetime | None

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n",
                    "\uff1d", "\uff0b", "\uff0d", "\uff20",  # full-width ＝ ＋ － ＠ (Thai and CJK keyboards)
                    "\u2212", "\ufe66", "\ufe62", "\ufe63", "\ufe6b")  # minus sign −, small ﹦ ﹢ ﹣ ﹫
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in an .xlsx cell, never wanted
_LINE_USER_ID = re.compile(r"^U[0-9a-f]{32}$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


class CellError(ValueError):
    """The cell does not hold a value of its column's kind; ``reason`` is Thai."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def safe_text(value: object) -> str:
    """Text as we write it: a leading ' keeps = + - @ tab CR LF from turning into a formula."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def is_blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: CellValue) -> str:
    """The text a person typed, undoing our own formula guard; numbers without a stray '.0'."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def parse_cell(column: Column, value: CellValue) -> Any:
    """The typed value of a non-blank cell; raises CellError."""
    parser = _PARSERS[column.kind]
    return parser(column, value)


def _text(column: Column, value: CellValue) -> str:
    return cell_text(value)


def _number(value: CellValue) -> float:
    if isinstance(value, bool):
        raise CellError("ต้องเป็นตัวเลข")
    if isinstance(value, int | float):
        return float(value)
    text = normalize_input(str(value)).replace(",", "").replace(" ", "").rstrip("%")
    if not _NUMBER.match(text):
        raise CellError(f"ต้องเป็นตัวเลข แต่พบ '{cell_text(value)}'")
    return float(text)


def _bounded(value: CellValue, low: float, high: float, label: str) -> float:
    number = _number(value)
    if not low <= number <= high:
        raise CellError(f"{label}ต้องอยู่ระหว่าง {low:g} ถึง {high:g} แต่พบ {number:g}")
    return number


def _score(column: Column, value: CellValue) -> float:
    return _bounded(value, 0, 100, "คะแนน")


def _percent(column: Column, value: CellValue) -> float:
    """50, '50%' and '๕๐' are 50; so is 0.5, what a sheet keeps for a cell typed as 50%."""
    if isinstance(value, float) and 0 < value < 1:
        return round(value * 100, 6)
    return _bounded(value, 0, 100, "ร้อยละ")


def _weight(column: Column, value: CellValue) -> float:
    number = _number(value)
    if (isinstance(value, str) and "%" in value) or 1 < number <= 100:
        number /= 100
    if not 0 <= number <= 1:
        raise CellError(f"น้ำหนักต้องอยู่ระหว่าง 0 ถึง 1 (หรือ 0–100%) แต่พบ {cell_text(value)}")
    return number


def _whole(value: CellValue) -> int:
    number = _number(value)
    if not number.is_integer():
        raise CellError(f"ต้องเป็นจำนวนเต็ม แต่พบ {cell_text(value)}")
    return int(number)


def _indicator(column: Column, value: CellValue) -> int:
    number = _whole(value)
    if not 1 <= number <= 10:
        raise CellError(f"ตัวชี้วัดที่ต้องเป็น 1 ถึง 10 แต่พบ {number}")
    return number


def _count(column: Column, value: CellValue) -> int:
    number = _whole(value)
    if number < 0:
        raise CellError(f"จำนวนต้องไม่ติดลบ แต่พบ {number}")
    return number


def _year(column: Column, value: CellValue) -> int:
    text = value if not isinstance(value, str) else re.sub(r"^(ปี(งบประมาณ)?|พ\.?ศ\.?)\s*", "",
                                                          normalize_input(value))
    year = _whole(text)
    if 1900 <= year <= 2157:
        year += BE_OFFSET
    if not 2500 <= year <= 2700:
        raise CellError(f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569 แต่พบ {cell_text(value)}")
    return year


def _datetime(column: Column, value: CellValue) -> datetime:
    if isinstance(value, datetime):
        return from_be_as_ce(value)
    if isinstance(value, date):
        return from_be_as_ce(datetime.combine(value, datetime.min.time()))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    text = cell_text(value)
    if _NUMBER.match(to_arabic_digits(text)):
        return _serial(float(to_arabic_digits(text)))
    try:
        return parse_thai_datetime(text)
    except DateParseError as error:
        raise CellError(f"{error.reason}: '{text}'") from None


def _serial(number: float) -> datetime:
    moment = from_serial(number)
    if moment is None:
        raise CellError(f"อ่านวันที่ไม่ได้: {number:g}")
    return moment


def _date(column: Column, value: CellValue) -> date:
    return _datetime(column, value).date()


def _enum(column: Column, value: CellValue) -> str:
    text = " ".join(cell_text(value).split())
    for choice in column.choices:
        if text.casefold() == choice.casefold():
            return choice
    raise CellError(f"ค่า '{text}' ไม่อยู่ในตัวเลือก: {' / '.join(column.choices)}")


def _url(column: Column, value: CellValue) -> str:
    text = cell_text(value)
    parts = urlparse(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CellError(f"ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// แต่พบ '{text}'")
    return text


def _line_user_id(column: Column, value: CellValue) -> str:
    text = cell_text(value)
    if not _LINE_USER_ID.match(text):
        raise CellError("LINE userId ต้องขึ้นต้นด้วย U ตามด้วยอักษร 0-9 a-f 32 ตัว")
    return text


_PARSERS = {
    Kind.TEXT: _text,
    Kind.SCORE: _score,
    Kind.PERCENT: _percent,
    Kind.WEIGHT: _weight,
    Kind.INDICATOR: _indicator,
    Kind.COUNT: _count,
    Kind.YEAR: _year,
    Kind.DATE: _date,
    Kind.DATETIME: _datetime,
    Kind.ENUM: _enum,
    Kind.URL: _url,
    Kind.LINE_USER_ID: _line_user_id,
}
