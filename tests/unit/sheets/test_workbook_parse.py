"""Raw tab values → typed records and located problems, without any backend."""

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sheets.schema import COMPLAINTS, MEASURES, SCORES, TABS
from sheets.workbook import parse_tab, parse_workbook

NOW = datetime(2026, 11, 23, 9, 0)


def test_columns_are_found_by_header_not_position() -> None:
    table = [
        ["หมายเหตุของแอดมิน", " คะแนน ", "เครื่องมือ", "ตัวชี้วัด", "ตัวชี้วัดที่", "ปีงบประมาณ"],
        ["", "๙๗.๕๐", "IIT", "การปฏิบัติหน้าที่", "๑", "๒๕๖๘"],
        [None, None, None, None, None, None],
        ["ดูอีกที", 80, "eit", "คุณภาพการดำเนินงาน", 6, 2568],
    ]
    records, problems = parse_tab(SCORES, table)
    assert problems == []
    assert [(r.row, r.fiscal_year, r.indicator_no, r.tool, r.score) for r in records] == [
        (2, 2568, 1, "IIT", 97.5), (4, 2568, 6, "EIT", 80.0)]


def test_every_problem_has_tab_row_and_column() -> None:
    table = [
        ["รหัส", "ปีงบประมาณ", "ตัวชี้วัดที่", "มาตรการ/กิจกรรม", "วันเริ่ม", "วันสิ้นสุด", "สถานะ"],
        ["M1", 2569, 11, "ทดสอบ", "1/10/2568", "31/02/2568", "เสร็จแล้ว"],
        ["M2", 2569, 9, "ทดสอบ", "1 ธ.ค. 2568", "1 ต.ค. 2568", "เสร็จสิ้น"],
    ]
    _, problems = parse_tab(MEASURES, table)
    located = {(p.tab, p.row, p.letter, p.column) for p in problems if p.row > 1}
    assert located == {
        ("มาตรการ", 2, "C", "ตัวชี้วัดที่"),
        ("มาตรการ", 2, "F", "วันสิ้นสุด"),
        ("มาตรการ", 2, "G", "สถานะ"),
        ("มาตรการ", 3, "F", "วันสิ้นสุด"),
    }
    text = [str(p) for p in problems]
    assert "แท็บ 'มาตรการ' แถว 3 คอลัมน์ F 'วันสิ้นสุด': วันสิ้นสุดอยู่ก่อนวันเริ่ม" in text


def test_a_renamed_required_header_is_reported_once_not_per_row() -> None:
    table = [["ปีงบประมาณ", "ตัวชี้วัดที่", "ผลคะแนน"], [2568, 1, 90], [2568, 2, 91]]
    records, problems = parse_tab(SCORES, table)
    assert records == []
    missing = [p for p in problems if p.column == "คะแนน"]
    assert len(missing) == 1 and missing[0].row == 1 and "ไม่พบหัวคอลัมน์" in missing[0].message


def test_missing_required_cell_drops_the_row_and_says_where() -> None:
    records, problems = parse_tab(SCORES, [list(SCORES.headers), [2568, 1, "x", "IIT", ""], [2568, 2, "", "", 70]])
    assert [r.indicator_no for r in records] == [2]
    assert [(p.row, p.letter, p.message) for p in problems] == [(2, "E", "ช่องนี้ต้องไม่ว่าง")]


def test_missing_tabs_are_problems_except_optional_ones() -> None:
    snapshot = parse_workbook({"คะแนน": [list(SCORES.headers)]}, NOW)
    missing = {p.tab for p in snapshot.problems}
    assert "มาตรการ" in missing and "ผลประเมิน" not in missing and "ข้อคำถาม" not in missing
    assert snapshot.scores == ()


def test_an_optional_column_may_be_absent_and_reads_as_empty() -> None:
    without = [h for h in COMPLAINTS.headers if h != "ความพึงพอใจ"]
    row = ["2570-0001", "20/11/2569 10:00", *[""] * (len(without) - 2)]
    records, problems = parse_tab(COMPLAINTS, [without, row])
    assert problems == [] and records[0].rating is None
    records, problems = parse_tab(COMPLAINTS, [[*without, "ความพึงพอใจ"], [*row, 5]])
    assert problems == [] and records[0].rating == "5"


def test_measure_record_is_typed() -> None:
    records, _ = parse_tab(MEASURES, [list(MEASURES.headers),
                                      ["M-01", "2569", "9", "เผยแพร่ข้อมูล", "", "กองคลัง", "1 ต.ค. 2568",
                                       45931 + 30, "กำลังดำเนินการ", "๕๐", "", "", ""]])
    (measure,) = records
    assert measure.start == date(2025, 10, 1) and measure.end == date(2025, 10, 31)
    assert measure.progress == 50.0 and measure.owner == "กองคลัง"


cell = st.one_of(st.none(), st.text(max_size=12), st.integers(-10**6, 10**6),
                 st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                 st.dates(), st.datetimes(), st.sampled_from(["๙๗.๕๐", "31/02/2568", "=1+1", "1 ต.ค. ๖๘"]))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TABS), st.lists(st.lists(cell, max_size=16), max_size=6), st.booleans())
def test_any_cells_give_records_or_problems_never_an_exception(tab, rows, with_header) -> None:  # type: ignore[no-untyped-def]
    table = ([list(tab.headers)] if with_header else []) + rows
    records, problems = parse_tab(tab, table)
    assert all(p.tab == tab.name for p in problems)
    assert len(records) <= max(len(table) - 1, 0)
