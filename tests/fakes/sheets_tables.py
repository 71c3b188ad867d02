"""Where values:append writes, as the recorded Google traffic shows it (tests/fakes/sheets_api replays it).

Google looks for a *table* starting at the request's range: the block of filled cells joined to the
range's first cell. With a table, the rows go below it, starting at its first column, and the answer
names it in ``tableRange``. When the first cell is blank there is no table and the rows are written
*at* the range itself (``tableRange`` absent). A bare sheet name looks at the table of the last filled
cell. Hand-written: no library models Google's table detection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tests.fakes.a1 import A1Range, letters


@dataclass(frozen=True)
class Box:
    top: int
    left: int
    bottom: int
    right: int


def filled(rows: Sequence[Sequence[Any]], row: int, col: int) -> bool:
    if not 1 <= row <= len(rows):
        return False
    cells = rows[row - 1]
    return 1 <= col <= len(cells) and cells[col - 1] not in (None, "")


def table_at(rows: Sequence[Sequence[Any]], area: A1Range) -> Box | None:
    """The table append uses for ``area``, or None when the rows go at the range itself."""
    start = _last_filled(rows) if _whole_sheet(area) else (area.first_row, area.first_col)
    if start is None or not filled(rows, *start):
        return None
    return _component(rows, start)


def _whole_sheet(area: A1Range) -> bool:
    return area.last_row is None and area.last_col is None


def _last_filled(rows: Sequence[Sequence[Any]]) -> tuple[int, int] | None:
    for row in range(len(rows), 0, -1):
        for col in range(len(rows[row - 1]), 0, -1):
            if filled(rows, row, col):
                return row, col
    return None


def _component(rows: Sequence[Sequence[Any]], start: tuple[int, int]) -> Box:
    seen = {start}
    todo = [start]
    while todo:
        row, col = todo.pop()
        for near in ((row - 1, col), (row + 1, col), (row, col - 1), (row, col + 1)):
            if near not in seen and filled(rows, *near):
                seen.add(near)
                todo.append(near)
    return Box(min(r for r, _ in seen), min(c for _, c in seen), max(r for r, _ in seen), max(c for _, c in seen))


def label(title: str, box: Box) -> str:
    """A range as Google writes it in answers: the sheet name quoted only when it must be."""
    plain = re.fullmatch(r"[A-Za-z0-9_]+", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title)
    name = title if plain else "'" + title.replace("'", "''") + "'"
    first = f"{letters(box.left)}{box.top}"
    last = f"{letters(box.right)}{box.bottom}"
    return f"{name}!{first}" if first == last else f"{name}!{first}:{last}"
