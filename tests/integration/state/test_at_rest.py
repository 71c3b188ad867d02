"""What stays on disk and in Redis: complaint text, receipts and userIds only sealed, owner-only files."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest
import redis

from sheets.schema import COMPLAINTS
from state.inbox import NewEvent
from state.sealing import SealError
from state.store import Session, SqliteStateStore
from state.stores import Stores, open_stores
from tests.at_rest import files_holding, snapshot_redis
from tests.conftest import FakeClock
from tests.integration.state.conftest import reopen

CANARY = "ลับมาก-คานารี-ที่ต้องไม่เหลือ"
USER = "U" + "c4" * 16
RECEIPT = "RCPT-AT-REST-7Q"
NOW = 1_790_000_000.0


def body(text: str) -> str:
    """An event as LINE sends it (JSON, so Thai comes \\u-escaped), with the sender's userId."""
    return json.dumps({"type": "message", "source": {"userId": USER}, "message": {"text": text}})


def text_of(payload: str) -> str:
    return str(json.loads(payload)["message"]["text"])


def keep_everything(stores: Stores, clock: FakeClock) -> None:
    """Each kind of thing a complaint leaves in the stores, as the live paths write it."""
    stores.inbox.put([NewEvent("E1", "pseudonym", 1, body(CANARY)), NewEvent("E2", "pseudonym", 2, body(RECEIPT))],
                     NOW, 100)
    stores.state.save_session("pseudonym", Session("complaint", "details", clock(), {"details": [CANARY]}))
    stores.state.commit_turn("pseudonym", None, "E2", f'{{"text": "เลขรับเรื่อง {RECEIPT} {CANARY}"}}', clock())
    stores.outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "รายละเอียด": CANARY}, clock())
    stores.ledger.record("2570-0001", RECEIPT, USER, "รับเรื่อง")
    stores.ledger.mark_notified("2570-0001", "กำลังตรวจสอบ", f"คำตอบ {CANARY}")


def test_nothing_kept_about_a_complaint_is_in_clear_in_any_file(stores: Stores, state_url: str, tmp_path: Path,
                                                                  redis_folders: list[Path], clock: FakeClock) -> None:
    keep_everything(stores, clock)
    taken = stores.inbox.take(NOW, 30, "me")
    assert taken is not None and text_of(taken.payload) == CANARY
    assert stores.outbox.pending_row(COMPLAINTS.name, "2570-0001") == {"เลขที่เรื่อง": "2570-0001",
                                                                       "รายละเอียด": CANARY}
    assert stores.state.load_turn("E2") == f'{{"text": "เลขรับเรื่อง {RECEIPT} {CANARY}"}}'
    assert [(s.user_id, s.notified_message) for s in stores.ledger.subscribers()] == [(USER, f"คำตอบ {CANARY}")]
    if state_url:
        snapshot_redis(state_url)
    assert files_holding([tmp_path, *redis_folders], [CANARY, USER, RECEIPT]) == [], "while still kept"
    stores.inbox.done(taken)
    stores.state.forget_turn("E2")
    stores.close()
    assert files_holding([tmp_path, *redis_folders], [CANARY, USER, RECEIPT]) == [], "after a clean stop"


def test_another_key_opens_nothing_and_loses_no_queued_row(stores: Stores, state_url: str, tmp_path: Path,
                                                           clock: FakeClock) -> None:
    keep_everything(stores, clock)
    other = open_stores(state_url, tmp_path / "var", "x" * 32, "office-a")
    assert other.state.load_session("pseudonym") is None, "the person starts the flow again"
    assert other.state.load_turn("E2") is None, "the step runs again"
    taken = other.inbox.take(NOW, 30, "me")
    assert taken is not None and taken.payload == "", "an unreadable event is dropped, not handled as garbage"
    with pytest.raises(SealError):
        other.outbox.due(COMPLAINTS.name, clock(), 10)
    other.close()
    assert stores.outbox.due(COMPLAINTS.name, clock() + timedelta(minutes=5), 10)[0].row["รายละเอียด"] == CANARY, \
        "the row stayed queued for the right key"


