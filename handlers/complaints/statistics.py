"""Counts of complaints for officers, jobs and documents: by status, overdue, the mean rating; never an identity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from handlers.complaints.desk import CLOSED, WITHDRAWN
from sheets import records as r
from sheets.schema import COMPLAINT_STATUSES, SATISFACTION

FINISHED = tuple(status for status in CLOSED if status != WITHDRAWN)
"""What the office finished (ยุติเรื่อง, ไม่รับพิจารณา): a withdrawn case is counted apart, never as finished."""


@dataclass(frozen=True)
class Tally:
    """The OIT's figures for some cases: received = finished + in progress + withdrawn.

    A case its complainant withdrew was neither handled to its end by the office nor is it still being handled,
    so it is its own figure (ถอนเรื่อง): counting it as finished would make the office look faster than it is."""

    received: int = 0
    finished: int = 0
    withdrawn: int = 0

    @property
    def in_progress(self) -> int:
        return self.received - self.finished - self.withdrawn

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.received + other.received, self.finished + other.finished,
                     self.withdrawn + other.withdrawn)


def case_tally(complaints: Iterable[r.Complaint]) -> Tally:
    statuses = [c.status for c in complaints]
    return Tally(len(statuses), sum(s in FINISHED for s in statuses), sum(s == WITHDRAWN for s in statuses))


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
