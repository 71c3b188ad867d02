"""A workbook made before ถอนเรื่อง joined the complaint statuses: its สถานะ dropdown lacks it. ``list_rules`` finds
the outdated list on both backends, ``init_schema`` replaces it with today's (keeping every record and an office's
own extra words out of our business), and the Google requests are the ones the discovery document allows."""

from __future__ import annotations

from collections.abc import Callable

import openpyxl
import pytest

from sheets.backend import WorkbookBackend
from sheets.cells import CellValue
from sheets.dropdowns import outdated
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINT_STATUSES, COMPLAINTS, MEASURE_STATUSES, MEASURES
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.sheets_rules import set_data_validation
from tests.fakes.sheets_state import ApiError

OLD_STATUSES = COMPLAINT_STATUSES[:-1]
"""The list a workbook got from `sheet init` before the withdrawal (no ถอนเรื่อง)."""
STATUS = COMPLAINTS.headers.index("สถานะ")
RECORD = {"เลขที่เรื่อง": "2570-0001", "วันที่รับ": "23/11/2569 09:00", "สถานะ": "รับเรื่อง"}


@pytest.fixture
def make_old(request: pytest.FixtureRequest, backend: WorkbookBackend) -> Callable[[str, int, tuple[str, ...]], None]:
    """Give a column the dropdown an older version of the bot set, in whichever backend is under test."""

    def in_xlsx(tab: str, index: int, choices: tuple[str, ...]) -> None:
        assert isinstance(backend, LocalWorkbook)
        book = openpyxl.load_workbook(backend.path)
        letter = openpyxl.utils.get_column_letter(index + 1)
        (rule,) = [dv for dv in book[tab].data_validations.dataValidation if f"{letter}2" in str(dv.sqref)]
        rule.formula1 = '"' + ",".join(choices) + '"'
        book.save(backend.path)

    def in_google(tab: str, index: int, choices: tuple[str, ...]) -> None:
        fake: FakeSheetsApi = request.getfixturevalue("sheets_fake")
        rule = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": c} for c in choices]},
                "strict": True, "showCustomUi": True}
        set_data_validation(fake.spreadsheet, {"range": {"sheetId": fake.grid(tab).sheet_id, "startRowIndex": 1,
                                                         "startColumnIndex": index, "endColumnIndex": index + 1},
                                               "rule": rule})

    backend.init_schema()
    return in_xlsx if isinstance(backend, LocalWorkbook) else in_google


def headers(backend: WorkbookBackend) -> dict[str, list[CellValue]]:
    return {name: list(table[0]) for name, table in backend.read_tables().items() if table}


def test_an_outdated_status_dropdown_is_found_and_replaced_keeping_the_records(
        backend: WorkbookBackend, make_old: Callable[[str, int, tuple[str, ...]], None]) -> None:
    backend.append(COMPLAINTS, [RECORD])
    make_old(COMPLAINTS.name, STATUS, OLD_STATUSES)
    assert backend.list_rules()[COMPLAINTS.name][STATUS] == OLD_STATUSES
    (old,) = outdated(headers(backend), backend.list_rules())
    assert (old.tab, old.header, old.letter, old.missing) == ("เรื่องร้องเรียน", "สถานะ", "J", ("ถอนเรื่อง",))

    report = backend.init_schema()
    assert report.lines() == ["ปรับรายการตัวเลือก เรื่องร้องเรียน: สถานะ (คอลัมน์ J) เพิ่ม ถอนเรื่อง"]
    assert backend.list_rules()[COMPLAINTS.name][STATUS] == COMPLAINT_STATUSES
    assert outdated(headers(backend), backend.list_rules()) == []
    assert backend.read_tables()[COMPLAINTS.name][1][:3][0] == "2570-0001", "the records are kept"
    assert backend.init_schema().lines() == ["สมุดงานมีครบทุกแท็บและหัวคอลัมน์แล้ว ไม่ได้แก้ไขอะไร"]


@pytest.mark.parametrize(("choices", "flagged"), [
    (MEASURE_STATUSES, False),  # today's list
    ((*MEASURE_STATUSES, "ระงับไว้ก่อน"), False),  # the office's own extra word: every choice is still there
    (MEASURE_STATUSES[:2], True),
])
def test_every_column_with_choices_is_checked(backend: WorkbookBackend,
                                             make_old: Callable[[str, int, tuple[str, ...]], None],
                                             choices: tuple[str, ...], flagged: bool) -> None:
    index = MEASURES.headers.index("สถานะ")
    make_old(MEASURES.name, index, choices)
    found = outdated(headers(backend), backend.list_rules())
    assert [(o.tab, o.index) for o in found] == ([(MEASURES.name, index)] if flagged else [])


def test_a_fresh_workbook_has_no_outdated_dropdown(backend: WorkbookBackend) -> None:
    backend.init_schema()
    rules = backend.list_rules()
    assert rules[COMPLAINTS.name][STATUS] == COMPLAINT_STATUSES
    assert outdated(headers(backend), rules) == []


def test_google_reads_the_rules_in_one_request_and_replaces_them_in_the_init_batch(
        google_workbook: GoogleWorkbook, sheets_fake: FakeSheetsApi) -> None:
    google_workbook.init_schema()
    before = sheets_fake.calls.copy()
    google_workbook.list_rules()
    assert sheets_fake.calls - before == {"metadata": 1}
    before = sheets_fake.calls.copy()
    google_workbook.init_schema()
    assert (sheets_fake.calls - before)["batchUpdate"] == 1, "the dropdowns are set in the layout batch"


@pytest.mark.parametrize(("request_", "refused"), [
    ({"setDataValidation": {"range": {"sheetId": 0, "startColumnIndex": 1}, "rule": {"condition": {
        "type": "ONE_OF_LIST", "values": [{"userEnteredValue": "ก"}]}, "strict": True, "showCustomUi": True}}}, ""),
    ({"setDataValidation": {"range": {"sheetId": 0}, "rule": {"condition": {
        "type": "ONE_OF_LIST", "values": [{"value": "ก"}]}}}}, 'Unknown name "value"'),
    ({"setDataValidation": {"range": {"sheetId": 0}, "rule": {"condition": {
        "type": "LIST", "values": [{"userEnteredValue": "ก"}]}}}}, '"LIST"'),
    ({"setDataValidation": {"range": {"sheetId": 0}, "rule": {"condition": {"type": "ONE_OF_LIST", "values": []},
                                                              "strict": "yes"}}}, "boolean"),
    ({"setDataValidation": {"range": {"sheetId": 0}, "rule": {"condition": {"type": "ONE_OF_LIST"}}}},
     "at least one condition value"),
    ({"setDataValidation": {"range": {"sheetId": 0}}, "repeatCell": {}}, "exactly one kind"),
    ({"setValidation": {}}, 'Unknown name "setValidation"'),
])
def test_the_fake_takes_what_the_discovery_document_allows_and_refuses_the_rest(
        sheets_fake: FakeSheetsApi, request_: dict[str, object], refused: str) -> None:
    try:
        sheets_fake._batch_update(sheets_fake.spreadsheet, {"requests": [request_]})
    except ApiError as error:
        assert refused and refused in str(error.body()), error.body()
        assert error.status == 400
    else:
        assert not refused, "Google refuses this request"


def test_the_fake_refuses_an_unknown_query_parameter_of_spreadsheets_get(sheets_fake: FakeSheetsApi) -> None:
    with pytest.raises(ApiError, match="Unknown name"):
        sheets_fake._metadata(sheets_fake.spreadsheet, {"includeGridData": ["false"], "range": ["A1"]})
