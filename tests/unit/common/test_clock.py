"""One clock in the office's zone, whatever the host's TZ (the suite runs with TZ=UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.jobs import next_runs
from common.clock import office_clock, office_zone
from common.config import Config, ConfigError
from common.thaitext import from_serial, to_serial
from sheets.cells import parse_cell
from sheets.schema import MEASURES

LATE_EVENING_UTC = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)


def test_the_office_clock_turns_2330_utc_into_0630_bangkok_the_next_day() -> None:
    assert office_clock(office_zone(), lambda: LATE_EVENING_UTC)() == datetime(2026, 11, 24, 6, 30)


def test_the_real_clock_is_bangkok_time_on_a_utc_host() -> None:
    now = office_clock(office_zone())()
    assert now.tzinfo is None
    assert abs((now - datetime.now()).total_seconds() - 7 * 3600) < 60  # datetime.now() is UTC here


def test_another_office_zone_is_one_setting_away() -> None:
    config = Config.from_env({"ITA_TIMEZONE": "Asia/Tokyo"})
    assert office_clock(config.zone, lambda: LATE_EVENING_UTC)() == datetime(2026, 11, 24, 8, 30)
    assert Config.from_env({}).timezone == "Asia/Bangkok"


def test_an_unknown_zone_is_refused_in_thai() -> None:
    with pytest.raises(ConfigError, match="ITA_TIMEZONE"):
        Config.from_env({"ITA_TIMEZONE": "Bangkok"})


def test_jobs_are_scheduled_in_bangkok_time() -> None:
    upcoming = next_runs(LATE_EVENING_UTC, office_zone())
    assert all(str(moment.tzinfo) == "Asia/Bangkok" for moment in upcoming.values())
    assert all(moment >= LATE_EVENING_UTC for moment in upcoming.values())
    assert upcoming["complaint-deadlines"].replace(tzinfo=None) == datetime(2026, 11, 24, 8, 0)


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
