"""Dropdowns in the Sheets fake: setDataValidation as Google applies it, and the cells' ``dataValidation`` that
spreadsheets.get returns for a range (GridData), the way a reader of the rules sees them.

The fake keeps one rule per column, from the request's first row down (what a dropdown on a column is); a rule
set again on the column replaces the old one, a request without a rule clears it, as Google's does.
"""

from __future__ import annotations

from typing import Any

from tests.fakes.sheets_state import ApiError, Grid, Spreadsheet
from tests.fakes.sheets_tables import Box


def set_data_validation(sheet: Spreadsheet, args: dict[str, Any]) -> None:
    span = args.get("range") or {}
    grid = sheet.by_id(span.get("sheetId", 0))
    first, last = span.get("startColumnIndex", 0), span.get("endColumnIndex", grid.col_count)
    if not 0 <= first < last <= grid.col_count:
        raise ApiError(400, "Invalid requests[0].setDataValidation: the range is outside the grid")
    rule = args.get("rule")
    condition = (rule or {}).get("condition") or {}
    values = [v.get("userEnteredValue", "") for v in condition.get("values", [])]
    if rule and condition.get("type") == "ONE_OF_LIST" and not values:
        raise ApiError(400, "Invalid requests[0].setDataValidation: ONE_OF_LIST condition requires at least one "
                            "condition value.")
    for column in range(first, last):
        grid.rules.pop(column, None)
        grid.validations.pop(column, None)
        if rule:
            grid.rules[column] = (span.get("startRowIndex", 0), rule)
            if condition.get("type") == "ONE_OF_LIST":
                grid.validations[column] = values


def grid_data(grid: Grid, box: Box) -> dict[str, Any]:
    """One range's GridData holding only the cells' ``dataValidation`` (trailing empty cells and rows left out,
    zero offsets omitted, as Google's JSON does)."""
    rows = []
    for row in range(box.top - 1, box.bottom):
        values = [{"dataValidation": grid.rules[column][1]} if column in grid.rules and grid.rules[column][0] <= row
                  else {} for column in range(box.left - 1, box.right)]
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
    while rows and not rows[-1]:
        rows.pop()
    data: dict[str, Any] = {"rowData": rows} if rows else {}
    if box.top > 1:
        data["startRow"] = box.top - 1
    if box.left > 1:
        data["startColumn"] = box.left - 1
    return data
