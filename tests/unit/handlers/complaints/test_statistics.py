"""The OIT figures of a set of cases: a withdrawn case is its own figure, never finished nor in progress."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from handlers.complaints.statistics import FINISHED, Tally, case_tally
from sheets.records import Complaint
from tests.unit.handlers.casework.test_casework_dialogues import case


def cases(*statuses: str | None) -> list[Complaint]:
    return [replace(case(n + 1, status="รับเรื่อง"), status=status, received=datetime(2026, 10, 5, 9))
            for n, status in enumerate(statuses)]


@pytest.mark.parametrize(("statuses", "received", "finished", "in_progress", "withdrawn"), [
    ((), 0, 0, 0, 0),
    (("รับเรื่อง", "กำลังตรวจสอบ", "ส่งต่อหน่วยงาน"), 3, 0, 3, 0),
    (("ยุติเรื่อง", "ไม่รับพิจารณา"), 2, 2, 0, 0),
    (("ถอนเรื่อง",), 1, 0, 0, 1),
    (("ยุติเรื่อง", "ถอนเรื่อง", "กำลังตรวจสอบ", "ถอนเรื่อง"), 4, 1, 1, 2),
    ((None, "ถอนเรื่อง"), 2, 0, 1, 1),  # a status outside the list (read as None) is still being handled
])
def test_the_figures_add_up_and_withdrawn_is_apart(statuses: tuple[str | None, ...], received: int, finished: int,
                                                   in_progress: int, withdrawn: int) -> None:
    counted = case_tally(cases(*statuses))
    assert (counted.received, counted.finished, counted.in_progress, counted.withdrawn) == (
        received, finished, in_progress, withdrawn)
    assert counted.received == counted.finished + counted.in_progress + counted.withdrawn


def test_figures_add_and_finished_never_holds_a_withdrawal() -> None:
    assert Tally(3, 1, 1) + Tally(2, 0, 1) == Tally(5, 1, 2)
    assert "ถอนเรื่อง" not in FINISHED and set(FINISHED) == {"ยุติเรื่อง", "ไม่รับพิจารณา"}
