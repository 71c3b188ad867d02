"""One contract, two backends: the local .xlsx and Google Sheets (through the HTTP fake)."""

from collections.abc import Callable
from datetime import datetime

import openpyxl

from sheets.backend import WorkbookBackend
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS, SCORES, STAFF, TABS
from sheets.workbook import parse_workbook
from tests.fakes.sheets_api import FakeSheetsApi
from tests.fakes.sheets_state import Formula

TRICKY_TEXT = ["0812345678", "๑๒๓", "2569-0001", '=IMPORTXML("http://x","//a")', "+66812345678", "@SUM(A1)",
               "-1", "ข้อความ\nสองบรรทัด"]


def complaint(case_no: str, details: str = "รายละเอียด") -> dict[str, str]:
    return {"เลขที่เรื่อง": case_no, "วันที่รับ": "23/11/2569 09:00", "รายละเอียด": details, "สถานะ": "รับเรื่อง"}


def test_init_creates_every_tab_with_headers(backend: WorkbookBackend) -> None:
    report = backend.init_schema()
    assert set(report.created_tabs) == {tab.name for tab in TABS}
    tables = backend.read_tables()
    for tab in TABS:
        assert list(tables[tab.name][0]) == list(tab.headers)
    assert parse_workbook(tables, datetime(2026, 11, 23)).problems == ()


def test_init_twice_keeps_data_and_changes_nothing(backend: WorkbookBackend) -> None:
    backend.init_schema()
    backend.append(COMPLAINTS, [complaint("2570-0001")])
    again = backend.init_schema()
    assert again.created_tabs == () and again.added_headers == ()
    assert backend.existing_keys(COMPLAINTS) == {"2570-0001"}


def test_values_are_never_mangled_on_the_way_in_or_out(backend: WorkbookBackend) -> None:
    backend.init_schema()
    backend.append(COMPLAINTS, [complaint(f"2570-{n:04d}", text) for n, text in enumerate(TRICKY_TEXT, 1)])
    snapshot = parse_workbook(backend.read_tables(), datetime(2026, 11, 23))
    assert [c.details for c in snapshot.complaints] == TRICKY_TEXT
    assert [c.case_no for c in snapshot.complaints] == [f"2570-{n:04d}" for n in range(1, len(TRICKY_TEXT) + 1)]


def test_rows_follow_the_sheet_column_order_and_restore_a_removed_header(
        backend: WorkbookBackend, set_header: Callable[[str, list[str]], None]) -> None:
    backend.init_schema()
    set_header(STAFF.name, ["สถานะ", "หมายเหตุของแอดมิน", "ชื่อ", "บทบาท"])
    backend.append(STAFF, [{"ชื่อ": "สมศรี", "บทบาท": "staff", "สถานะ": "รออนุมัติ",
                            "LINE userId": "U" + "ab" * 16}])
    table = backend.read_tables()[STAFF.name]
    header = list(table[0])
    assert header[:4] == ["สถานะ", "หมายเหตุของแอดมิน", "ชื่อ", "บทบาท"]
    row = dict(zip(header, table[1], strict=False))
    assert (row["ชื่อ"], row["สถานะ"], row["LINE userId"]) == ("สมศรี", "รออนุมัติ", "U" + "ab" * 16)
    assert row["หมายเหตุของแอดมิน"] in ("", None)


def test_a_snapshot_costs_one_read_request(backend: WorkbookBackend) -> None:
    backend.init_schema()
    backend.read_tables()
    backend.append(SCORES, [{"ปีงบประมาณ": 2568, "ตัวชี้วัดที่": 1, "คะแนน": 90}])
    before = backend.counters.reads
    backend.read_tables()
    assert backend.counters.reads == before + 1


def test_formula_text_is_stored_as_text_in_google(google_workbook: GoogleWorkbook,
                                                  sheets_fake: FakeSheetsApi) -> None:
    google_workbook.init_schema()
    google_workbook.append(COMPLAINTS, [complaint("2570-0001", '=IMPORTXML("http://x","//a")')])
    stored = sheets_fake.grid(COMPLAINTS.name).rows[1]
    assert not any(isinstance(cell, Formula) for cell in stored)
    assert '\'=IMPORTXML("http://x","//a")' in stored


def test_formula_text_is_stored_as_text_in_xlsx(local_workbook: LocalWorkbook) -> None:
    local_workbook.init_schema()
    local_workbook.append(COMPLAINTS, [complaint("2570-0001", "=1+1")])
    sheet = openpyxl.load_workbook(local_workbook.path)[COMPLAINTS.name]
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_user_entered_would_have_turned_text_into_formulas_and_numbers(sheets_fake: FakeSheetsApi) -> None:
    """The fake honours valueInputOption, so the RAW checks above can fail."""
    sheets_fake.spreadsheet.update_values("A1", [["=1+1", "0812345678", "'007"]], "USER_ENTERED")
    assert sheets_fake.grid("Sheet1").rows[0] == [Formula("=1+1"), 812345678, "007"]


def test_local_workbook_has_validation_and_frozen_header(local_workbook: LocalWorkbook) -> None:
    local_workbook.init_schema()
    book = openpyxl.load_workbook(local_workbook.path)
    assert set(book.sheetnames) == {tab.name for tab in TABS}
    sheet = book["มาตรการ"]
    assert sheet.freeze_panes == "A2"
    choices = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert any("กำลังดำเนินการ" in formula for formula in choices)


def test_google_sheet_gets_validation_and_frozen_header(google_workbook: GoogleWorkbook,
                                                        sheets_fake: FakeSheetsApi) -> None:
    google_workbook.init_schema()
    grid = sheets_fake.grid("เรื่องร้องเรียน")
    assert grid.frozen_rows == 1 and grid.bold_header
    assert grid.validations[COMPLAINTS.headers.index("สถานะ")][0] == "รับเรื่อง"
