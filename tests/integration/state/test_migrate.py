"""An office moves from SQLite to Redis with `ita-bot state migrate`: receipts, follow-ups and the queue come along."""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

from handlers.complaints.desk import CaseView, ComplaintDesk, Draft
from sheets.schema import COMPLAINTS
from state.inbox import NewEvent
from state.outbox import OutboxWriter
from state.stores import open_stores
from tests.conftest import FakeClock
from tests.fakes.processes import ITA_BOT, free_port

SECRET = "k" * 32
USER = "U" + "6" * 32


def migrate(data: Path, redis_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ITA_DATA_DIR": str(data), "ITA_SECRET_KEY": SECRET}
    return subprocess.run([ITA_BOT, "state", "migrate", redis_url], env=env, capture_output=True, text=True,
                          timeout=60)


def test_receipts_follow_ups_queue_and_job_claims_move_to_redis_once(tmp_path: Path, redis_url: str,
                                                                     clock: FakeClock) -> None:
    data = tmp_path / "var"
    old = open_stores("", data, SECRET)
    desk = ComplaintDesk(old.ledger, OutboxWriter(old.outbox, clock), clock, rng=random.Random(5))
    filed = [desk.file(Draft("อื่น ๆ", [f"เรื่องที่ {n}"], opt_in=n == 0), "LINE", None, sender=None,
                       user_id=USER) for n in range(3)]
    written, attempted, _ = old.outbox.due(COMPLAINTS.name, clock(), 10)
    old.outbox.mark_done([written], clock())
    old.outbox.mark_attempt([attempted])  # its append may have landed: the lookup must survive the move
    old.state.claim_job("weekly-digest", "2569-W48", clock())
    old.inbox.put([NewEvent("E2", "alice", 2, "{}"), NewEvent("E1", "alice", 1, "{}")], 0.0, 100)
    old.close()

    first = migrate(data, redis_url)
    assert first.returncode == 0, first.stderr
    assert "เลขรับเรื่อง 3, ผู้รับแจ้งเตือน 1, รอเขียน 2, เขียนแล้ว 1, งานที่ทำแล้ว 1, ข้อความที่รอตอบ 2" in first.stdout
    again = migrate(data, redis_url)
    assert "เลขรับเรื่อง 0" in again.stdout and "รอเขียน 0, เขียนแล้ว 0, งานที่ทำแล้ว 0, ข้อความที่รอตอบ 0" in again.stdout

    new = open_stores(redis_url, data, SECRET)
    desk = ComplaintDesk(new.ledger, OutboxWriter(new.outbox, clock), clock)
    for complaint in filed:
        view = desk.lookup(complaint.receipt, None, sender=None)
        assert isinstance(view, CaseView) and view.case_no == complaint.case_no
    assert [s.user_id for s in new.ledger.subscribers()] == [USER]
    assert new.ledger.next_case_number(2570, 0) == "2570-0004"
    queued = new.outbox.due(COMPLAINTS.name, clock(), 10)
    assert [(e.record_id, e.attempts) for e in queued] == [(attempted.record_id, 1), (filed[2].case_no, 0)]
    assert not new.outbox.put_record(COMPLAINTS, written.row, clock()), "a written complaint is not queued again"
    assert not new.state.claim_job("weekly-digest", "2569-W48", clock())
    waiting = new.inbox.take(0.0, 30.0, "me")
    assert waiting is not None and waiting.event_id == "E1" and new.inbox.depth() == 2, "waiting events move, in order"


def test_migrate_refuses_a_target_that_is_not_redis_or_not_reachable(tmp_path: Path) -> None:
    result = migrate(tmp_path, str(tmp_path / "elsewhere.sqlite3"))
    assert result.returncode != 0 and "redis://" in result.stderr and "Traceback" not in result.stderr
    unreachable = migrate(tmp_path, f"redis://127.0.0.1:{free_port()}/0")
    assert unreachable.returncode != 0 and "ต่อ Redis ไม่ได้" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr
