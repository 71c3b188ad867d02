"""SIGKILL the flusher process mid-batch, lose responses after they were applied: still exactly once."""

import signal
from collections import Counter
from datetime import datetime
from pathlib import Path

from sheets.google import GoogleWorkbook
from sheets.schema import COMPLAINTS
from state.outbox import Outbox
from tests.fakes.processes import kill_flusher_during_append, run_flush
from tests.fakes.sheets_api import FakeSheetsApi


def test_killed_flusher_restarts_without_loss_or_duplicates(tmp_path: Path, sheets_fake: FakeSheetsApi,
                                                            google_workbook: GoogleWorkbook,
                                                            google_env: dict[str, str]) -> None:
    google_workbook.init_schema()
    env = google_env
    outbox = Outbox(tmp_path / "var" / "outbox.sqlite3")
    expected = [f"2570-{n:04d}" for n in range(1, 251)]
    for case_no in expected:
        outbox.put_record(COMPLAINTS, {"เลขที่เรื่อง": case_no, "วันที่รับ": "23/11/2569"}, datetime(2026, 11, 23))
    outbox.close()

    assert kill_flusher_during_append(sheets_fake, env) == -signal.SIGKILL

    sheets_fake.faults.extend(["pass", "pass", "lost"])  # the next append lands but its answer is lost
    second = run_flush(env, "--retry-now")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, out + err
    assert "ค้างในคิว 0" in out

    rows = sheets_fake.grid(COMPLAINTS.name).rows[1:]
    assert Counter(row[0] for row in rows) == Counter(expected)
    assert "Traceback" not in err
