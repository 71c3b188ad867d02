"""A province's Sheets traffic on one service account, in compressed time, against quota-enforcing fakes.

``PYTHONPATH=. .venv/bin/python -m bench.province_sheets [--quick]``: the Sheets fake enforces Google's
per-user and per-project quotas (429 beyond them) and the Drive fake lists a change 30–180 s after the
edit, both on the same virtual clock as the bot's budget, snapshots and watch (real HTTP, real Redis).
Phases: warm from cold; a busy period (questions, complaints, admin edits, half pushed); a restart of
the bot with Redis kept. Prints a JSON report with each goal.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bench.harness import percentile
from sheets.budget import SheetsBudget
from sheets.drive_changes import DriveChanges
from sheets.flusher import Flusher
from sheets.google import GoogleWorkbook
from sheets.google_http import DRIVE_ORIGIN, DRIVE_SCOPE, google_session
from sheets.schema import COMPLAINTS, SETTINGS, TABS
from sheets.sheet_watch import SheetWatch, WatchedOffice
from sheets.snapshot import SnapshotCache
from state.outbox import Outbox
from state.page_tokens import RedisPageTokens
from state.rate_window import RedisWindow
from state.redis_store import connect_redis
from state.shared_snapshot import RedisSnapshot
from tests.conftest import FakeClock
from tests.fakes.drive_api import FakeDriveApi
from tests.fakes.google_quota import Quota
from tests.fakes.redis_server import RedisServer
from tests.fakes.sheets_api import FakeSheetsApi

ACCOUNT = "ita-bot@fake-project.iam.gserviceaccount.com"


@dataclass
class World:
    clock: FakeClock
    sheets: FakeSheetsApi
    drive: FakeDriveApi
    redis_url: str
    credentials: Path
    workdir: Path
    claims: set[tuple[str, str, str]] = field(default_factory=set)

    def seconds(self) -> float:
        return self.clock().timestamp()


@dataclass
class Instance:
    watch: SheetWatch
    caches: dict[str, SnapshotCache]


def service_account_file(sheets: FakeSheetsApi, workdir: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    path = workdir / "service-account.json"
    path.write_text(json.dumps(sheets.service_account_info(private, public)))
    return path


def seed_office(sheets: FakeSheetsApi, office: str) -> None:
    sheet = sheets.add_spreadsheet(f"sheet-{office}")
    for tab in TABS:
        sheet.add_sheet(tab.name).rows = [list(tab.headers)]
    sheet.grids[SETTINGS.name].rows.append(["org_name", f"อบต.{office}", ""])


def start_instance(world: World, offices: list[str], budget: SheetsBudget, *, drive: bool) -> Instance:
    """One bot process: a metered workbook and a snapshot shared through Redis per office, one watch."""
    client = connect_redis(world.redis_url)
    watch, caches = SheetWatch(world.clock), {}
    for office in offices:
        workbook = GoogleWorkbook(f"sheet-{office}", str(world.credentials), api_url=world.sheets.base_url,
                                  sleep=lambda seconds: None, budget=budget)
        caches[office] = SnapshotCache(workbook, world.clock, 30, shared=RedisSnapshot(client, f"ita:{{{office}}}:"))

        def claim(job: str, period: str, office: str = office) -> bool:
            fresh = (office, job, period) not in world.claims
            world.claims.add((office, job, period))
            return fresh

        watch.add(WatchedOffice(office, caches[office], f"sheet-{office}", ACCOUNT, budget, claim))
    if drive:
        session = google_session(str(world.credentials), [DRIVE_SCOPE], DRIVE_ORIGIN, api_url=world.drive.base_url)
        watch.feeds = [DriveChanges(session, RedisPageTokens(client), ACCOUNT, watch.mark_file)]
    return instance_ready(Instance(watch, caches))


def instance_ready(instance: Instance) -> Instance:
    instance.watch.poll_once()
    return instance


def budget(world: World, name: str, per_minute: int = 50) -> SheetsBudget:
    client = connect_redis(world.redis_url)
    return SheetsBudget(RedisWindow(client, f"ita:{{budget:{name}}}:read", per_minute),
                        RedisWindow(client, f"ita:{{budget:{name}}}:write", per_minute), world.clock)


def warm(world: World, instance: Instance, limit: float) -> tuple[float, int]:
    """Virtual seconds until every office holds a snapshot (a watch tick every 5 s), and the reads it took."""
    start, reads = world.seconds(), world.sheets.calls["batchGet"]
    while any(cache.peek() is None for cache in instance.caches.values()):
        if world.seconds() - start > limit:
            break
        instance.watch.tick()
        world.clock.advance(5)
    return world.seconds() - start, world.sheets.calls["batchGet"] - reads


def busy_period(world: World, instance: Instance, busy: list[str], args: argparse.Namespace,
                account: SheetsBudget) -> dict[str, Any]:
    rng = random.Random(38)
    outboxes = {office: Outbox(world.workdir / f"outbox-{office}.sqlite3", "k" * 32) for office in busy}
    flushers = {office: Flusher(outboxes[office], instance.caches[office].backend, world.clock, budget=account)
                for office in busy}
    seconds = args.minutes * 60
    edits = {rng.randrange(60, seconds - 300): (rng.choice(busy), n % 2 == 0) for n in range(args.edits)}
    pending: dict[str, tuple[float, str, bool]] = {}
    pushes: set[str] = set()
    latencies: dict[bool, list[float]] = {True: [], False: []}
    questions = unanswered = complaints = 0
    for second in range(seconds):
        now = world.seconds()
        for office in busy:
            if rng.random() < 1 / 30:  # a question every ~30 s per busy office
                questions += 1
                unanswered += instance.caches[office].get(wait=0) is None
            if rng.random() < args.complaints_per_hour / 3600:
                complaints += 1
                outboxes[office].put_record(COMPLAINTS, {"เลขที่เรื่อง": f"{office}-{complaints}",
                                                         "วันที่รับ": "23/11/2569"}, world.clock())
        if second in edits:
            office, pushed = edits[second]
            marker = f"แก้ไขครั้งที่ {second}"
            world.sheets.spreadsheets[f"sheet-{office}"].grids[SETTINGS.name].rows[1][1] = marker
            world.drive.edit(f"sheet-{office}", delay=rng.uniform(30, 180))
            pending[office] = (now, marker, pushed)
        for office, (edited, marker, pushed) in list(pending.items()):
            if pushed and marker not in pushes and now - edited >= 3:  # the Apps Script's debounce, then its POST
                instance.watch.mark(office)
                pushes.add(marker)
            snapshot = instance.caches[office].peek()
            if snapshot and snapshot.settings.get("org_name") == marker:
                latencies[pushed].append(now - edited)
                del pending[office]
        if second % 2 == 0:
            for office, flusher in flushers.items():
                if flusher.flush_once().written:
                    world.drive.edit(f"sheet-{office}", by_me=True, delay=rng.uniform(30, 180))
        if second % 5 == 0:
            instance.watch.tick()
        if second % args.drive_poll == 0:
            instance.watch.poll_once()
        world.clock.advance(1)
    rows = [row[0] for office in busy for row in world.sheets.spreadsheets[f"sheet-{office}"].grids[
        COMPLAINTS.name].rows[1:]]
    return {"questions": questions, "questions_without_answer": unanswered, "complaints": complaints,
            "complaints_in_sheets": len(rows), "complaints_duplicated": len(rows) - len(set(rows)),
            "complaints_still_queued": sum(o.depth() for o in outboxes.values()),
            "edits_seen": {"push": len(latencies[True]), "drive_only": len(latencies[False])},
            "edits_never_seen": len(pending),
            "edit_visible_p95_s": {"push": percentile(latencies[True], 0.95),
                                   "drive_only": percentile(latencies[False], 0.95)}}


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="province-sheets-"))
    clock = FakeClock(datetime(2026, 11, 23, 8, 0))
    sheets = FakeSheetsApi()
    sheets.quota = Quota(lambda: clock().timestamp())
    sheets.start()
    drive = FakeDriveApi(sheets, lambda: clock().timestamp())
    drive.start()
    redis = RedisServer(workdir / "redis")
    world = World(clock, sheets, drive, redis.url, service_account_file(sheets, workdir), workdir)
    offices = [f"office-{n:03d}" for n in range(args.offices)]
    for office in offices:
        seed_office(sheets, office)
    try:
        account = budget(world, ACCOUNT)
        wall = time.monotonic()
        cold = start_instance(world, offices, account, drive=True)
        cold_seconds, cold_reads = warm(world, cold, 30 * 60)
        report: dict[str, Any] = {"offices": args.offices, "busy_offices": args.busy, "edits": args.edits,
                                  "busy_minutes": args.minutes,
                                  "warm_from_cold": {"virtual_seconds": cold_seconds, "reads": cold_reads,
                                                     "goal_seconds": 8 * 60 * args.offices / 300}}
        report["busy"] = busy_period(world, cold, offices[:args.busy], args, account)
        reads_before, restart_wall = sheets.calls["batchGet"], time.monotonic()
        restarted = start_instance(world, offices, account, drive=True)  # a new process, Redis kept
        seconds, _ = warm(world, restarted, 600)
        report["warm_after_restart"] = {"virtual_seconds": seconds, "sheets_reads": sheets.calls["batchGet"]
                                        - reads_before, "wall_seconds": round(time.monotonic() - restart_wall, 2),
                                        "goal_seconds": 60}
        report["sheets_429"] = sheets.quota.rejected
        report["sheets_requests"] = dict(sheets.calls)
        report["drive_requests"] = dict(drive.calls)
        report["wall_seconds"] = round(time.monotonic() - wall, 1)
        return report
    finally:
        drive.stop()
        sheets.stop()
        redis.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offices", type=int, default=300)
    parser.add_argument("--busy", type=int, default=100)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--complaints-per-hour", type=float, default=3.0, help="per busy office")
    parser.add_argument("--drive-poll", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="60 offices, 20 busy, 6 edits, 15 minutes")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.quick:
        args.offices, args.busy, args.edits, args.minutes = 60, 20, 6, 15
    report = run(args)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    missed = missed_goals(report)
    if missed:
        raise SystemExit("bench province_sheets: goals not met: " + ", ".join(missed))


def missed_goals(report: dict[str, Any]) -> list[str]:
    """The goals of issue 38's Sheets half that this run missed (none: every goal met)."""
    busy, p95 = report["busy"], report["busy"]["edit_visible_p95_s"]
    checks = {"no 429": report["sheets_429"] == 0, "every question answered": busy["questions_without_answer"] == 0,
              "every complaint once": busy["complaints_in_sheets"] == busy["complaints"]
              and not busy["complaints_duplicated"],
              "push p95 <= 30 s": p95["push"] is None or p95["push"] <= 30,
              "Drive p95 <= 240 s": p95["drive_only"] is None or p95["drive_only"] <= 240,
              "warm from cold in time": report["warm_from_cold"]["virtual_seconds"]
              <= report["warm_from_cold"]["goal_seconds"],
              "warm after restart <= 60 s": report["warm_after_restart"]["virtual_seconds"] <= 60}
    return [name for name, met in checks.items() if not met]


if __name__ == "__main__":
    main()
