"""The durable inbox under stress: a SIGKILL mid-load, and a burst of 8 messages from each of 200 people.

    PYTHONPATH=. .venv/bin/python -m bench.inbox_bench [--quick] [--seconds 60]
Part of ``make bench`` (``bench.run``); writes bench/results/inbox[-quick].json when run alone.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import tempfile
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import requests

from bench.harness import Fakes, bot_env, run_load, start_bot, start_fakes, summary, wait_for, webhook_jobs
from demo.workbook import demo_score_years, demo_user_id
from sheets.schema import COMPLAINTS
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.processes import free_port

TEXTS = ["เมนู", *(f"คะแนน ITA {year}" for year in reversed(demo_score_years(date.today())))]
FINISH = ["ถัดไป", "ไม่ทราบ", "ข้าม", "ข้าม", "ถัดไป", "ไม่รับ", "ยืนยันส่ง"]
SECRET = "b" * 32


def kill_hard(pid: int) -> None:
    """SIGKILL gunicorn's workers, then the master: nothing gets to finish."""
    try:
        workers = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        workers = []
    for worker in workers:
        os.kill(int(worker), signal.SIGKILL)
    os.kill(pid, signal.SIGKILL)


def idle(base: str) -> bool:
    try:
        return bool(requests.get(f"{base}/healthz", timeout=5).json()["events_in_progress"] == 0)
    except requests.RequestException:
        return False


