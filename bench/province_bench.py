"""A province on one machine (issue 38): 300 offices in one process with Redis, one service account.

    PYTHONPATH=. .venv/bin/python -m bench.province_bench [--offices 300] [--quick]
Phases run in order on one started bot (``PHASES``; add one as a function of ``Province``): a cold start
(serving, then warm), questions and complaints, an idle minute. Throughout, the worker's threads are
sampled and ``/healthz`` probed twice a second (in the idle minute every 30 s, as the Dockerfile's HEALTHCHECK;
a half-minute probed twice a second follows). Writes bench/results/province-N.json (or province-quick.json).
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.harness import SECRET, TOKEN, Fakes, bot_env, cpu_seconds, run_load, start_bot, start_fakes, wait_for
from bench.offices_bench import STAFF
from bench.province_watch import Watch, healthz
from sheets.schema import COMPLAINTS
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.processes import free_port
from tests.fakes.redis_server import RedisServer

GOALS = {"threads_max": 64, "peak_rss_mb": 400, "healthz_p99_startup_s": 1.0, "healthz_p99_load_s": 1.0,
         "seconds_to_serving": 60, "idle_cpu_percent_of_one_core": 2.0}
COMPLAINT_STEPS = ["ร้องเรียน", "จัดซื้อจัดจ้าง", None, "ถัดไป", "กองช่าง", "ข้าม", "ข้าม", "ถัดไป", "ไม่รับ", "ยืนยันส่ง"]


class Province:
    """The running bot and its fakes, what each phase reads and what it reports."""

    def __init__(self, workdir: Path, count: int, *, complaints: int, idle_seconds: float) -> None:
        self.workdir, self.count = workdir, count
        self.complaints, self.idle_seconds = complaints, idle_seconds
        self.ids = [f"office-{n:03d}" for n in range(count)]
        self.redis = RedisServer(workdir / "redis-province")
        self.fakes: Fakes = start_fakes(workdir)
        for office in self.ids:  # each office its own sheet, as in a province (the demo data copied)
            sheet = copy.deepcopy(self.fakes.sheets.spreadsheet)
            sheet.id = sheet_of(office)
            self.fakes.sheets.spreadsheets[sheet.id] = sheet
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.results: dict[str, Any] = {"offices": count}
        self.started = 0.0

    def env(self) -> dict[str, str]:
        env = {**bot_env(self.fakes, self.workdir / "province", self.port), "ITA_STATE_URL": self.redis.url,
               "ITA_OFFICES": str(offices_file(self.workdir / "offices.toml", self.ids, self.fakes.credentials))}
        for office in self.ids:
            suffix = office.upper().replace("-", "_")
            env[f"LINE_CHANNEL_SECRET_{suffix}"], env[f"LINE_CHANNEL_ACCESS_TOKEN_{suffix}"] = SECRET, TOKEN
        return env

    def since_start(self) -> float:
        return round(time.time() - self.started, 1)

    def stop(self) -> None:
        self.fakes.stop()
        self.redis.stop()


def questions(province: Province, user: str = STAFF) -> list[dict[str, Any]]:
    """One staff question per office, each its own signed webhook."""
    jobs = []
    for office in province.ids:
        token = province.fakes.line.issue_reply_token(user)
        body = body_of(text_event(user, "คะแนน", token, int(time.time() * 1000)))
        jobs.append({"url": f"{province.base}/callback/{office}", "body": body.decode(), "key": token,
                     "headers": {"X-Line-Signature": sign(SECRET, body), "Content-Type": "application/json"}})
    return jobs


def complaint_jobs(province: Province) -> list[dict[str, Any]]:
    """One citizen per office files a complaint: the whole dialogue in one body (the inbox keeps its order)."""
    jobs = []
    for n, office in enumerate(province.ids[:province.complaints]):
        user, stamp = f"U{n + 1:032x}", int(time.time() * 1000)
        events = [text_event(user, text or f"ถนนสร้างไม่ตรงแบบ {canary(office)}",
                             province.fakes.line.issue_reply_token(user), stamp + k)
                  for k, text in enumerate(COMPLAINT_STEPS)]
        body = body_of(*events)
        jobs.append({"url": f"{province.base}/callback/{office}", "body": body.decode(), "key": office,
                     "headers": {"X-Line-Signature": sign(SECRET, body), "Content-Type": "application/json"}})
    return jobs


def sheet_of(office: str) -> str:
    return f"{office}-sheet"


def offices_file(path: Path, ids: list[str], credentials: Path) -> Path:
    """Every office on one service account, each with its own spreadsheet."""
    lines = ["[defaults]", 'store = "google"', f'google_credentials = "{credentials}"', ""]
    for office in ids:
        lines += [f"[offices.{office}]", f'spreadsheet_id = "{sheet_of(office)}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def canary(office: str) -> str:
    return f"[{office}]"


def complaints_in_sheet(province: Province) -> dict[str, int]:
    """Each complaining office's complaint rows in its own sheet."""
    counts = {}
    for office in province.ids[:province.complaints]:
        grid = province.fakes.sheets.spreadsheets[sheet_of(office)].grids[COMPLAINTS.name]
        counts[office] = sum(canary(office) in " ".join(map(str, row)) for row in grid.rows[1:])
    return counts


