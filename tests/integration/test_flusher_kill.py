"""SIGKILL the flusher process mid-batch, lose responses after they were applied: still exactly once."""

import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path

from ita_bot.sheets.google import GoogleWorkbook
from ita_bot.sheets.outbox import Outbox
from ita_bot.sheets.schema import COMPLAINTS
from tests.fakes.sheets_api import FakeSheetsApi

ITA_BOT = str(Path(sys.executable).with_name("ita-bot"))


def run_flush(env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([ITA_BOT, "outbox", "flush", *extra], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


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

    applied, release = threading.Event(), threading.Event()

    def hold_first_append(kind: str) -> None:
        if kind == "append" and not applied.is_set():
            applied.set()
            release.wait(timeout=60)

    sheets_fake.after_apply = hold_first_append
    first = run_flush(env)
    assert applied.wait(timeout=60), "the flusher never reached the sheet"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    release.set()
    sheets_fake.after_apply = None
    assert first.returncode == -signal.SIGKILL

    sheets_fake.faults.extend(["pass", "pass", "lost"])  # the next append lands but its answer is lost
    second = run_flush(env, "--retry-now")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, out + err
    assert "ค้างในคิว 0" in out

    rows = sheets_fake.grid(COMPLAINTS.name).rows[1:]
    assert Counter(row[0] for row in rows) == Counter(expected)
    assert "Traceback" not in err
