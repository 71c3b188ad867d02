"""Many offices in one process (ITA_OFFICES): start-up time, memory, threads and Google Sheets reads.

    PYTHONPATH=. .venv/bin/python -m bench.offices_bench [--offices 50]
Every office has its own channel secret variable, its own webhook and its own snapshot; all point at the
Sheets fake and share one Redis. Writes bench/results/offices-N.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bench.harness import (
    SECRET,
    TOKEN,
    bot_env,
    run_load,
    start_bot,
    start_fakes,
    wait_for,
    webhook_jobs,
    worker_status,
)
from demo.workbook import demo_user_id
from tests.fakes.processes import free_port
from tests.fakes.redis_server import RedisServer

STAFF = demo_user_id("demo-staff")


def offices_file(path: Path, ids: list[str], credentials: Path, sheet_id: str) -> Path:
    lines = ["[defaults]", 'store = "google"', f'google_credentials = "{credentials}"',
             f'spreadsheet_id = "{sheet_id}"', ""]
    path.write_text("\n".join(lines + [f"[offices.{office}]" for office in ids]) + "\n", encoding="utf-8")
    return path


def all_ready(base: str, count: int) -> bool:
    offices = requests.get(f"{base}/healthz", timeout=30).json().get("offices", {})
    return len(offices) == count and all(o["snapshot_age_seconds"] is not None for o in offices.values())


def offices_run(workdir: Path, count: int, idle_seconds: float = 60) -> dict[str, Any]:
    server, fakes = RedisServer(workdir / "redis-offices"), start_fakes(workdir)
    ids = [f"office-{n:03d}" for n in range(count)]
    port = free_port()
    env = {**bot_env(fakes, workdir / "offices", port), "ITA_STATE_URL": server.url,
           "ITA_OFFICES": str(offices_file(workdir / "offices.toml", ids, fakes.credentials,
                                           fakes.sheets.spreadsheet.id))}
    for office in ids:
        suffix = office.upper().replace("-", "_")
        env[f"LINE_CHANNEL_SECRET_{suffix}"], env[f"LINE_CHANNEL_ACCESS_TOKEN_{suffix}"] = SECRET, TOKEN
    started = time.time()
    process = start_bot("ours", env, workdir / f"ours-offices-{count}.log")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: all_ready(base, count), 300)
        ready = round(time.time() - started, 1)
        before = len(fakes.line.deliveries)
        jobs = [job for office in ids for job in webhook_jobs(fakes, f"{base}/callback/{office}", [(STAFF, "คะแนน")])]
        results = run_load(jobs, 50)
        wait_for(lambda: len(fakes.line.deliveries) - before >= count, 120)
        reads_before = fakes.reads()
        threading.Event().wait(idle_seconds)  # the quiet minute whose reads we count, not a synchronisation
        return {"offices": count, "seconds_to_ready": ready, "answered": len(fakes.line.deliveries) - before,
                "webhook_errors": sum(not 200 <= r["status"] < 300 for r in results),
                "sheets_reads_per_idle_minute": round((fakes.reads() - reads_before) * 60 / idle_seconds, 1),
                **worker_status(process.pid)}
    finally:
        process.terminate()
        process.wait(timeout=60)
        fakes.stop()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=50)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    result = offices_run(Path(tempfile.mkdtemp(prefix="ita-offices-")), args.offices)
    print(json.dumps(result, indent=2))
    out = Path(__file__).resolve().parent / "results" / f"offices-{args.offices}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
