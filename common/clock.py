"""One clock in the office's time zone (ITA_TIMEZONE, default Asia/Bangkok), whatever the host's TZ.

Everything the bot stores, shows, schedules and compares is the office's wall-clock time, kept as a
naive datetime: a Docker image or a cloud server runs in UTC, and an office in Thailand files its
complaints, deadlines and reports in Bangkok time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Bangkok"
Clock = Callable[[], datetime]


def office_zone(name: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """The zone named by ITA_TIMEZONE; ValueError (Thai) for a name the tz database does not know."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"ไม่รู้จักเขตเวลา '{name}' (ใช้ชื่อแบบ Asia/Bangkok)") from None


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_office(moment: datetime, zone: ZoneInfo) -> datetime:
    """An instant as the office's wall-clock time; a naive time is taken as already the office's."""
    return moment if moment.tzinfo is None else moment.astimezone(zone).replace(tzinfo=None)


def office_clock(zone: ZoneInfo, source: Clock = utc_now) -> Clock:
    """The office's wall-clock now, from ``source`` (the real UTC time, or a test's clock)."""

    def now() -> datetime:
        return to_office(source(), zone)

    return now
