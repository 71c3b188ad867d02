"""Counts of complaints for officers, jobs and documents: by status, overdue, the mean rating; never an identity."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from handlers.complaints.desk import CLOSED
from sheets import records as r
from sheets.schema import COMPLAINT_STATUSES, SATISFACTION


def complaint_counts(complaints: Sequence[r.Complaint], today: date) -> tuple[dict[str, int], list[r.Complaint]]:
    """Counts by status in the order a case moves (รับเรื่อง → … → ยุติเรื่อง / ไม่รับพิจารณา, then any other),
    and the overdue open cases (for officers; no identity in either)."""
    counts: dict[str, int] = {status: 0 for status in COMPLAINT_STATUSES}
    for complaint in complaints:
        counts[complaint.status or "ไม่ระบุ"] = counts.get(complaint.status or "ไม่ระบุ", 0) + 1
    counts = {status: count for status, count in counts.items() if count}
    overdue = sorted((c for c in complaints if c.status not in CLOSED and c.due and c.due < today),
                     key=lambda c: c.due or today)
    return counts, overdue


def average_rating(complaints: Sequence[r.Complaint]) -> tuple[float, int] | None:
    """Mean ความพึงพอใจ of the rated cases and how many they are; None when none is rated."""
    scores = [int(c.rating) for c in complaints if c.rating in SATISFACTION and c.rating]
    return (sum(scores) / len(scores), len(scores)) if scores else None
