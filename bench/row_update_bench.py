"""Officers' row updates against the Google fake at 300 ms a call (issue 22).

    PYTHONPATH=. .venv/bin/python -m bench.row_update_bench            # 50 officers at once
    PYTHONPATH=. .venv/bin/python -m bench.row_update_bench --quick    # 10 officers, the CI smoke run
Measures: one officer's change in the sheet (seconds after the tap was queued, flusher every 2 s as in
ita-bot serve), and N officers acting at once: Sheets writes a second (peak in any second), lost changes.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from bench.harness import WRITE_CALLS, start_fakes
from sheets.flusher import Flusher
from sheets.google import GoogleWorkbook
from sheets.schema import COMPLAINTS, HISTORY
from state.outbox import Outbox
from state.row_changes import CellChange, RowChange, RowChangeWriter
from tests.fakes.sheets_api import FakeSheetsApi

LATENCY = 0.3
FLUSH_EVERY = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description="วัดเวลาบันทึกการดำเนินการของเจ้าหน้าที่ลงชีต")
    parser.add_argument("--quick", action="store_true", help="รอบสั้นสำหรับ CI")
    officers = 10 if parser.parse_args().quick else 50
    with tempfile.TemporaryDirectory() as folder:
        print(run(Path(folder), officers))


def run(workdir: Path, officers: int) -> str:
    fakes = start_fakes(workdir)
    writes: list[float] = []
    fakes.sheets.after_apply = lambda kind: writes.append(time.monotonic()) if kind in WRITE_CALLS else None
    try:
        workbook = GoogleWorkbook(fakes.sheets.spreadsheet.id, str(fakes.credentials), api_url=fakes.sheets.base_url)
        workbook.init_schema()
        header = list(COMPLAINTS.headers)
        fakes.sheets.seed(COMPLAINTS.name, [header, *[[f"2570-{n:04d}"] for n in range(1, officers + 2)]])
        fakes.sheets.latency = LATENCY
        outbox = Outbox(workdir / "outbox.sqlite3", "k" * 32)
        writer = RowChangeWriter(outbox, datetime.now)
        flusher = Flusher(outbox, workbook, datetime.now)
        stop = threading.Event()
        loop = threading.Thread(target=_flush_loop, args=(flusher, stop), daemon=True)
        loop.start()
        one = _wait_applied(fakes.sheets, writer, [_change(officers + 1)])
        writes.clear()
        many = _wait_applied(fakes.sheets, writer, [_change(n) for n in range(1, officers + 1)])
        stop.set()
        loop.join()
        peak = max(Counter(int(moment - writes[0]) for moment in writes).values()) if writes else 0
        found = len([row for row in fakes.sheets.grid(COMPLAINTS.name).rows[1:] if len(row) > 10 and row[10]])
        history = len([row for row in fakes.sheets.grid(HISTORY.name).rows[1:] if any(row)])
    finally:
        fakes.stop()
    lost = officers + 1 - found
    return (f"Sheets {LATENCY * 1000:.0f} ms/คำขอ · flusher ทุก {FLUSH_EVERY:.0f} วินาที\n"
            f"เจ้าหน้าที่ 1 คน: อยู่ในชีตใน {one:.2f} วินาที\n"
            f"เจ้าหน้าที่ {officers} คนพร้อมกัน: ครบใน {many:.2f} วินาที · เขียน Sheets {len(writes)} ครั้ง "
            f"· สูงสุด {peak} ครั้ง/วินาที · หาย {lost} · ประวัติ {history} แถว")


def _change(number: int) -> RowChange:
    name = f"เจ้าหน้าที่ {number}"
    return RowChange(COMPLAINTS.name, "เลขที่เรื่อง", f"2570-{number:04d}", (CellChange("ผู้รับผิดชอบ", "", name),),
                     f"bench-{number}", action="รับเรื่อง", by=name)


def _flush_loop(flusher: Flusher, stop: threading.Event) -> None:
    while not stop.is_set():
        flusher.flush_once()
        stop.wait(FLUSH_EVERY)


def _wait_applied(sheets: FakeSheetsApi, writer: RowChangeWriter, changes: list[RowChange]) -> float:
    """Queue the changes at once; seconds until the last one's history row is in the sheet."""
    wanted = {change.change_id for change in changes}
    start = time.monotonic()
    writer.submit_all(changes)
    pause = threading.Event()
    while not wanted <= {row[-1] for row in sheets.grid(HISTORY.name).rows[1:] if row}:
        if time.monotonic() - start > 120:
            raise RuntimeError("row changes did not reach the sheet in 120 s")
        pause.wait(0.05)
    return time.monotonic() - start


if __name__ == "__main__":
    main()
