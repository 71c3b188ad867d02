"""State of the fake Google Sheets: grids of cells, RAW vs USER_ENTERED input, the values endpoints."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.a1 import A1Range, parse_a1

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class ApiError(Exception):
    def __init__(self, status: int, message: str, reason: str = "INVALID_ARGUMENT") -> None:
        super().__init__(message)
        self.status, self.message, self.reason = status, message, reason

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.status, "message": self.message, "status": self.reason}}


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass
class Grid:
    sheet_id: int
    title: str
    index: int
    rows: list[list[Any]] = field(default_factory=list)
    row_count: int = 1000
    col_count: int = 26
    frozen_rows: int = 0
    validations: dict[int, list[str]] = field(default_factory=dict)
    bold_header: bool = False

    def used(self) -> tuple[int, int]:
        rows = [i for i, row in enumerate(self.rows, 1) if any(c not in (None, "") for c in row)]
        last_row = rows[-1] if rows else 0
        last_col = max((len(_trim(row)) for row in self.rows), default=0)
        return last_row, last_col

    def write(self, top: int, left: int, values: list[list[Any]]) -> None:
        for r_offset, row in enumerate(values):
            target_row = top + r_offset
            while len(self.rows) < target_row:
                self.rows.append([])
            cells = self.rows[target_row - 1]
            for c_offset, value in enumerate(row):
                col = left + c_offset
                while len(cells) < col:
                    cells.append(None)
                cells[col - 1] = value
        self.row_count = max(self.row_count, len(self.rows))
        self.col_count = max(self.col_count, max((len(r) for r in self.rows), default=0))

    def read(self, area: A1Range, render: str) -> list[list[Any]]:
        last_row, last_col = self.used()
        bottom = min(area.last_row or last_row, last_row)
        right = min(area.last_col or last_col, last_col)
        out = []
        for row_number in range(area.first_row, bottom + 1):
            row = self.rows[row_number - 1] if row_number <= len(self.rows) else []
            cells = [_render(row[c - 1] if c <= len(row) else None, render)
                     for c in range(area.first_col, right + 1)]
            out.append(_trim(cells))
        while out and not out[-1]:
            out.pop()
        return out


def _trim(cells: list[Any]) -> list[Any]:
    cells = list(cells)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return ["" if cell is None else cell for cell in cells]


def _render(value: Any, render: str) -> Any:
    if isinstance(value, Formula):
        return value.text if render == "FORMULA" else "#NAME?"
    if render == "FORMATTED_VALUE" and value is not None and not isinstance(value, str):
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        return f"{value:g}" if isinstance(value, float) else str(value)
    return value


def user_entered(value: Any) -> Any:
    """What Sheets makes of a value typed by a user (USER_ENTERED): formulas, numbers, booleans."""
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return Formula(value)
    compact = value.replace(",", "")
    if _NUMBER.match(compact):
        number = float(compact)
        return int(number) if number.is_integer() and "." not in compact else number
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    return value


class Spreadsheet:
    def __init__(self, spreadsheet_id: str, title: str) -> None:
        self.id, self.title = spreadsheet_id, title
        self.grids: dict[str, Grid] = {}
        self._next_id = 0
        self.add_sheet("Sheet1")

    def add_sheet(self, title: str) -> Grid:
        if title in self.grids:
            raise ApiError(400, f'Invalid requests[0].addSheet: A sheet with the name "{title}" already exists.')
        grid = Grid(self._next_id, title, len(self.grids))
        self._next_id += 1
        self.grids[title] = grid
        return grid

    def by_id(self, sheet_id: int) -> Grid:
        for grid in self.grids.values():
            if grid.sheet_id == sheet_id:
                return grid
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def locate(self, text: str) -> tuple[Grid, A1Range]:
        try:
            area = parse_a1(text, frozenset(self.grids))
        except ValueError:
            raise ApiError(400, f"Unable to parse range: {text}") from None
        title = area.sheet if area.sheet is not None else next(iter(self.grids))
        if title not in self.grids:
            raise ApiError(400, f"Unable to parse range: {text}")
        return self.grids[title], area

    def metadata(self) -> dict[str, Any]:
        return {"spreadsheetId": self.id, "properties": {"title": self.title, "locale": "th_TH",
                                                         "timeZone": "Asia/Bangkok"},
                "sheets": [{"properties": {
                    "sheetId": g.sheet_id, "title": g.title, "index": g.index, "sheetType": "GRID",
                    "gridProperties": {"rowCount": g.row_count, "columnCount": g.col_count,
                                       "frozenRowCount": g.frozen_rows}}} for g in self.grids.values()]}

    def get_values(self, text: str, render: str) -> dict[str, Any]:
        grid, area = self.locate(text)
        values = grid.read(area, render)
        rows, cols = grid.used()
        body: dict[str, Any] = {"range": area.label(rows, cols), "majorDimension": "ROWS"}
        if values:
            body["values"] = values
        return body

    def update_values(self, text: str, values: list[list[Any]], option: str | None) -> dict[str, Any]:
        grid, area = self.locate(text)
        converted = _convert(values, option)
        grid.write(area.first_row, area.first_col, converted)
        return {"spreadsheetId": self.id, "updatedRange": text, "updatedRows": len(values),
                "updatedCells": sum(len(r) for r in values)}

    def append_values(self, text: str, values: list[list[Any]], option: str | None) -> dict[str, Any]:
        grid, area = self.locate(text)
        last_row, _ = grid.used()
        top = max(last_row + 1, area.first_row)
        grid.write(top, area.first_col, _convert(values, option))
        return {"spreadsheetId": self.id, "tableRange": f"'{grid.title}'!A1",
                "updates": {"spreadsheetId": self.id, "updatedRows": len(values),
                            "updatedRange": f"'{grid.title}'!A{top}",
                            "updatedCells": sum(len(r) for r in values)}}


def _convert(values: list[list[Any]], option: str | None) -> list[list[Any]]:
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(400, "Invalid valueInputOption: must be RAW or USER_ENTERED")
    if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
        raise ApiError(400, "Invalid values: expected a list of rows")
    if option == "RAW":
        return [list(row) for row in values]
    return [[user_entered(cell) for cell in row] for row in values]
