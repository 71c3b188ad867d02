"""State of the fake Google Sheets: grids of cells, RAW vs USER_ENTERED input, the values endpoints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.fakes.a1 import A1Range, parse_a1
from tests.fakes.sheets_cells import Dated, Formula, date_pattern, from_cell_data, user_entered, with_format
from tests.fakes.sheets_cells import render as render_cell
from tests.fakes.sheets_tables import Box, label, table_at

__all__ = ["ApiError", "Dated", "Formula", "Grid", "Spreadsheet", "apply_grid_request"]


class ApiError(Exception):
    def __init__(self, status: int, message: str, reason: str = "INVALID_ARGUMENT") -> None:
        super().__init__(message)
        self.status, self.message, self.reason = status, message, reason

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.status, "message": self.message, "status": self.reason}}


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
    """0-based column → the list of its dropdown (ONE_OF_LIST rules)."""
    rules: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    """0-based column → (first 0-based row it covers, the DataValidationRule as sent): one rule per column."""
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

    def cell(self, row: int, col: int) -> Any:
        """The stored cell at 1-based (row, col); None when blank."""
        cells = self.rows[row - 1] if row <= len(self.rows) else []
        return cells[col - 1] if col <= len(cells) else None

    def insert_rows(self, at: int, count: int) -> None:
        """Blank rows before row ``at`` (1-based); what was there moves down."""
        while len(self.rows) < at - 1:
            self.rows.append([])
        self.rows[at - 1:at - 1] = [[] for _ in range(count)]
        self.row_count += count

    def resize(self, rows: int, cols: int) -> None:
        self.rows = [row[:cols] for row in self.rows[:rows]]
        self.row_count, self.col_count = rows, cols

    def box(self, area: A1Range) -> Box:
        """The requested range, open ends closed at the grid's edges (how Google labels answers)."""
        return Box(area.first_row, area.first_col, min(area.last_row or self.row_count, self.row_count),
                   min(area.last_col or self.col_count, self.col_count))

    def read(self, area: A1Range, render: str, dates: str = "SERIAL_NUMBER") -> list[list[Any]]:
        last_row, last_col = self.used()
        bottom = min(area.last_row or last_row, last_row)
        right = min(area.last_col or last_col, last_col)
        out = []
        for row_number in range(area.first_row, bottom + 1):
            row = self.rows[row_number - 1] if row_number <= len(self.rows) else []
            cells = [render_cell(row[c - 1] if c <= len(row) else None, render, dates)
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


class Spreadsheet:
    def __init__(self, spreadsheet_id: str, title: str, locale: str = "th_TH") -> None:
        self.id, self.title, self.locale = spreadsheet_id, title, locale
        self.grids: dict[str, Grid] = {}
        self._next_id = 0
        self.add_sheet("Sheet1")

    def add_sheet(self, title: str, rows: int = 1000, cols: int = 26) -> Grid:
        if title in self.grids:
            raise ApiError(400, f'Invalid requests[0].addSheet: A sheet with the name "{title}" already exists.')
        grid = Grid(self._next_id, title, len(self.grids), row_count=rows, col_count=cols)
        self._next_id += 1
        self.grids[title] = grid
        return grid

    def rename(self, grid: Grid, title: str) -> None:
        del self.grids[grid.title]
        grid.title = title
        self.grids[title] = grid

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
        return {"spreadsheetId": self.id, "properties": {"title": self.title, "locale": self.locale,
                                                         "timeZone": "Asia/Bangkok"},
                "sheets": [{"properties": {
                    "sheetId": g.sheet_id, "title": g.title, "index": g.index, "sheetType": "GRID",
                    "gridProperties": {"rowCount": g.row_count, "columnCount": g.col_count,
                                       "frozenRowCount": g.frozen_rows}}} for g in self.grids.values()]}

    def get_values(self, text: str, render: str, dates: str = "SERIAL_NUMBER") -> dict[str, Any]:
        grid, area = self.locate(text)
        values = grid.read(area, render, dates)
        body: dict[str, Any] = {"range": label(grid.title, grid.box(area)), "majorDimension": "ROWS"}
        if values:
            body["values"] = values
        return body

    def update_values(self, text: str, values: list[list[Any]], option: str | None) -> dict[str, Any]:
        grid, area = self.locate(text)
        converted = [[with_format(value, date_pattern(grid.cell(area.first_row + r, area.first_col + c)))
                      for c, value in enumerate(row)] for r, row in enumerate(self._convert(values, option))]
        grid.write(area.first_row, area.first_col, converted)
        return {"spreadsheetId": self.id, **_updates(grid.title, area.first_row, area.first_col, values)}

    def append_values(self, text: str, values: list[list[Any]], option: str | None,
                      insert: str | None = None) -> dict[str, Any]:
        """values:append: below the table found at the range, or at the range when it starts blank."""
        grid, area = self.locate(text)
        converted = self._convert(values, option)
        table = table_at(grid.rows, area)
        top, left = (table.bottom + 1, table.left) if table else (area.first_row, area.first_col)
        if insert == "INSERT_ROWS":
            grid.insert_rows(top, len(converted))
        grid.write(top, left, converted)
        body: dict[str, Any] = {"spreadsheetId": self.id}
        if table:
            body["tableRange"] = label(grid.title, table)
        body["updates"] = {"spreadsheetId": self.id, **_updates(grid.title, top, left, values)}
        return body

    def clear_values(self, text: str) -> dict[str, Any]:
        grid, area = self.locate(text)
        box = grid.box(area)
        for row in grid.rows[box.top - 1:box.bottom]:
            for col in range(box.left, min(box.right, len(row)) + 1):
                row[col - 1] = None
        return {"spreadsheetId": self.id, "clearedRange": label(grid.title, box)}

    def _convert(self, values: list[list[Any]], option: str | None) -> list[list[Any]]:
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "Invalid valueInputOption: must be RAW or USER_ENTERED")
        if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
            raise ApiError(400, "Invalid values: expected a list of rows")
        if option == "RAW":
            return [list(row) for row in values]
        return [[user_entered(cell, self.locale) for cell in row] for row in values]


