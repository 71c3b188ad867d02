"""The update tables (measures, OIT links, officers' case actions) typed as people type (issue 36)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from tempfile import mkdtemp

from hypothesis import given, settings
from hypothesis import strategies as st

from sheets.workbook import Snapshot
from state.outbox import Outbox
from tests.conftest import FakeClock
from tests.unit.conftest import STAFF, with_rows
from tests.unit.handlers.casework import test_case_updates_dialogues as updates
from tests.unit.handlers.casework import test_casework_dialogues as casework
from tests.unit.handlers.measures import test_measure_update_dialogues as measures
from tests.unit.handlers.oit import test_oit_link_dialogues as oit
from tests.unit.handlers.oit.test_oit_link_dialogues import GOOD, PagesThatOpen
from tests.unit.handlers.variants import EXAMPLES, Variant, check, fresh_assistant, say, typed, variants

FREE_TEXT_STEPS = frozenset({"การติดตามผล", "หลักฐาน"})
"""The measure's steps whose answer is kept as written (a note, a link)."""
UPDATE_DAY = datetime(2026, 12, 7, 10)
FEW = settings(EXAMPLES, max_examples=4)
"""The update tables replay 20 dialogues an example."""


@FEW
@given(st.data())
def test_the_measure_updates(tmp_path: Path, demo_snapshot: Snapshot,
                             clock: FakeClock, data: st.DataObject) -> None:
    clock.now = UPDATE_DAY
    for turns, expected, changes in measures.DIALOGUE:
        outbox = Outbox(Path(mkdtemp(dir=tmp_path)) / "outbox.sqlite3", "k" * 32)
        assistant, ways = fresh_assistant(tmp_path, clock, outbox), data.draw(variants(len(turns)))
        for index, (turn, variant) in enumerate(zip(turns, ways, strict=True)):
            free = index > 0 and turns[index - 1] in FREE_TEXT_STEPS
            replies = say(assistant, demo_snapshot, STAFF, typed(turn, variant, free_text=free))
        check(replies, turns, [expected])
        assert measures.queued(outbox, clock) == changes, turns


@FEW
@given(st.data())
def test_the_oit_links(tmp_path: Path, demo_snapshot: Snapshot, clock: FakeClock,
                       data: st.DataObject) -> None:
    clock.now = UPDATE_DAY
    for user, turns, expected, written in oit.DIALOGUE:
        outbox = Outbox(Path(mkdtemp(dir=tmp_path)) / "outbox.sqlite3", "k" * 32)
        pages = PagesThatOpen(GOOD, "https://www.muaklek.go.th/oit/o10")
        assistant, ways = fresh_assistant(tmp_path, clock, outbox, pages), data.draw(variants(len(turns)))
        for turn, variant in zip(turns, ways, strict=True):
            replies = say(assistant, demo_snapshot, user, typed(turn, variant))
        check(replies, turns, [expected])
        assert len(oit.queued(outbox, clock)) == (1 if written else 0), turns



def _officer_turns(turns: list[str], ways: list[Variant]) -> list[str]:
    """The officer's turns as typed: their texts to keep (the last one, and a close's result) as written."""
    last = len(turns) - 1
    closing_result = 2 if turns[0].startswith("ปิดเรื่อง") else -1
    return [typed(turn, way, free_text=index in (last, closing_result) and index > 0 and turn not in BUTTONS)
            for index, (turn, way) in enumerate(zip(turns, ways, strict=True))]


BUTTONS = frozenset({"ยกเลิก", "ใช้ข้อความเดียวกัน"})
"""Taps, not texts to keep: typed with particles like any other answer."""


@FEW
@given(st.data())
def test_the_officers_case_actions(tmp_path: Path, demo_snapshot: Snapshot, clock: FakeClock,
                                   data: st.DataObject) -> None:
    cases = with_rows(demo_snapshot, "เรื่องร้องเรียน", (*casework.CASES, *casework.CLOSED_BEFORE))
    for turns, expected, cells in casework.ACTIONS + [(t, e, c[1]) for t, e, c in updates.UPDATES]:
        outbox = Outbox(Path(mkdtemp(dir=tmp_path)) / "outbox.sqlite3", "k" * 32)
        assistant = fresh_assistant(tmp_path, clock, outbox)
        for turn in _officer_turns(turns, data.draw(variants(len(turns)))):
            replies = say(assistant, cases, casework.OFFICER, turn)
        check(replies, turns, [expected])
        assert casework.queued(outbox, clock) == cells, turns
