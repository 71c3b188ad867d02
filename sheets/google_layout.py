"""The batchUpdate requests that give a Google Sheet our layout: frozen bold header, dropdowns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from common.thaitext import normalize_header
from sheets.schema import TABS


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


def _dropdown(sheet_id: int, index: int, choices: Sequence[str]) -> dict[str, Any]:
    return {"setDataValidation": {
        "range": {"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": index,
                  "endColumnIndex": index + 1},
        "rule": {"condition": {"type": "ONE_OF_LIST",
                               "values": [{"userEnteredValue": choice} for choice in choices]},
                 "strict": True, "showCustomUi": True}}}
