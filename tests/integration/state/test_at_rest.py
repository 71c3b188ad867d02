"""What stays on disk: no complaint text once its row is in the sheet, no draft after it ends, owner-only files."""

from __future__ import annotations

import stat
from pathlib import Path

from sheets.schema import COMPLAINTS
from state.store import Session, SqliteStateStore
from state.stores import open_stores
from tests.conftest import FakeClock

CANARY = "ลับมาก-คานารี-ที่ต้องไม่เหลือ"


def files_holding(folder: Path, text: str) -> list[str]:
    return sorted(path.name for path in folder.rglob("*") if path.is_file() and text.encode() in path.read_bytes())


def test_a_delivered_complaint_leaves_no_text_in_the_outbox(tmp_path: Path, clock: FakeClock) -> None:
    stores = open_stores("", tmp_path, "k" * 32)
    stores.outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "รายละเอียด": CANARY}, clock())
    assert files_holding(tmp_path, CANARY), "queued: the text is on disk until it reaches the sheet"
    stores.outbox.mark_done(stores.outbox.due(COMPLAINTS.name, clock(), 10), clock())
    assert files_holding(tmp_path, CANARY) == []
    assert not stores.outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": "2570-0001", "รายละเอียด": "x"}, clock()), \
        "the record id is kept, so it is never queued twice"
    stores.close()


def test_a_finished_draft_leaves_no_text_in_the_state_file_or_its_wal(tmp_path: Path, clock: FakeClock) -> None:
    state = SqliteStateStore(tmp_path / "state.sqlite3")
    for step in ("details", "accused", "confirm"):
        state.save_session("pseudonym", Session("complaint", step, clock(), {"details": [CANARY]}))
    state.clear_session("pseudonym")
    assert files_holding(tmp_path, CANARY) == []
    state.close()


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
