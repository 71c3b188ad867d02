"""Dialogue fixtures: the assistant on the demo workbook, with a recording outbox writer."""

from __future__ import annotations

import hashlib
import hmac
import random
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from demo.workbook import create_demo_workbook, demo_score_years, demo_user_id
from handlers.complaints.desk import ComplaintDesk
from handlers.conversation.engine import Incoming
from handlers.conversation.replies import Reply, Text
from handlers.staff.assistant import Assistant
from sheets.local import LocalWorkbook
from sheets.workbook import Snapshot, parse_workbook
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from state.store import SqliteStateStore
from tests.conftest import FakeClock

CITIZEN = "U" + "c" * 32
STAFF = demo_user_id("demo-staff")
DEMO_DAY = date(2026, 11, 23)
YEAR_BEFORE, LAST_YEAR = demo_score_years(DEMO_DAY)
"""The demo's two score years: the seed's 2564 and 2565 as the two fiscal years before DEMO_DAY's."""


@pytest.fixture(scope="module")
def demo_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    workbook = LocalWorkbook(tmp_path_factory.mktemp("demo") / "ita.xlsx")
    create_demo_workbook(workbook, DEMO_DAY)
    return parse_workbook(workbook.read_tables(), datetime.combine(DEMO_DAY, datetime.min.time()).replace(hour=9))


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3", "k" * 32)


@pytest.fixture
def ledger(tmp_path: Path) -> ComplaintLedger:
    return ComplaintLedger(tmp_path / "complaints.sqlite3", "k" * 32)


@pytest.fixture
def desk(ledger: ComplaintLedger, outbox: Outbox, clock: FakeClock) -> ComplaintDesk:
    return ComplaintDesk(ledger, OutboxWriter(outbox, clock), clock, rng=random.Random(7))


@pytest.fixture
def assistant(tmp_path: Path, clock: FakeClock, outbox: Outbox, desk: ComplaintDesk) -> Assistant:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    return Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                     writer=OutboxWriter(outbox, clock), desk=desk)


def with_rows(snapshot: Snapshot, tab: str, rows: tuple[object, ...]) -> Snapshot:
    """The same snapshot with one tab replaced."""
    tables: Mapping[str, tuple[object, ...]] = {**snapshot.tables, tab: rows}
    return Snapshot(tables, snapshot.problems, snapshot.loaded_at)


def with_staff(snapshot: Snapshot, user: str, **changes: str) -> Snapshot:
    """The same snapshot with one person's เจ้าหน้าที่ row changed (an admin's edit: role, status, unit)."""
    staff = tuple(replace(m, **changes) if m.line_user_id == user else m for m in snapshot.staff)
    return with_rows(snapshot, "เจ้าหน้าที่", staff)


def said(replies: list[Reply]) -> str:
    return "\n---\n".join(r.text if isinstance(r, Text) else f"[การ์ด] {r.alt_text}" for r in replies)


def buttons(replies: list[Reply]) -> list[str]:
    return [q.label for q in replies[-1].quick_replies] if replies else []


def talk(assistant: Assistant, snapshot: Snapshot | None, user: str, text: str, kind: str = "text") -> list[Reply]:
    return assistant.respond(Incoming(kind, user, text), snapshot).replies  # type: ignore[arg-type]


