"""One clock in the office's zone, whatever the host's TZ (the suite runs with TZ=UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.jobs import next_runs
from common.clock import office_clock, office_zone
from common.config import Config, ConfigError

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
