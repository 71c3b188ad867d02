"""Every dialogue table again, typed as people type (issue 36): a polite particle before or after, spaces
doubled, Thai digits; the answers must be the ones the table expects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.staff.assistant import Assistant
from sheets.records import Setting
from sheets.workbook import Snapshot
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, with_rows
from tests.unit.handlers.casework.test_casework_dialogues import CASES, OFFICER, OFFICER_DIALOGUE
from tests.unit.handlers.complaints.test_complaint_dialogues import WHOLE_FLOW
from tests.unit.handlers.conversation.test_conversation_dialogues import TRAP
from tests.unit.handlers.staff.test_staff_dialogues import STAFF_DIALOGUE, YEAR_WORD_DIALOGUE
from tests.unit.handlers.test_dialogues import CITIZEN_DIALOGUE
from tests.unit.handlers.variants import EXAMPLES, check, fresh_assistant, send, variants


@pytest.fixture
def fresh(tmp_path: Path, clock: FakeClock) -> Callable[[], Assistant]:
    return lambda: fresh_assistant(tmp_path, clock)


@EXAMPLES
@given(st.data())
def test_the_citizen_dialogue(fresh: Callable[[], Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(CITIZEN_DIALOGUE)))
    for (sent, wanted, expected_buttons), variant in zip(CITIZEN_DIALOGUE, ways, strict=True):
        check(send(assistant, demo_snapshot, CITIZEN, sent, variant), variant(sent), wanted, (), expected_buttons)


@EXAMPLES
@given(st.data())
def test_no_step_traps(fresh: Callable[[], Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(TRAP)))
    for (sent, wanted, unwanted, expected_buttons), variant in zip(TRAP, ways, strict=True):
        check(send(assistant, demo_snapshot, CITIZEN, sent, variant), variant(sent), wanted, unwanted,
              expected_buttons)


@EXAMPLES
@given(st.data())
def test_the_staff_dialogue(fresh: Callable[[], Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(STAFF_DIALOGUE)))
    for (sent, wanted), variant in zip(STAFF_DIALOGUE, ways, strict=True):
        check(send(assistant, demo_snapshot, STAFF, sent, variant), variant(sent), wanted)


@EXAMPLES
@given(st.data())
def test_the_whole_complaint_flow(fresh: Callable[[], Assistant], demo_snapshot: Snapshot,
                                  data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(WHOLE_FLOW)))
    for (sent, wanted), variant in zip(WHOLE_FLOW, ways, strict=True):
        check(send(assistant, demo_snapshot, CITIZEN, sent, variant), sent, wanted)


@EXAMPLES
@given(st.data())
def test_the_officer_dialogue(fresh: Callable[[], Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(OFFICER_DIALOGUE)))
    cases = with_rows(demo_snapshot, "เรื่องร้องเรียน", CASES)
    for (sent, wanted), variant in zip(OFFICER_DIALOGUE, ways, strict=True):
        check(send(assistant, cases, OFFICER, sent, variant), variant(sent), wanted)


def _in_fiscal_year(snapshot: Snapshot, year: int) -> Snapshot:
    settings = [s for s in snapshot.rows("ตั้งค่า", Setting) if s.key != "current_fiscal_year"]
    return with_rows(snapshot, "ตั้งค่า", (*settings, Setting(99, "current_fiscal_year", str(year), None)))


@EXAMPLES
@given(st.data())
def test_the_year_words(fresh: Callable[[], Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(YEAR_WORD_DIALOGUE)))
    for (this_year, sent, expected), variant in zip(YEAR_WORD_DIALOGUE, ways, strict=True):
        snapshot = _in_fiscal_year(demo_snapshot, this_year)
        check(send(assistant, snapshot, STAFF, sent, variant), variant(sent), [expected])
