"""Staff cards are built once per snapshot and day, and never shown to the wrong person or day."""

from __future__ import annotations

from dataclasses import replace

from demo.workbook import demo_user_id
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from tests.conftest import FakeClock
from tests.unit.conftest import said, talk

STAFF = demo_user_id("demo-staff")
CITIZEN = "U" + "c" * 32


def test_the_same_snapshot_and_day_give_the_same_card(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    first = talk(assistant, demo_snapshot, STAFF, "OIT")
    assert talk(assistant, demo_snapshot, STAFF, "OIT")[0] is first[0]


def test_a_new_day_or_snapshot_builds_it_again(assistant: Assistant, demo_snapshot: Snapshot,
                                               clock: FakeClock) -> None:
    first = talk(assistant, demo_snapshot, STAFF, "OIT")[0]
    assert talk(assistant, replace(demo_snapshot), STAFF, "OIT")[0] is not first
    clock.advance(24 * 3600)
    assert talk(assistant, demo_snapshot, STAFF, "OIT")[0] is not first


def test_a_cached_card_is_still_refused_to_a_citizen(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    talk(assistant, demo_snapshot, STAFF, "คะแนน")
    assert "เจ้าหน้าที่" in said(talk(assistant, demo_snapshot, CITIZEN, "คะแนน"))