def crash_run(fakes: Fakes, workdir: Path, count: int, rate: float) -> dict[str, Any]:
    """One event per person at ``rate``; SIGKILL the bot halfway, restart it on the same port at once."""
    port, folder = free_port(), workdir / "crash"
    base, env = f"http://127.0.0.1:{port}", bot_env(fakes, folder, port)
    users = [f"U{n:032x}" for n in range(10_000, 10_000 + count)]
    jobs = webhook_jobs(fakes, f"{base}/callback", [(user, TEXTS[n % 3]) for n, user in enumerate(users)], rate)
    process = start_bot("ours", env, workdir / "ours-crash-1.log")
    wait_for(lambda: idle(base), 60)
    results: list[dict[str, Any]] = []
    load = threading.Thread(target=lambda: results.extend(run_load(jobs, rate)))
    load.start()
    wanted = set(users)
    wait_for(lambda: sum(1 for d in fakes.line.deliveries if d.to[0] in wanted) >= count // 3, count / rate + 30)
    kill_hard(process.pid)
    process.wait(timeout=30)
    restarted = start_bot("ours", env, workdir / "ours-crash-2.log")
    try:
        load.join()
        missed = [job for job, result in zip(jobs, results, strict=True) if result["status"] != 200]
        wait_for(lambda: idle(base), 60)  # the restarted bot is up: LINE's redelivery comes later anyway
        redelivered = run_load(missed, rate) if missed else []  # as LINE does with webhook redelivery on
        for result in redelivered:
            results[next(n for n, job in enumerate(jobs) if job["key"] == result["key"])] = result
        wait_for(lambda: idle(base), 120)
    finally:
        restarted.terminate()
        restarted.wait(timeout=30)
    answers = Counter(d.to[0] for d in fakes.line.deliveries if d.to and d.to[0] in wanted)
    acknowledged = [job_user for job_user, result in zip(users, results, strict=True) if result["status"] == 200]
    return {"sent": count, "acknowledged": len(acknowledged),
            "answered": sum(1 for user in acknowledged if answers[user]),
            "lost": sum(1 for user in acknowledged if not answers[user]),
            "answered_twice": sum(1 for user in acknowledged if answers[user] > 1),
            "redelivered": len(missed)}


def burst_body(fakes: Fakes, people: list[str], texts_of: Any, stamp: int) -> bytes:
    events = []
    for person in people:
        for k, text in enumerate(texts_of(person)):
            events.append(text_event(person, text, fakes.line.issue_reply_token(person), stamp + k))
    return body_of(*events)


def post(base: str, body: bytes) -> int:
    return requests.post(f"{base}/callback", data=body, timeout=30,
                         headers={"X-Line-Signature": sign(SECRET, body), "Content-Type": "application/json"}
                         ).status_code


def burst_run(fakes: Fakes, workdir: Path, people: int) -> dict[str, Any]:
    """Each person is in the complaint details step and sends 8 messages in one body (all people in one body)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**bot_env(fakes, workdir / "burst", port), "ITA_COMPLAINT_HOURLY_CAP": "100000"}
    process = start_bot("ours", env, workdir / "ours-burst.log")
    who = [f"U{n:032x}" for n in range(20_000, 20_000 + people)]
    try:
        wait_for(lambda: idle(base), 60)
        now = int(time.time() * 1000)
        assert post(base, burst_body(fakes, who, lambda p: ["ร้องเรียน", "อื่น ๆ"], now)) == 200
        wait_for(lambda: idle(base), 300)
        body = burst_body(fakes, who, lambda p: [f"{p[-6:]}-ข้อความ{k}" for k in range(8)], now + 10)
        started = time.time()
        status = post(base, body)
        ack_ms = round((time.time() - started) * 1000, 1)
        wait_for(lambda: idle(base), 600)
        assert post(base, burst_body(fakes, who, lambda p: FINISH, now + 100)) == 200
        wait_for(lambda: idle(base), 600)
        wait_for(lambda: requests.get(f"{base}/healthz", timeout=5).json()["outbox_depth"] == 0, 300)
    finally:
        process.terminate()
        process.wait(timeout=30)
    rows = {str(row[4]).split("-")[0]: str(row[4]) for row in fakes.sheets.grid(COMPLAINTS.name).rows[1:]
            if row and len(row) > 4 and "-ข้อความ" in str(row[4])}
    kept = in_order = 0
    for person in who:
        expected = [f"{person[-6:]}-ข้อความ{k}" for k in range(8)]
        found = rows.get(person[-6:], "").split("\n")
        kept += sum(1 for text in expected if text in found)
        in_order += found == expected
    return {"people": people, "messages": people * 8, "body_bytes": len(body), "status": status, "ack_ms": ack_ms,
            "messages_kept": kept, "people_in_order": in_order}


def ack_run(fakes: Fakes, workdir: Path, rate: float, seconds: float) -> dict[str, Any]:
    """Staff-card events at ``rate`` (Sheets at 300 ms a call): how fast the webhook answers with the inbox."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_bot("ours", bot_env(fakes, workdir / "ack", port), workdir / "ours-ack.log")
    try:
        wait_for(lambda: idle(base), 60)
        staff = demo_user_id("demo-staff")
        texts = ["คะแนน", "เมนู", "วิเคราะห์", "OIT"]
        count = int(rate * seconds)
        jobs = webhook_jobs(fakes, f"{base}/callback", [(staff, texts[n % 4]) for n in range(count)], rate)
        results = run_load(jobs, rate)
        wait_for(lambda: idle(base), 120)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"rate": rate, "events": count, "ack_ms": summary([r["ms"] for r in results]),
            "non_2xx": sum(not 200 <= r["status"] < 300 for r in results)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=float, default=60, help="length of the 100 events/s ack run")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    workdir = Path(tempfile.mkdtemp(prefix="ita-inbox-"))
    out: dict[str, Any] = {"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "quick": args.quick}
    for name, run in (("ack", lambda f: ack_run(f, workdir, 100, 3 if args.quick else args.seconds)),
                      ("crash", lambda f: crash_run(f, workdir, *((100, 50) if args.quick else (3000, 100)))),
                      ("burst", lambda f: burst_run(f, workdir, 20 if args.quick else 200))):
        fakes = start_fakes(workdir)
        fakes.sheets.latency = 0.3
        try:
            out[name] = run(fakes)
        finally:
            fakes.stop()
    print_inbox(out)
    path = Path(__file__).resolve().parent / "results" / ("inbox-quick.json" if args.quick else "inbox.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


def print_inbox(out: dict[str, Any]) -> None:
    crash, burst = out["crash"], out["burst"]
    if "ack" in out:
        ack = out["ack"]
        print(f"\nack with the durable inbox, {ack['rate']:.0f} card events/s × {ack['events']}: "
              f"p50 {ack['ack_ms']['p50']} ms · p99 {ack['ack_ms']['p99']} ms · non-2xx {ack['non_2xx']}")
    print(f"\ncrash run (SIGKILL mid-load, restart): acknowledged {crash['acknowledged']} · answered "
          f"{crash['answered']} · lost {crash['lost']} · answered twice {crash['answered_twice']} "
          f"(refused while down, then redelivered: {crash['redelivered']})")
    print(f"burst run ({burst['people']} people × 8 messages in one body, {burst['body_bytes']:,} bytes, "
          f"answered {burst['status']} in {burst['ack_ms']} ms): messages kept {burst['messages_kept']} of "
          f"{burst['messages']} · people with all 8 in order {burst['people_in_order']} of {burst['people']}")


if __name__ == "__main__":
    main()
