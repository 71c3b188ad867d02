"""What the bot writes into a typed column: a date cell, a number cell, or (never a formula) text.

The outbox keeps every value as text ('08/12/2569', '4', '50'); written as text they sort and filter
apart from the admins' own dates and numbers, and ``AVERAGE()`` skips them. A column of the contract
whose kind is a date or a number gets the value itself; what does not read as that kind stays text
(``sheet check`` then points at it), and text columns stay text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sheets.cells import CellError, CellValue, is_blank, parse_cell, safe_text
from sheets.schema import Column, Kind

DATED = (Kind.DATE, Kind.DATETIME)
NUMERIC = (Kind.SCORE, Kind.PERCENT, Kind.WEIGHT, Kind.INDICATOR, Kind.YEAR, Kind.COUNT)


def is_typed(column: Column | None) -> bool:
    """The column holds dates or numbers (a choice of numbers such as ความพึงพอใจ 1–5 counts)."""
    return column is not None and (column.kind in DATED or column.kind in NUMERIC or _numeric_choices(column))


def written_value(column: Column | None, text: str, *, percent_as_fraction: bool = False) -> CellValue:
    """The cell to write for ``text`` in ``column``; ``percent_as_fraction``: the column shows 0.5 as 50%."""
    if not text.strip():
        return ""
    if column is None or not is_typed(column):
        return safe_text(text)
    try:
        value = parse_cell(column, text)
    except CellError:
        return safe_text(text)
    if isinstance(value, datetime | date):
        return value
    number = float(value)
    if column.kind is Kind.PERCENT and percent_as_fraction:
        number = round(number / 100, 10)
    return int(number) if number.is_integer() else number


def holds_fractions(values: Iterable[CellValue]) -> bool:
    """A percent column kept as fractions (0.5 shown as 50%): some number in it lies between 0 and 1."""
    return any(isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 1 for v in values)


def is_typed_cell(value: CellValue) -> bool:
    """The cell already holds a number or a date (not text, not blank): its number format is the column's."""
    return not is_blank(value) and not isinstance(value, str | bool)


def _numeric_choices(column: Column) -> bool:
    return column.kind is Kind.ENUM and bool(column.choices) and all(c.isdecimal() for c in column.choices)
