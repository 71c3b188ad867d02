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




def from_cell_data(data: dict[str, Any]) -> Any:
    """The stored value of a batchUpdate CellData: typed values, dates by their number format."""
    value = data.get("userEnteredValue") or {}
    kind = ((data.get("userEnteredFormat") or {}).get("numberFormat") or {})
    if "numberValue" in value and kind.get("type") in ("DATE", "DATE_TIME"):
        return Dated(value["numberValue"], kind.get("pattern") or "d/m/yyyy")
    if "formulaValue" in value:
        return Formula(value["formulaValue"])
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in value:
            return value[key]
    return None