def answered(results: list[dict[str, Any]]) -> int:
    return sum(200 <= result["status"] < 300 for result in results)


def cold_start(province: Province, watch: Watch) -> None:
    """Serving: every office listed and its webhook acknowledged; then warm: every office has a snapshot."""
    watch.phase = "startup"
    wait_for(lambda: len(healthz(province.base).get("offices", {})) == province.count, 300)
    province.results["seconds_to_serving"] = province.since_start()
    before = len(province.fakes.line.deliveries)
    cold = run_load(questions(province), 100)
    province.results["cold_webhooks_acknowledged"] = answered(cold)
    wait_for(lambda: all_warm(province), 900)
    province.results["seconds_to_warm"] = province.since_start()
    wait_for(lambda: len(province.fakes.line.deliveries) - before >= province.count, 300)
    province.results["cold_questions_answered"] = len(province.fakes.line.deliveries) - before


def all_warm(province: Province) -> bool:
    offices = healthz(province.base).get("offices", {})
    return len(offices) == province.count and all(o["snapshot_age_seconds"] is not None for o in offices.values())


def load(province: Province, watch: Watch) -> None:
    """A question to every office and a complaint in ``complaints`` of them, at once."""
    watch.phase = "load"
    before = len(province.fakes.line.deliveries)
    results = run_load(questions(province) + complaint_jobs(province), 50)
    province.results["load_webhooks_acknowledged"] = answered(results)
    staff_answers = lambda: sum(1 for d in province.fakes.line.deliveries[before:] if STAFF in d.to)  # noqa: E731
    wait_for(lambda: staff_answers() >= province.count, 300)  # the complaints' replies are not answers to these
    province.results["questions_answered"] = staff_answers()
    begun = time.monotonic()
    wait_for(lambda: all(n >= 1 for n in complaints_in_sheet(province).values()), 900)  # at the budget's pace
    province.results["seconds_to_all_complaints_in_sheet"] = round(time.monotonic() - begun, 1)
    counts = complaints_in_sheet(province)
    province.results["complaints_in_sheet_once"] = sum(n == 1 for n in counts.values())
    province.results["complaints_in_sheet_twice"] = sum(n > 1 for n in counts.values())


def idle(province: Province, watch: Watch) -> None:
    """CPU of the worker over a quiet stretch, once its queues are empty, with /healthz probed as the Dockerfile's
    HEALTHCHECK does (every 30 s); then a shorter stretch probed twice a second, to show what probing costs."""
    watch.phase = "idle"
    wait_for(lambda: queues_empty(province), 120)
    province.results["idle_cpu_percent_of_one_core"] = cpu_percent(watch, province.idle_seconds)
    province.results["idle_seconds"] = province.idle_seconds
    watch.phase = "probed"
    province.results["idle_cpu_percent_probed_twice_a_second"] = cpu_percent(watch, province.idle_seconds / 2)


def cpu_percent(watch: Watch, seconds: float) -> float:
    """The worker's CPU over ``seconds`` of wall time, in percent of one core."""
    pids = watch.pids()
    start, begun = cpu_seconds(pids), time.monotonic()
    time.sleep(seconds)  # the quiet stretch we measure, not a synchronisation
    spent = cpu_seconds(pids) - start
    return round(100 * spent / (time.monotonic() - begun), 2)


def queues_empty(province: Province) -> bool:
    offices = healthz(province.base).get("offices", {}).values()
    return all(o["outbox_depth"] == 0 and o["event_queue_depth"] == 0 for o in offices)  # null: not read yet


Phase = Callable[[Province, Watch], None]
PHASES: list[Phase] = [cold_start, load, idle]


def province_run(workdir: Path, count: int, *, complaints: int, idle_seconds: float,
                 phases: list[Phase] | None = None) -> dict[str, Any]:
    province = Province(workdir, count, complaints=complaints, idle_seconds=idle_seconds)
    province.started = time.time()
    process = start_bot("ours", province.env(), workdir / f"ours-province-{count}.log")
    watch = Watch(province.base, process.pid)
    try:
        for phase in phases or PHASES:
            phase(province, watch)
        province.results.update(watch.figures())
        province.results["goals"] = judged(province.results)
        return province.results
    finally:
        watch.stop()
        process.terminate()
        process.wait(timeout=60)
        province.stop()


def judged(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each goal with the figure measured and whether it was met."""
    return {name: {"goal": goal, "measured": results.get(name),
                   "met": results.get(name) is not None and results[name] <= goal} for name, goal in GOALS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="30 offices, 20 s idle: for CI")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    count = 30 if args.quick else args.offices
    result = province_run(Path(tempfile.mkdtemp(prefix="ita-province-")), count, complaints=min(100, count),
                          idle_seconds=20 if args.quick else 60)
    print(json.dumps(result, indent=2))
    name = "province-quick.json" if args.quick else f"province-{count}.json"
    (Path(__file__).resolve().parent / "results" / name).write_text(json.dumps(result, indent=2) + "\n")
    if not all(goal["met"] for goal in result["goals"].values()):
        raise SystemExit("bench-province: a goal was not met (see the goals above)")


if __name__ == "__main__":
    main()