def _updates(title: str, top: int, left: int, values: list[list[Any]]) -> dict[str, Any]:
    width = max((len(row) for row in values), default=0)
    box = Box(top, left, top + max(len(values), 1) - 1, left + max(width, 1) - 1)
    return {"updatedRange": label(title, box), "updatedRows": len(values), "updatedColumns": width,
            "updatedCells": sum(len(row) for row in values)}


def apply_grid_request(sheet: Spreadsheet, name: str, args: dict[str, Any]) -> None:
    """batchUpdate requests that change a grid's rows: insertDimension, updateCells, deleteSheet."""
    if name == "deleteSheet":
        grid = sheet.by_id(args["sheetId"])
        del sheet.grids[grid.title]
        return
    if name == "insertDimension":
        span = args["range"]
        if span.get("dimension") != "ROWS":
            raise ApiError(400, "Only ROWS are supported by this fake")
        sheet.by_id(span["sheetId"]).insert_rows(span["startIndex"] + 1, span["endIndex"] - span["startIndex"])
        return
    start = args.get("start")
    if start is None or "fields" not in args:
        raise ApiError(400, "updateCells needs start and fields")
    grid = sheet.by_id(start["sheetId"])
    top, left = start.get("rowIndex", 0) + 1, start.get("columnIndex", 0) + 1
    try:
        values = [[from_cell_data(cell, args["fields"], grid.cell(top + r, left + c))
                   for c, cell in enumerate(row.get("values", []))] for r, row in enumerate(args.get("rows", []))]
    except ValueError:
        raise ApiError(400, f"Invalid requests[0].updateCells: Invalid field mask: {args['fields']}") from None
    grid.write(top, left, values)