def test_rows_an_older_version_wrote_in_clear_are_read_and_sealed_at_start(tmp_path: Path, clock: FakeClock) -> None:
    data = tmp_path / "var"
    open_stores("", data, "k" * 32).close()
    with sqlite3.connect(data / "state.sqlite3") as db:
        db.execute("INSERT INTO sessions VALUES ('pseudonym', 'complaint', 'details', ?, ?)",
                   (f'{{"details": ["{CANARY}"]}}', clock().isoformat()))
        db.execute("INSERT INTO turns VALUES ('E2', ?, ?)", (f'"{RECEIPT}"', clock().isoformat()))
    with sqlite3.connect(data / "inbox.sqlite3") as db:
        db.execute("INSERT INTO inbox (event_id, source, stamp, payload) VALUES ('E1', 'pseudonym', 1, ?)",
                   (body(CANARY),))
    with sqlite3.connect(data / "outbox.sqlite3") as db:
        db.execute("INSERT INTO outbox (tab, record_id, row_json, created_at) VALUES (?, '2570-0001', ?, ?)",
                   (COMPLAINTS.name, f'{{"รายละเอียด": "{CANARY}"}}', clock().isoformat()))
    assert files_holding([data], [CANARY, RECEIPT, USER])
    stores = reopen("", tmp_path)
    session = stores.state.load_session("pseudonym")
    assert session is not None and session.data == {"details": [CANARY]}
    assert stores.state.load_turn("E2") == f'"{RECEIPT}"'
    taken = stores.inbox.take(NOW, 30, "me")
    assert taken is not None and text_of(taken.payload) == CANARY
    assert stores.outbox.pending_row(COMPLAINTS.name, "2570-0001") == {"รายละเอียด": CANARY}
    stores.close()
    assert files_holding([data], [CANARY, RECEIPT, USER]) == []


def test_a_redis_session_an_older_version_wrote_in_clear_is_still_read(redis_url: str, tmp_path: Path) -> None:
    legacy = {"flow": "complaint", "step": "details", "updated_at": "2026-11-23T09:00:00", "data": {"details": ["x"]}}
    client = redis.Redis.from_url(redis_url)
    client.set("ita:{office-a}:session:pseudonym", json.dumps(legacy))
    client.close()
    session = reopen(redis_url, tmp_path).state.load_session("pseudonym")
    assert session is not None and session.data == {"details": ["x"]}


def test_a_finished_draft_leaves_no_text_in_the_state_file_or_its_wal(tmp_path: Path, clock: FakeClock) -> None:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    for step in ("details", "accused", "confirm"):
        state.save_session("pseudonym", Session("complaint", step, clock(), {"details": [CANARY]}))
    state.clear_session("pseudonym")
    assert files_holding([tmp_path], [CANARY]) == []
    state.close()


def test_a_delivered_row_keeps_its_id_so_it_is_never_queued_twice(tmp_path: Path, clock: FakeClock) -> None:
    stores = open_stores("", tmp_path, "k" * 32)
    stores.outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "รายละเอียด": CANARY}, clock())
    stores.outbox.mark_done(stores.outbox.due(COMPLAINTS.name, clock(), 10), clock())
    assert stores.outbox.pending_row(COMPLAINTS.name, "2570-0001") is None
    assert not stores.outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "รายละเอียด": "x"}, clock())
    stores.close()


def test_state_files_are_the_owners_alone(tmp_path: Path, clock: FakeClock) -> None:
    data = tmp_path / "data"
    stores = open_stores("", data, "k" * 32)
    stores.outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "รายละเอียด": "x"}, clock())
    files = {path.name: stat.S_IMODE(path.stat().st_mode) for path in data.iterdir()}
    assert "outbox.sqlite3-wal" in files and set(files.values()) == {0o600}, files
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    stores.close()


def test_usage_counters_expire(tmp_path: Path) -> None:
    stores = open_stores("", tmp_path, "k" * 32)
    stores.ledger.count("wrong:visitor-hash", "2026-11-20T09", add=True)
    stores.ledger.count("file:channel:LINE", "2026-11-23T09", add=True)
    assert stores.ledger.count("wrong:visitor-hash", "2026-11-20T09", add=False) == 0, "older than two days"
    assert stores.ledger.count("file:channel:LINE", "2026-11-23T09", add=False) == 1
    stores.close()
