from datetime import date, datetime

import pytest

from sheets.cells import CellError, cell_text, parse_cell, safe_text
from sheets.schema import COMPLAINTS, MEASURES, OIT, RULES, SCORES, STAFF


def col(tab, field):  # type: ignore[no-untyped-def]
    return tab.column(field)


@pytest.mark.parametrize(("value", "expected"), [
    ("๙๗.๕๐", 97.5), ("97.50", 97.5), (97.5, 97.5), (100, 100.0), ("0", 0.0), (" 85 ", 85.0),
])
def test_scores_accept_thai_and_arabic_digits(value: object, expected: float) -> None:
    assert parse_cell(col(SCORES, "score"), value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "reason"), [
    (105, "ระหว่าง 0 ถึง 100"), ("-1", "ระหว่าง 0 ถึง 100"), ("เก้าสิบ", "ต้องเป็นตัวเลข"), (True, "ต้องเป็นตัวเลข"),
])
def test_bad_scores_are_explained(value: object, reason: str) -> None:
    with pytest.raises(CellError) as error:
        parse_cell(col(SCORES, "score"), value)  # type: ignore[arg-type]
    assert reason in error.value.reason


@pytest.mark.parametrize("typed", ["0812345678", "๑๒๓", "2569-0001", "+66812345678", "  ", "ก.ค."])
def test_text_comes_back_exactly_as_typed(typed: str) -> None:
    assert parse_cell(col(COMPLAINTS, "details"), typed) == typed.strip()


def test_our_formula_guard_is_undone_on_read() -> None:
    for text in ['=IMPORTXML("http://x","//a")', "+66812345678", "@SUM(A1)", "-5", "\tx"]:
        stored = safe_text(text)
        assert stored == "'" + text
        assert cell_text(stored) == text
    assert safe_text("ปกติ") == "ปกติ"
    assert cell_text("'ไม่ใช่สูตร") == "'ไม่ใช่สูตร"


@pytest.mark.parametrize("text", ["＝HYPERLINK(\"http://x\")", "＋66812345678", "－5", "＠SUM(A1)", "\u22125+1",
                                  "\ufe66A1"])
def test_full_width_and_minus_sign_formulas_are_guarded(text: str) -> None:
    assert safe_text(text) == "'" + text and cell_text(safe_text(text)) == text


@pytest.mark.parametrize(("value", "expected"), [
    ("1/10/2568", date(2025, 10, 1)), ("1 ต.ค. 2568", date(2025, 10, 1)), ("๑ ต.ค. ๖๘", date(2025, 10, 1)),
    (45931, date(2025, 10, 1)), ("45931", date(2025, 10, 1)), (datetime(2025, 10, 1, 8), date(2025, 10, 1)),
    (date(2025, 10, 1), date(2025, 10, 1)),
])
def test_dates_in_every_form_admins_use(value: object, expected: date) -> None:
    assert parse_cell(col(MEASURES, "end"), value) == expected  # type: ignore[arg-type]


def test_impossible_date_is_a_problem() -> None:
    with pytest.raises(CellError, match="ไม่มีวันที่นี้"):
        parse_cell(col(MEASURES, "end"), "31/02/2568")


@pytest.mark.parametrize(("value", "expected"), [("2568", 2568), ("๒๕๖๘", 2568), (2025, 2568), ("ปี 2569", 2569)])
def test_fiscal_years_are_buddhist_era(value: object, expected: int) -> None:
    assert parse_cell(col(SCORES, "fiscal_year"), value) == expected  # type: ignore[arg-type]


def test_enum_accepts_only_the_vocabulary() -> None:
    assert parse_cell(col(MEASURES, "status"), " เสร็จสิ้น ") == "เสร็จสิ้น"
    with pytest.raises(CellError, match="ไม่อยู่ในตัวเลือก"):
        parse_cell(col(MEASURES, "status"), "เสร็จแล้ว")


def test_weights_accept_fractions_and_percentages() -> None:
    assert parse_cell(col(RULES, "weight_oit"), "0.4") == pytest.approx(0.4)
    assert parse_cell(col(RULES, "weight_oit"), "40%") == pytest.approx(0.4)
    assert parse_cell(col(RULES, "weight_oit"), 30) == pytest.approx(0.3)


def test_links_and_user_ids_are_checked() -> None:
    assert parse_cell(col(OIT, "link"), "https://example.go.th/a") == "https://example.go.th/a"
    with pytest.raises(CellError, match="http"):
        parse_cell(col(OIT, "link"), "www.example.go.th")
    good = "U" + "0123456789abcdef" * 2
    assert parse_cell(col(STAFF, "line_user_id"), good) == good
    with pytest.raises(CellError, match="LINE userId"):
        parse_cell(col(STAFF, "line_user_id"), "U123")
