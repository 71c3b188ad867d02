"""Whatever an admin did to row 1 and column A, a record lands once, under the header, inside the table.

Each test runs on both backends: the .xlsx file and Google Sheets (the fake answers as the recorded
real API does, so an append that trusted Google's table detection would land above the header here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from common.thaitext import to_serial
from sheets.backend import PermanentError, WorkbookBackend
from sheets.flusher import Flusher
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS, MEASURES
from sheets.workbook import parse_workbook
from state.outbox import Outbox
from tests.fakes.sheets_api import FakeSheetsApi

Rows = list[list[Any]]
HEADER = list(COMPLAINTS.headers)


def record(case_no: str) -> list[Any]:
    return [case_no, "20/11/2569 10:00", "LINE", "อื่น ๆ", f"รายละเอียด {case_no}"] + [""] * 4 + ["รับเรื่อง"]


def new_row(case_no: str) -> dict[str, str]:
    return {"เลขที่เรื่อง": case_no, "วันที่รับ": "24/11/2569 06:30", "รายละเอียด": "เรื่องใหม่", "สถานะ": "รับเรื่อง",
            "กำหนดตอบ": "9/12/2569"}


def _table(backend: WorkbookBackend) -> list[list[Any]]:
    rows = [list(row) for row in backend.read_tables()[COMPLAINTS.name]]
    return [[None if cell == "" else cell for cell in row] for row in rows]


def _case_rows(backend: WorkbookBackend, case_no: str) -> list[int]:
    return [number for number, row in enumerate(_table(backend), start=1) if case_no in row]


def test_inserted_column_a_gets_each_record_once_below_the_header(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None]) -> None:
    put_rows(COMPLAINTS.name, [["", *HEADER], ["", *record("2570-0001")], ["", *record("2570-0002")]])
    backend.append(COMPLAINTS, [new_row("2570-0003")])
    table = _table(backend)
    assert table[0][1:len(HEADER) + 1] == HEADER
    assert _case_rows(backend, "2570-0003") == [4]
    assert table[3][1] == "2570-0003"
    snapshot = parse_workbook(backend.read_tables(), datetime(2026, 11, 24))
    assert [c.case_no for c in snapshot.complaints] == ["2570-0001", "2570-0002", "2570-0003"]
    assert snapshot.complaints[-1].received == datetime(2026, 11, 24, 6, 30)


def test_blank_a1_gets_each_record_once_below_the_header(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None]) -> None:
    put_rows(COMPLAINTS.name, [["", *HEADER[1:]], record("2570-0001")])
    backend.append(COMPLAINTS, [new_row("2570-0002")])
    table = _table(backend)
    assert table[0][1:len(HEADER)] == HEADER[1:]
    assert _case_rows(backend, "2570-0002") == [3]
    assert backend.existing_keys(COMPLAINTS) == {"2570-0002"}  # the key header is back, at the end


@pytest.mark.parametrize("below", [[[], ["หมายเหตุ: ข้อมูลถึง 30 ก.ย."]], [["หมายเหตุ: ข้อมูลถึง 30 ก.ย."]]],
                         ids=["after-a-blank-row", "right-under"])
def test_notes_under_the_table_stay_under_it(backend: WorkbookBackend, put_rows: Callable[[str, Rows], None],
                                             below: Rows) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001"), *below])
    backend.append(COMPLAINTS, [new_row("2570-0002"), new_row("2570-0003")])
    assert _case_rows(backend, "2570-0002") == [3] and _case_rows(backend, "2570-0003") == [4]
    note_rows = [n for n, row in enumerate(_table(backend), start=1) if "หมายเหตุ: ข้อมูลถึง 30 ก.ย." in row]
    assert note_rows and note_rows[0] > 4


def test_blank_rows_inside_the_table_are_kept_and_records_go_after_the_last(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None]) -> None:
    put_rows(COMPLAINTS.name, [HEADER, record("2570-0001"), [], record("2570-0002")])
    backend.append(COMPLAINTS, [new_row("2570-0003")])
    assert _case_rows(backend, "2570-0003") == [5]


def test_a_header_pushed_down_stops_writing_and_says_where(
        backend: WorkbookBackend, put_rows: Callable[[str, Rows], None]) -> None:
    put_rows(COMPLAINTS.name, [record("2570-0009"), HEADER, record("2570-0001")])
    with pytest.raises(PermanentError, match="แถว 2"):
        backend.append(COMPLAINTS, [new_row("2570-0002")])
    problems = parse_workbook(backend.read_tables(), datetime(2026, 11, 24)).problems
    damaged = [p for p in problems if p.tab == COMPLAINTS.name and "หัวตาราง" in p.message]
    assert damaged and damaged[0].row == 2, [str(p) for p in problems]


def test_a_cleared_header_cell_is_named_by_sheet_check(backend: WorkbookBackend,
                                                       put_rows: Callable[[str, Rows], None]) -> None:
    put_rows(COMPLAINTS.name, [["", *HEADER[1:]], record("2570-0001")])
    problems = parse_workbook(backend.read_tables(), datetime(2026, 11, 24)).problems
    missing = next(str(p) for p in problems if p.column == "เลขที่เรื่อง")
    assert "A1" in missing


def test_dates_we_write_are_date_cells(backend: WorkbookBackend, put_rows: Callable[[str, Rows], None],
                                       request: pytest.FixtureRequest) -> None:
    put_rows(COMPLAINTS.name, [HEADER])
    backend.append(COMPLAINTS, [new_row("2570-0001")])
    received, due = HEADER.index("วันที่รับ"), HEADER.index("กำหนดตอบ")
    if isinstance(backend, LocalWorkbook):
        row = openpyxl.load_workbook(backend.path)[COMPLAINTS.name][2]
        assert row[received].is_date and row[received].value == datetime(2026, 11, 24, 6, 30)
        assert "1070000" in row[received].number_format  # Buddhist-era years, like 24/11/2569
        assert row[due].is_date and row[due].value == datetime(2026, 12, 9)
    else:
        fake: FakeSheetsApi = request.getfixturevalue("sheets_fake")
        cell = fake.grid(COMPLAINTS.name).rows[1][received]
        assert cell.formatted() == "24/11/2569 06:30"  # the fake sheet is th_TH: kept as admins' typed dates
        serial = fake.spreadsheet.get_values(f"'{COMPLAINTS.name}'!B2", "UNFORMATTED_VALUE")["values"][0][0]
        assert serial == pytest.approx(to_serial(datetime(2569, 11, 24, 6, 30)))  # sorts and filters as a date
    complaint = parse_workbook(backend.read_tables(), datetime(2026, 11, 24)).complaints[0]
    assert (complaint.received, complaint.due) == (datetime(2026, 11, 24, 6, 30), date(2026, 12, 9))


def test_a_sheet_in_another_locale_gets_christian_era_dates(sheets_fake: FakeSheetsApi,
                                                           google_workbook: GoogleWorkbook) -> None:
    sheets_fake.spreadsheet.locale = "en_US"
    google_workbook.init_schema()
    google_workbook.append(COMPLAINTS, [new_row("2570-0001")])
    cell = sheets_fake.grid(COMPLAINTS.name).rows[1][HEADER.index("วันที่รับ")]
    assert cell.formatted() == "24/11/2026 06:30"
    complaint = parse_workbook(google_workbook.read_tables(), datetime(2026, 11, 24)).complaints[0]
    assert complaint.received == datetime(2026, 11, 24, 6, 30)


def test_a_lost_answer_on_an_edited_sheet_is_not_written_twice(
        sheets_fake: FakeSheetsApi, google_workbook: GoogleWorkbook, tmp_path: Path) -> None:
    google_workbook.init_schema()
    sheets_fake.seed(COMPLAINTS.name, [["", *HEADER], ["", *record("2570-0001")]])
    outbox = Outbox(tmp_path / "outbox.sqlite3", "k" * 32)
    now = datetime(2026, 11, 24, 6, 30)
    outbox.put_record(COMPLAINTS, new_row("2570-0002"), now)
    sheets_fake.faults.extend(["pass", "lost"])  # the tab is read, then the rows land and the answer is lost
    flusher = Flusher(outbox, google_workbook, lambda: now)
    assert flusher.flush_once().failed == 1
    report = flusher.drain(retry_now=True)
    assert (report.written, report.already_there) == (0, 1)
    cases = [row[1] for row in sheets_fake.grid(COMPLAINTS.name).rows if len(row) > 1]
    assert cases.count("2570-0002") == 1 and cases[0] == HEADER[0]


def test_an_unshared_sheet_says_whom_to_share_it_with(sheets_fake: FakeSheetsApi,
                                                      google_workbook: GoogleWorkbook) -> None:
    sheets_fake.shared = False
    with pytest.raises(PermanentError) as caught:
        google_workbook.read_tables()
    assert "แชร์" in str(caught.value) and "ita-bot@fake-project.iam.gserviceaccount.com" in str(caught.value)


def _thai_locale_measure(backend: WorkbookBackend, request: pytest.FixtureRequest) -> None:
    """1/10/2568 and 50% typed into a Thai-locale sheet: a date in the year 2568 CE and the fraction 0.5."""
    header = list(MEASURES.headers)
    start, progress = header.index("วันเริ่ม"), header.index("ความคืบหน้า (%)")
    if isinstance(backend, LocalWorkbook):
        book = openpyxl.load_workbook(backend.path)
        sheet = book[MEASURES.name]
        values: Sequence[Any] = ["M1", 2569, 1, "มาตรการ"]
        for col, value in enumerate(values, start=1):
            sheet.cell(row=2, column=col, value=value)
        sheet.cell(row=2, column=start + 1, value=datetime(2568, 10, 1)).number_format = "d/m/yyyy"
        sheet.cell(row=2, column=progress + 1, value=0.5).number_format = "0%"
        book.save(backend.path)
    else:
        fake: FakeSheetsApi = request.getfixturevalue("sheets_fake")
        row = ["M1", "2569", "1", "มาตรการ"] + [""] * (len(header) - 4)
        row[start], row[progress] = "1/10/2568", "50%"
        fake.spreadsheet.update_values(f"'{MEASURES.name}'!A2", [row], "USER_ENTERED")


def test_thai_locale_dates_and_percentages_read_right(backend: WorkbookBackend,
                                                      request: pytest.FixtureRequest) -> None:
    backend.init_schema()
    _thai_locale_measure(backend, request)
    snapshot = parse_workbook(backend.read_tables(), datetime(2026, 11, 24))
    assert [str(p) for p in snapshot.problems if p.tab == MEASURES.name] == []
    measure = snapshot.measures[0]
    assert (measure.start, measure.progress) == (date(2025, 10, 1), 50)


def test_values_append_would_have_put_the_record_above_the_header(sheets_fake: FakeSheetsApi) -> None:
    """Why the bot no longer appends: Google writes at A1 when A1 is blank, and the header moves down."""
    sheets_fake.seed(COMPLAINTS.name, [["", *HEADER], ["", *record("2570-0001")]])
    answer = sheets_fake.spreadsheet.append_values(f"'{COMPLAINTS.name}'!A1", [["", "2570-0002"]], "RAW",
                                                   "INSERT_ROWS")
    assert "tableRange" not in answer and answer["updates"]["updatedRange"].endswith("!A1:B1")
    assert sheets_fake.grid(COMPLAINTS.name).rows[1][1] == HEADER[0]
