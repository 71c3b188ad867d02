"""Measures nobody has updated for a month: what the weekly digest and the มาตรการ card count, by unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from sheets.records import Measure

STALE_DAYS = 30
CLOSED = ("เสร็จสิ้น", "ยกเลิก")


def is_stale(measure: Measure, today: date) -> bool:
    """Still open and อัปเดตล่าสุด blank or at least STALE_DAYS days ago."""
    if measure.status in CLOSED:
        return False
    return measure.updated is None or measure.updated <= today - timedelta(days=STALE_DAYS)


def stale_by_unit(measures: Sequence[Measure], today: date) -> dict[str, list[str]]:
    """Unit (ไม่ระบุ when blank) → the codes of its stale measures, units in Thai order."""
    units: dict[str, list[str]] = defaultdict(list)
    for measure in measures:
        if is_stale(measure, today):
            units[measure.owner or "ไม่ระบุ"].append(measure.code)
    return dict(sorted(units.items()))
