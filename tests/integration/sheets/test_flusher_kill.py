"""SIGKILL the flusher process mid-batch, lose responses after they were applied: still exactly once."""

import signal
from collections import Counter
from datetime import datetime
from pathlib import Path

from sheets.google import GoogleWorkbook
from sheets.schema import COMPLAINTS, HISTORY
from state.outbox import Outbox
from state.row_changes import CellChange, RowChange, RowChangeWriter
from tests.fakes.processes import kill_flusher_during_append, run_flush
from tests.fakes.sheets_api import FakeSheetsApi


def test_killed_flusher_restarts_without_loss_or_duplicates(tmp_path: Path, sheets_fake: FakeSheetsApi,
                                                            google_workbook: GoogleWorkbook,
                                                            google_env: dict[str, str]) -> None:
    google_workbook.init_schema()
    env = google_env
    outbox = Outbox(tmp_path / "var" / "outbox.sqlite3", "k" * 32)
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


def test_killed_between_cell_write_and_history_row_changes_once_and_logs_once(
        tmp_path: Path, sheets_fake: FakeSheetsApi, google_workbook: GoogleWorkbook,
        google_env: dict[str, str]) -> None:
    google_workbook.init_schema()
    header = list(COMPLAINTS.headers)
    sheets_fake.seed(COMPLAINTS.name, [header, ["2570-0001", "20/11/2569"], ["2570-0002", "20/11/2569"]])
    outbox = Outbox(tmp_path / "var" / "outbox.sqlite3", "k" * 32)
    change = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", "2570-0002", (CellChange("ผู้รับผิดชอบ", "", "สมชาย"),),
                       "tap-1", action="รับเรื่อง", by="สมชาย")
    RowChangeWriter(outbox, lambda: datetime(2026, 12, 6, 9, 0)).submit(change)
    outbox.close()

    assert kill_flusher_during_append(sheets_fake, google_env, kinds=("batchUpdate",)) == -signal.SIGKILL
    assert sheets_fake.grid(HISTORY.name).rows[1:] == []  # the cell landed, the history row did not

    second = run_flush(google_env, "--retry-now")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, out + err
    officer = header.index("ผู้รับผิดชอบ")
    assert [row[officer] if len(row) > officer else "" for row in sheets_fake.grid(COMPLAINTS.name).rows[1:]] == [
        "", "สมชาย"]
    logged = [row for row in sheets_fake.grid(HISTORY.name).rows[1:] if any(row)]
    assert [(row[2], row[3], row[-1]) for row in logged] == [("2570-0002", "รับเรื่อง", "tap-1")]
    assert "Traceback" not in err
