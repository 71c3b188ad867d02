"""Cells of the fake Google Sheets: formulas, date cells, what USER_ENTERED makes of typed text."""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_PERCENT = re.compile(r"^[+-]?\d+(\.\d+)?%$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
EPOCH = datetime(1899, 12, 30)


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass(frozen=True)
class Dated:
    """A date cell: the serial number Sheets keeps and the pattern it shows it with."""

    serial: float
    pattern: str

    def moment(self) -> datetime:
        return EPOCH + timedelta(seconds=round(self.serial * 86400))

    def formatted(self) -> str:
        moment = self.moment()
        text = self.pattern.replace("yyyy", f"{moment.year:04d}").replace("dd", f"{moment.day:02d}")
        text = text.replace("hh:mm", f"{moment.hour:02d}:{moment.minute:02d}").replace("mm", f"{moment.month:02d}")
        return text.replace("d", str(moment.day)).replace("m", str(moment.month))


def serial_of(moment: date) -> float:
    """Days since 1899-12-30, as Sheets stores dates."""
    start = moment if isinstance(moment, datetime) else datetime.combine(moment, datetime.min.time())
    days = (start - EPOCH) / timedelta(days=1)
    return int(days) if days.is_integer() else days


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _arithmetic(node: ast.AST) -> float:
    """=4/2 and the like; anything else (functions, references) is #NAME? in this fake."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return float(_OPERATORS[type(node.op)](_arithmetic(node.left), _arithmetic(node.right)))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_arithmetic(node.operand)
    raise ValueError("not arithmetic")


def _evaluate(formula: Formula) -> Any:
    try:
        number = _arithmetic(ast.parse(formula.text[1:], mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return "#NAME?"
    return int(number) if float(number).is_integer() else number


def render(value: Any, render: str, dates: str = "SERIAL_NUMBER") -> Any:
    if isinstance(value, Formula):
        if render == "FORMULA":
            return value.text
        value = _evaluate(value)
    if isinstance(value, Dated):
        return value.serial if render != "FORMATTED_VALUE" and dates == "SERIAL_NUMBER" else value.formatted()
    if render == "FORMATTED_VALUE" and value is not None and not isinstance(value, str):
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        return f"{value:g}" if isinstance(value, float) else str(value)
    return value


def user_entered(value: Any, locale: str = "en_US") -> Any:
    """What Sheets makes of a value typed by a user (USER_ENTERED): formulas, numbers, dates, percents.

    A th_TH sheet reads 1/10/2568 day first and keeps the year as typed: year 2568 of the Christian
    calendar (a serial near 244,000), and 50% as the fraction 0.5.
    """
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return Formula(value)
    if moment := _typed_date(value, locale):
        return moment
    if _PERCENT.match(value):
        return float(value[:-1]) / 100
    compact = value.replace(",", "")
    if _NUMBER.match(compact):
        number = float(compact)
        return int(number) if number.is_integer() and "." not in compact else number
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    return value


def _typed_date(value: str, locale: str) -> Dated | None:
    if match := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
        pattern = "yyyy-mm-dd"
    elif match := _SLASH_DATE.match(value):
        first, second, year = (int(part) for part in match.groups())
        day, month = (first, second) if locale == "th_TH" else (second, first)
        pattern = "d/m/yyyy"
    else:
        return None
    try:
        return Dated(serial_of(date(year, month, day)), pattern)
    except ValueError:
        return None




CELL_FIELDS = frozenset({"chipRuns", "dataSourceFormula", "dataSourceTable", "dataValidation", "effectiveFormat",
                         "effectiveValue", "formattedValue", "hyperlink", "note", "pivotTable", "textFormatRuns",
                         "userEnteredFormat", "userEnteredValue"})
"""CellData's fields in Google's discovery document: a ``fields`` mask naming anything else is refused."""


def field_mask(fields: str) -> set[str]:
    """The CellData paths an updateCells ``fields`` mask names ('*': all); ValueError for an unknown one."""
    paths = {path.strip() for path in fields.split(",") if path.strip()}
    if paths == {"*"}:
        return set(CELL_FIELDS)
    if not paths or any(path.split(".")[0] not in CELL_FIELDS for path in paths):
        raise ValueError(fields)
    return paths


def date_pattern(value: Any) -> str | None:
    """The date format a stored cell carries (the fake keeps formats only on date cells)."""
    return value.pattern if isinstance(value, Dated) else None


def with_format(value: Any, pattern: str | None) -> Any:
    """A number in a cell formatted as a date is a date cell; anything else is itself."""
    if pattern and isinstance(value, int | float) and not isinstance(value, bool):
        return Dated(value, pattern)
    return value


def from_cell_data(data: dict[str, Any], fields: str = "*", current: Any = None) -> Any:
    """The stored cell after an updateCells CellData under ``fields``: only what the mask names changes,
    so a value written without ``userEnteredFormat`` keeps the cell's number format (a date stays a date)."""
    mask = field_mask(fields)
    format_named = bool(mask & {"userEnteredFormat", "userEnteredFormat.numberFormat"})
    number_format = ((data.get("userEnteredFormat") or {}).get("numberFormat") or {})
    if format_named:
        pattern = (number_format.get("pattern") or "d/m/yyyy") if number_format.get("type") in (
            "DATE", "DATE_TIME") else None
    else:
        pattern = date_pattern(current)
    if "userEnteredValue" not in mask:
        return with_format(current.serial if isinstance(current, Dated) else current, pattern)
    value = data.get("userEnteredValue") or {}
    if "formulaValue" in value:
        return Formula(value["formulaValue"])
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in value:
            return with_format(value[key], pattern)
    return None
