"""Webhook load alone: signed events at a fixed rate against `ita-bot serve`, light messages only.

The Google Sheets fake answers every call after 300 ms, the LINE API fake records the replies; the bot
runs in its own process and the load comes from `bench.loadgen`, as in `make bench`.

    PYTHONPATH=. .venv/bin/python -m bench.webhook_load            # 100 events/s for 30 s
    PYTHONPATH=. .venv/bin/python -m bench.webhook_load --rate 50 --seconds 5
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from datetime import date, datetime
from pathlib import Path

import requests

from bench.harness import bot_env, run_load, start_bot, start_fakes, summary, wait_for, webhook_jobs
from demo.workbook import demo_score_years
from tests.fakes.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ("เมนู", *(f"คะแนน ITA {year}" for year in reversed(demo_score_years(date.today()))), "สวัสดี")


def run(rate: float, seconds: float) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    fakes = start_fakes(workdir)
    port = free_port()
    bot = start_bot("ours", bot_env(fakes, workdir / "var", port), workdir / "ours.log")
    try:
        wait_for(lambda: requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200, 60)
        fakes.sheets.latency = 0.3
        total = int(rate * seconds)
        users = [f"U{n:032x}" for n in range(200)]
        jobs = webhook_jobs(fakes, f"http://127.0.0.1:{port}/callback",
                            [(users[n % len(users)], TEXTS[n % len(TEXTS)]) for n in range(total)], rate)
        reads_before = fakes.reads()
        results = run_load(jobs, rate)
        wait_for(lambda: len(fakes.line.deliveries) >= total, 60)
    finally:
        bot.terminate()
        bot.wait(timeout=30)
        fakes.stop()
    return {"date": datetime.now().isoformat(timespec="seconds"), "rate_per_s": rate, "seconds": seconds,
            "events": total, "ack_ms": summary([r["ms"] for r in results]),
            "non_2xx": sum(not 200 <= r["status"] < 300 for r in results),
            "replies_delivered": len(fakes.line.deliveries), "sheets_reads_during_run": fakes.reads() - reads_before,
            "sheets_latency_ms": 300}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    result = run(args.rate, args.seconds)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = ROOT / "bench" / "results" / "webhook_load.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
