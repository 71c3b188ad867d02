"""Every dialogue table again, typed as people type (issue 36): a polite particle before or after, spaces
doubled, Thai digits; the answers must be the ones the table expects.

Rows whose message is free text the bot keeps as written (a complaint's story) are sent unchanged: there
the particle is part of what the person said.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from tempfile import mkdtemp

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.thaitext import to_thai_digits
from handlers.complaints.desk import ComplaintDesk
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Reply
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from state.row_changes import RowChangeWriter
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, buttons, said, with_rows
from tests.unit.handlers.casework.test_casework_dialogues import CASES, OFFICER, OFFICER_DIALOGUE
from tests.unit.handlers.complaints.test_complaint_dialogues import WHOLE_FLOW
from tests.unit.handlers.conversation.test_conversation_dialogues import TRAP
from tests.unit.handlers.measures import test_measure_update_dialogues as measures
from tests.unit.handlers.oit import test_oit_link_dialogues as oit
from tests.unit.handlers.oit.test_oit_link_dialogues import GOOD, PagesThatOpen
from tests.unit.handlers.staff.test_staff_dialogues import STAFF_DIALOGUE
from tests.unit.handlers.test_dialogues import CITIZEN_DIALOGUE

BEFORE = ("", " ", "ค่ะ ", "ครับ ")
AFTER = ("", "ค่ะ", " ครับ", "ครับผม", " นะคะ", "นะครับ", "จ้ะ", " จ้า", "ค้าบ", "ด้วยค่ะ", "หน่อยครับ", "ค่าาา",
         "ครับบบ", "  ")
KEPT_AS_WRITTEN = frozenset({"มีการฮั้วประมูลงานถนน\u202e ซอย ๓", "ผู้รับเหมาเป็นญาติของเจ้าหน้าที่"})
"""WHOLE_FLOW's story lines: their length is counted back to the citizen, particles included."""
EXAMPLES = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])



@dataclass(frozen=True)
class Variant:
    """One way of typing a message: words before and after it, Thai digits, doubled spaces."""

    before: str
    after: str
    thai_digits: bool
    wide: bool

    def __call__(self, text: str) -> str:
        text = to_thai_digits(text) if self.thai_digits else text
        return self.before + (text.replace(" ", "  ") if self.wide else text) + self.after


def variants(count: int) -> st.SearchStrategy[list[Variant]]:
    """One way of typing for each of ``count`` messages."""
    one = st.builds(Variant, st.sampled_from(BEFORE), st.sampled_from(AFTER), st.booleans(), st.booleans())
    return st.lists(one, min_size=count, max_size=count)


def typed(message: str, variant: Variant, *, free_text: bool = False) -> str:
    """``message`` as ``variant`` types it; free text as written, a link pasted whole (it ends at a space)."""
    if free_text or message in KEPT_AS_WRITTEN:
        return message
    if "://" in message:
        variant = replace(variant, after=" " + variant.after.lstrip() if variant.after.strip() else "",
                          thai_digits=False)
    return variant(message)


@pytest.fixture
def fresh(tmp_path: Path, clock: FakeClock) -> Callable[..., Assistant]:
    """A new assistant, with its own state, desk and outbox, for each example."""
    def make(outbox: Outbox | None = None, link_check: PagesThatOpen | None = None) -> Assistant:
        folder = Path(mkdtemp(dir=tmp_path))
        outbox = outbox or Outbox(folder / "outbox.sqlite3")
        desk = ComplaintDesk(ComplaintLedger(folder / "complaints.sqlite3", "k" * 32), OutboxWriter(outbox, clock),
                             clock, rng=random.Random(7))
        return Assistant(SqliteStateStore(folder / "state.sqlite3"),
                         lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                         writer=OutboxWriter(outbox, clock), desk=desk, row_changes=RowChangeWriter(outbox, clock),
                         link_check=link_check)

    return make


def send(assistant: Assistant, snapshot: Snapshot, user: str, message: str | tuple[str, str],
         variant: Variant) -> list[Reply]:
    kind, text = message if isinstance(message, tuple) else ("text", typed(message, variant))
    return assistant.respond(Incoming(kind, user, text), snapshot).replies  # type: ignore[arg-type]


def check(replies: list[Reply], sent: object, wanted: Sequence[str], unwanted: Sequence[str] = (),
          expected_buttons: Sequence[str] | None = None) -> None:
    answer = said(replies)
    for words in wanted:
        assert words in answer, f"{sent!r} → {answer!r}"
    for words in unwanted:
        assert words not in answer, f"{sent!r} → {answer!r}"
    if expected_buttons is not None:
        assert buttons(replies) == list(expected_buttons), f"{sent!r} → {buttons(replies)}"


