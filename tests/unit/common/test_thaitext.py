from datetime import date, datetime

import pytest

from common.thaitext import (
    DateParseError,
    fiscal_year_bounds,
    fiscal_year_of,
    format_sheet_date,
    format_thai_date,
    normalize_input,
    parse_thai_datetime,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("1/10/2568", datetime(2025, 10, 1)),
    ("01/10/68", datetime(2025, 10, 1)),
    ("1-10-2025", datetime(2025, 10, 1)),
    ("1 ต.ค. 2568", datetime(2025, 10, 1)),
    ("๑ ต.ค. ๖๘", datetime(2025, 10, 1)),
    ("1ต.ค.68", datetime(2025, 10, 1)),
    ("1 ตุลาคม พ.ศ. 2568", datetime(2025, 10, 1)),
    ("วันที่ 15 มีนาคม 2569", datetime(2026, 3, 15)),
    ("2025-10-01", datetime(2025, 10, 1)),
    ("2568-10-01", datetime(2025, 10, 1)),
    ("2025-10-01T14:30:00", datetime(2025, 10, 1, 14, 30)),
    ("23/11/2569 15:04", datetime(2026, 11, 23, 15, 4)),
    ("๒๓/๑๑/๒๕๖๙ เวลา ๐๙.๓๐ น.", datetime(2026, 11, 23, 9, 30)),
])
def test_dates_as_thai_offices_write_them(text: str, expected: datetime) -> None:
    assert parse_thai_datetime(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("31/02/2568", "ไม่มีวันที่นี้ในปฏิทิน"),
    ("1 ตค 2568x", "อ่านวันที่ไม่ได้"),
    ("1 ตุลา 2568", "ไม่รู้จักชื่อเดือน"),
    ("พรุ่งนี้", "อ่านวันที่ไม่ได้"),
])
def test_bad_dates_say_why_in_thai(text: str, reason: str) -> None:
    with pytest.raises(DateParseError) as error:
        parse_thai_datetime(text)
    assert reason in error.value.reason


@pytest.mark.parametrize(("day", "year"), [
    (date(2025, 9, 30), 2568), (date(2025, 10, 1), 2569), (date(2026, 9, 30), 2569), (date(2026, 11, 23), 2570),
])
def test_fiscal_year_runs_october_to_september(day: date, year: int) -> None:
    assert fiscal_year_of(day) == year


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))


def test_formats_buddhist_era_dates() -> None:
    assert format_thai_date(date(2025, 10, 1)) == "1 ต.ค. 2568"
    assert format_thai_date(date(2025, 10, 1), thai_digits=True, short_year=True) == "๑ ต.ค. ๖๘"
    assert format_sheet_date(datetime(2026, 11, 23, 15, 4)) == "23/11/2569 15:04"
    assert parse_thai_datetime(format_sheet_date(datetime(2026, 11, 23, 15, 4))) == datetime(2026, 11, 23, 15, 4)


def test_normalize_input_folds_full_width_and_thai_digits() -> None:
    assert normalize_input("  คะแนน　　๒๕๖๘ ") == "คะแนน 2568"
    assert normalize_input("ＩＴＡ") == "ITA"
