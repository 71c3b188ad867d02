"""Typing a dialogue table's messages as people type them (issue 36): particles, spaces, Thai digits.

Rows whose message is free text the bot keeps as written (a complaint's story) are sent unchanged: there
the particle is part of what the person said.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from tempfile import mkdtemp

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from common.thaitext import to_thai_digits
from handlers.complaints.desk import ComplaintDesk
from handlers.conversation.engine import Incoming
from handlers.conversation.ports import LinkCheck
from handlers.conversation.replies import Reply
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from state.row_changes import RowChangeWriter
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import buttons, said

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


def fresh_assistant(root: Path, clock: FakeClock, outbox: Outbox | None = None,
                    link_check: LinkCheck | None = None) -> Assistant:
    """A new assistant, with its own state, desk and outbox under ``root``: one for each example."""
    folder = Path(mkdtemp(dir=root))
    outbox = outbox or Outbox(folder / "outbox.sqlite3", "k" * 32)
    desk = ComplaintDesk(ComplaintLedger(folder / "complaints.sqlite3", "k" * 32), OutboxWriter(outbox, clock),
                         clock, rng=random.Random(7))
    return Assistant(SqliteStateStore(folder / "state.sqlite3", "k" * 32),
                     lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     writer=OutboxWriter(outbox, clock), desk=desk, row_changes=RowChangeWriter(outbox, clock),
                     link_check=link_check)


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


def say(assistant: Assistant, snapshot: Snapshot, user: str, text: str) -> list[Reply]:
    return assistant.respond(Incoming("text", user, text), snapshot).replies