@EXAMPLES
@given(st.data())
def test_the_citizen_dialogue(fresh: Callable[..., Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(CITIZEN_DIALOGUE)))
    for (sent, wanted, expected_buttons), variant in zip(CITIZEN_DIALOGUE, ways, strict=True):
        check(send(assistant, demo_snapshot, CITIZEN, sent, variant), variant(sent), wanted, (), expected_buttons)


@EXAMPLES
@given(st.data())
def test_no_step_traps(fresh: Callable[..., Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(TRAP)))
    for (sent, wanted, unwanted, expected_buttons), variant in zip(TRAP, ways, strict=True):
        check(send(assistant, demo_snapshot, CITIZEN, sent, variant), variant(sent), wanted, unwanted,
              expected_buttons)


@EXAMPLES
@given(st.data())
def test_the_staff_dialogue(fresh: Callable[..., Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(STAFF_DIALOGUE)))
    for (sent, wanted), variant in zip(STAFF_DIALOGUE, ways, strict=True):
        check(send(assistant, demo_snapshot, STAFF, sent, variant), variant(sent), wanted)


@EXAMPLES
@given(st.data())
def test_the_whole_complaint_flow(fresh: Callable[..., Assistant], demo_snapshot: Snapshot,
                                  data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(WHOLE_FLOW)))
    for (sent, wanted), variant in zip(WHOLE_FLOW, ways, strict=True):
        check(send(assistant, demo_snapshot, CITIZEN, sent, variant), sent, wanted)


@EXAMPLES
@given(st.data())
def test_the_officer_dialogue(fresh: Callable[..., Assistant], demo_snapshot: Snapshot, data: st.DataObject) -> None:
    assistant, ways = fresh(), data.draw(variants(len(OFFICER_DIALOGUE)))
    cases = with_rows(demo_snapshot, "เรื่องร้องเรียน", CASES)
    for (sent, wanted), variant in zip(OFFICER_DIALOGUE, ways, strict=True):
        check(send(assistant, cases, OFFICER, sent, variant), variant(sent), wanted)


FREE_TEXT_STEPS = frozenset({"การติดตามผล", "หลักฐาน"})
"""The measure's steps whose answer is kept as written (a note, a link)."""
UPDATE_DAY = datetime(2026, 12, 7, 10)
FEW = settings(EXAMPLES, max_examples=4)
"""The update tables replay 20 dialogues an example."""


@FEW
@given(st.data())
def test_the_measure_updates(tmp_path: Path, fresh: Callable[..., Assistant], demo_snapshot: Snapshot,
                             clock: FakeClock, data: st.DataObject) -> None:
    clock.now = UPDATE_DAY
    for turns, expected, changes in measures.DIALOGUE:
        outbox = Outbox(Path(mkdtemp(dir=tmp_path)) / "outbox.sqlite3")
        assistant, ways = fresh(outbox), data.draw(variants(len(turns)))
        for index, (turn, variant) in enumerate(zip(turns, ways, strict=True)):
            free = index > 0 and turns[index - 1] in FREE_TEXT_STEPS
            replies = send_typed(assistant, demo_snapshot, STAFF, typed(turn, variant, free_text=free))
        check(replies, turns, [expected])
        assert measures.queued(outbox, clock) == changes, turns


@FEW
@given(st.data())
def test_the_oit_links(tmp_path: Path, fresh: Callable[..., Assistant], demo_snapshot: Snapshot, clock: FakeClock,
                       data: st.DataObject) -> None:
    clock.now = UPDATE_DAY
    for user, turns, expected, written in oit.DIALOGUE:
        outbox = Outbox(Path(mkdtemp(dir=tmp_path)) / "outbox.sqlite3")
        pages = PagesThatOpen(GOOD, "https://www.muaklek.go.th/oit/o10")
        assistant, ways = fresh(outbox, pages), data.draw(variants(len(turns)))
        for turn, variant in zip(turns, ways, strict=True):
            replies = send_typed(assistant, demo_snapshot, user, typed(turn, variant))
        check(replies, turns, [expected])
        assert len(oit.queued(outbox, clock)) == (1 if written else 0), turns


def send_typed(assistant: Assistant, snapshot: Snapshot, user: str, text: str) -> list[Reply]:
    return assistant.respond(Incoming("text", user, text), snapshot).replies
