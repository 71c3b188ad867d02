"""The batchUpdate requests that give a Google Sheet our layout (frozen bold header, dropdowns), that put
new records in it (rows inserted under the last record, dates as real date cells) and that change cells
of existing rows (typed, each cell's own number format kept)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from common.thaitext import normalize_header, to_be_as_ce, to_serial
from sheets.cells import CellValue
from sheets.schema import TABS

if TYPE_CHECKING:
    from sheets.row_update import CellWrite

LIST_RULE_FIELDS = "sheets(properties(title),data(startColumn,rowData(values(dataValidation))))"
"""spreadsheets.get's field mask that returns only the dropdown rules of the ranges asked for."""
DATE_PATTERN = "d/m/yyyy"
DATE_TIME_PATTERN = "d/m/yyyy hh:mm"
WRITTEN_FIELDS = "userEnteredValue,userEnteredFormat.numberFormat"
VALUE_ONLY = "userEnteredValue"


def format_requests(sheet_ids: Mapping[str, int], headers: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    requests: list[dict[str, Any]] = []
    for tab in TABS:
        sheet_id = sheet_ids.get(tab.name)
        if sheet_id is None:
            continue
        requests.append({"updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": 1}},
            "fields": "gridProperties.frozenRowCount"}})
        requests.append({"repeatCell": {
            "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1},
            "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
            "fields": "userEnteredFormat.textFormat.bold"}})
        names = [normalize_header(str(cell)) for cell in headers.get(tab.name, [])]
        for column in tab.columns:
            if column.choices and normalize_header(column.header) in names:
                index = names.index(normalize_header(column.header))
                requests.append(_dropdown(sheet_id, index, column.choices))
    return requests


def list_rules_of(metadata: Mapping[str, Any]) -> dict[str, dict[int, tuple[str, ...]]]:
    """Tab → 0-based column → the list of the dropdown of each cell asked for (``LIST_RULE_FIELDS``, row 2 of
    each tab); a rule that is not a list of values is left out."""
    rules: dict[str, dict[int, tuple[str, ...]]] = {}
    for sheet in metadata.get("sheets", []):
        found = rules.setdefault(sheet.get("properties", {}).get("title", ""), {})
        for data in sheet.get("data", []):
            start = data.get("startColumn", 0)
            for row in data.get("rowData", [])[:1]:
                for offset, cell in enumerate(row.get("values", [])):
                    condition = cell.get("dataValidation", {}).get("condition", {})
                    if condition.get("type") == "ONE_OF_LIST":
                        found[start + offset] = tuple(str(v.get("userEnteredValue", ""))
                                                      for v in condition.get("values", []))
    return rules


def _dropdown(sheet_id: int, index: int, choices: Sequence[str]) -> dict[str, Any]:
    return {"setDataValidation": {
        "range": {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": index,
                  "endColumnIndex": index + 1},
        "rule": {"condition": {"type": "ONE_OF_LIST",
                               "values": [{"userEnteredValue": choice} for choice in choices]},
                 "strict": True, "showCustomUi": True}}}


def insert_rows_requests(sheet_id: int, after_row: int, rows: Sequence[Sequence[CellValue]], *,
                         buddhist_years: bool = False) -> list[dict[str, Any]]:
    """New rows right under row ``after_row`` (1-based), in one atomic batchUpdate: what was below moves down.

    ``buddhist_years``: the sheet is in the th_TH locale, where what admins type as 24/11/2569 is kept as
    the year 2569 of the Christian calendar; dates we write are kept the same way, so they show, sort and
    filter like the admins' own (the reader takes such years back, ``common.thaitext.from_serial``).
    """
    span = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": after_row, "endIndex": after_row + len(rows)}
    return [{"insertDimension": {"range": span, "inheritFromBefore": after_row > 1}},
            {"updateCells": {"start": {"sheetId": sheet_id, "rowIndex": after_row, "columnIndex": 0},
                             "rows": [{"values": [cell_data(cell, buddhist_years) for cell in row]} for row in rows],
                             "fields": WRITTEN_FIELDS}}]


def cell_data(value: CellValue, buddhist_years: bool = False) -> dict[str, Any]:
    """One cell as typed data: text stays text (never a formula), dates become date cells."""
    if value is None or value == "":
        return {}
    if isinstance(value, date):
        kind, pattern = ("DATE_TIME", DATE_TIME_PATTERN) if isinstance(value, datetime) else ("DATE", DATE_PATTERN)
        shown = to_be_as_ce(value) if buddhist_years else value
        return {"userEnteredValue": {"numberValue": to_serial(shown)},
                "userEnteredFormat": {"numberFormat": {"type": kind, "pattern": pattern}}}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": value}}


def update_cells_requests(sheet_id: int, writes: Sequence[CellWrite], *,
                          buddhist_years: bool = False) -> list[dict[str, Any]]:
    """One updateCells per changed cell, all in one batchUpdate (atomic, one write request).

    Not values.batchUpdate: RAW would keep a date as a bare serial in a cell with no date format (46364
    where 8/12/2569 belongs), USER_ENTERED would parse people's text. Only the value is replaced, so
    a cell's own number format (the admins' date pattern, a percentage) stays; a date going into a cell
    that held no date or number gets our date format, as a new record's does."""
    requests = []
    for write in writes:
        dated = isinstance(write.value, date) and not write.typed_before
        requests.append({"updateCells": {
            "start": {"sheetId": sheet_id, "rowIndex": write.row - 1, "columnIndex": write.column - 1},
            "rows": [{"values": [cell_data(write.value, buddhist_years)]}],
            "fields": WRITTEN_FIELDS if dated else VALUE_ONLY}})
    return requests
