"""What a Thai-locale sheet keeps for dates and percentages admins type, read as they typed it."""

from __future__ import annotations

from datetime import datetime

import pytest

from common.thaitext import from_serial, to_serial
from sheets.cells import parse_cell
from sheets.schema import MEASURES


def test_a_buddhist_era_year_kept_as_christian_era_reads_as_typed() -> None:
    """A Thai-locale sheet keeps 1/10/2568 as the year 2568 CE: serial 244,258, not 45,931."""
    assert from_serial(244258) == datetime(2025, 10, 1)
    assert from_serial(to_serial(datetime(2026, 11, 24, 6, 30))) == datetime(2026, 11, 24, 6, 30)
    start = MEASURES.column("start")
    assert parse_cell(start, datetime(2568, 10, 1)) == datetime(2025, 10, 1).date()
    assert parse_cell(start, 244258) == datetime(2025, 10, 1).date()


@pytest.mark.parametrize(("cell", "expected"), [(0.5, 50), ("50%", 50), (50, 50), ("๕๐", 50), (0.255, 25.5)])
def test_a_percentage_reads_the_same_however_the_sheet_keeps_it(cell: object, expected: float) -> None:
    assert parse_cell(MEASURES.column("progress"), cell) == expected  # type: ignore[arg-type]
