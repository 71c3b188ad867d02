"""200 acknowledged complaints, a flaky Google Sheet and a flusher killed twice: each lands exactly once."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime
from pathlib import Path

from handlers.complaints.desk import ComplaintDesk, Draft
from sheets.google import GoogleWorkbook
from sheets.schema import COMPLAINTS
from state.outbox import OutboxWriter
from state.stores import open_stores
from tests.fakes.processes import kill_flusher_during_append, run_flush
from tests.fakes.sheets_api import FakeSheetsApi

FAULTS = ["429", "503", "timeout", "lost", "pass", "500", "drop", "lost", "pass", "429", "timeout", "lost"]


def test_two_hundred_complaints_survive_faults_and_two_kills(sheets_fake: FakeSheetsApi,
                                                            google_workbook: GoogleWorkbook,
                                                            google_env: dict[str, str], state_url: str) -> None:
    """On each state backend: the outbox in SQLite, or in Redis shared with ``ita-bot outbox flush``."""
    google_workbook.init_schema()
    env = {**google_env, "ITA_SHEETS_TIMEOUT": "0.5", "ITA_STATE_URL": state_url}
    sheets_fake.timeout_hold = 1.5
    stores = open_stores(state_url, Path(env["ITA_DATA_DIR"]), env["ITA_SECRET_KEY"])  # the flusher's key
    outbox = stores.outbox
    clock = lambda: datetime(2026, 11, 23, 9, 0)  # noqa: E731
    desk = ComplaintDesk(stores.ledger, OutboxWriter(outbox, clock), clock, rng=random.Random(3), hourly_cap=1000)
    acknowledged = [desk.file(Draft("อื่น ๆ", [f"เรื่องที่ {n}"], "ไม่ทราบ"), "LINE", None, sender=None,
                              user_id=None).case_no for n in range(200)]
    stores.close()

    kill_flusher_during_append(sheets_fake, env, "--retry-now")
    sheets_fake.faults.extend(FAULTS[:4])
    kill_flusher_during_append(sheets_fake, env, "--retry-now")
    sheets_fake.faults.extend(FAULTS)
    last = run_flush(env, "--retry-now")
    out, err = last.communicate(timeout=300)

    found = Counter(str(row[0]) for row in sheets_fake.grid(COMPLAINTS.name).rows[1:] if row)
    lost = [case for case in acknowledged if found[case] == 0]
    duplicated = [case for case, count in found.items() if count > 1]
    print(f"\nattempted 200 · acknowledged {len(acknowledged)} · found {sum(1 for c in acknowledged if found[c])} "
          f"· lost {len(lost)} · duplicated {len(duplicated)}")
    assert last.returncode == 0, out + err
    assert len(acknowledged) == 200 and lost == [] and duplicated == []
    assert "Traceback" not in err
