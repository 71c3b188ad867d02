"""The Sheets fake keeps number formats as Google does: a write of a value alone leaves a date cell a date."""

from __future__ import annotations

from datetime import date

import pytest

from tests.fakes.sheets_cells import serial_of
from tests.fakes.sheets_state import ApiError, Dated, Spreadsheet, apply_grid_request

DAY = serial_of(date(2569, 12, 8))
"""8/12/2569 as a th_TH sheet keeps it typed (the year as written)."""


def sheet_with_a_date() -> Spreadsheet:
    sheet = Spreadsheet("s", "ITA")
    sheet.add_sheet("แท็บ").rows = [["วันที่"], [Dated(244_690, "dd-mm-yyyy")]]
    return sheet


def update(sheet: Spreadsheet, cell: dict[str, object], fields: str) -> None:
    apply_grid_request(sheet, "updateCells", {"start": {"sheetId": 1, "rowIndex": 1, "columnIndex": 0},
                                              "rows": [{"values": [cell]}], "fields": fields})


def test_a_value_without_its_format_keeps_the_cells_date_format() -> None:
    sheet = sheet_with_a_date()
    update(sheet, {"userEnteredValue": {"numberValue": DAY}}, "userEnteredValue")
    assert sheet.grids["แท็บ"].cell(2, 1) == Dated(DAY, "dd-mm-yyyy")
    assert sheet.get_values("แท็บ!A2", "FORMATTED_VALUE")["values"] == [["08-12-2569"]]


def test_a_format_named_in_the_mask_replaces_the_cells() -> None:
    sheet = sheet_with_a_date()
    update(sheet, {"userEnteredValue": {"numberValue": 4},
                   "userEnteredFormat": {"numberFormat": {"type": "NUMBER", "pattern": "0"}}},
           "userEnteredValue,userEnteredFormat.numberFormat")
    assert sheet.grids["แท็บ"].cell(2, 1) == 4


def test_a_format_left_out_of_the_mask_is_ignored() -> None:
    sheet = Spreadsheet("s", "ITA")
    sheet.add_sheet("แท็บ")
    update(sheet, {"userEnteredValue": {"numberValue": 46_000},
                   "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "d/m/yyyy"}}}, "userEnteredValue")
    assert sheet.grids["แท็บ"].cell(2, 1) == 46_000


def test_an_unknown_field_in_the_mask_is_refused() -> None:
    with pytest.raises(ApiError) as refused:
        update(sheet_with_a_date(), {"userEnteredValue": {"numberValue": 1}}, "userEnteredValue,numberFormat")
    assert refused.value.status == 400


@pytest.mark.parametrize("option", ["RAW", "USER_ENTERED"])
def test_a_number_written_through_values_into_a_date_cell_shows_as_a_date(option: str) -> None:
    sheet = sheet_with_a_date()
    sheet.update_values("แท็บ!A2", [[DAY]], option)
    assert sheet.get_values("แท็บ!A2", "UNFORMATTED_VALUE")["values"] == [[DAY]]
    assert sheet.get_values("แท็บ!A2", "FORMATTED_VALUE")["values"] == [["08-12-2569"]]


def test_raw_text_stays_text() -> None:
    sheet = sheet_with_a_date()
    sheet.update_values("แท็บ!A2", [["08/12/2569"]], "RAW")
    assert sheet.get_values("แท็บ!A2", "UNFORMATTED_VALUE")["values"] == [["08/12/2569"]]
