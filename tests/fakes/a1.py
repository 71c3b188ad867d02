"""A1 notation as the Sheets API reads it: quoted sheet names (Thai too), open-ended ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


@dataclass(frozen=True)
class A1Range:
    sheet: str | None
    first_row: int = 1
    first_col: int = 1
    last_row: int | None = None
    last_col: int | None = None

    def label(self, rows: int, cols: int) -> str:
        last_row = self.last_row or max(self.first_row, rows)
        last_col = self.last_col or max(self.first_col, cols)
        name = "'" + (self.sheet or "").replace("'", "''") + "'"
        return f"{name}!{letters(self.first_col)}{self.first_row}:{letters(last_col)}{last_row}"


def letters(col: int) -> str:
    text = ""
    while col:
        col, rest = divmod(col - 1, 26)
        text = chr(65 + rest) + text
    return text


def column_number(text: str) -> int:
    number = 0
    for char in text.upper():
        number = number * 26 + ord(char) - 64
    return number


def parse_a1(text: str, sheet_names: frozenset[str] = frozenset()) -> A1Range:
    """Parse 'Sheet'!A1:C3, Sheet!1:1, A:A, A1 or a bare sheet name; raise ValueError."""
    sheet, cells = (text, None) if text in sheet_names else _split_sheet(text)
    if cells is None:
        return A1Range(sheet)
    start, _, end = cells.partition(":")
    first_col, first_row = _cell(start)
    if not end:
        if not first_col and not first_row:
            raise ValueError(text)
        return A1Range(sheet, first_row or 1, first_col or 1,
                       first_row or None, first_col or None)
    last_col, last_row = _cell(end)
    return A1Range(sheet, first_row or 1, first_col or 1, last_row or None, last_col or None)


def _split_sheet(text: str) -> tuple[str | None, str | None]:
    if text.startswith("'"):
        closing = re.match(r"^'((?:[^']|'')*)'(?:!(.*))?$", text)
        if not closing:
            raise ValueError(text)
        return closing.group(1).replace("''", "'"), closing.group(2)
    if "!" in text:
        sheet, cells = text.rsplit("!", 1)
        return sheet, cells
    if _CELL.match(text.split(":")[0]) and all(_CELL.match(part) for part in text.split(":")):
        return None, text
    return text, None


def _cell(text: str) -> tuple[int, int]:
    match = _CELL.match(text)
    if not match:
        raise ValueError(text)
    return (column_number(match.group(1)) if match.group(1) else 0,
            int(match.group(2)) if match.group(2) else 0)
