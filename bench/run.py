"""make bench: our bot against the common naive bot, on the same fakes and harness (DESIGN §9).

    .venv/bin/python -m bench.run            # full run, about 9 minutes on 2 cores (with the scale-out run)
    .venv/bin/python -m bench.run --quick    # the CI smoke run: small numbers, invariants checked
    .venv/bin/python -m bench.run --memory   # only the peak RSS runs, demo and large workbook
Prints one table (ours, naive, ratio) and writes bench/results/bench[-quick].json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import re
import shutil
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from bench.harness import (
    Fakes,
    bot_env,
    bot_pids,
    cpu_seconds,
    leaks,
    refused_bodies,
    run_load,
    start_bot,
    start_fakes,
    summary,
    wait_for,
    webhook_jobs,
    worker_peak_rss_mb,
)
from bench.inbox_bench import burst_run as inbox_burst_run
from bench.inbox_bench import crash_run, print_inbox
from bench.scale import print_rows, scale_run
from demo.workbook import demo_user_id
from handlers.complaints.desk import ComplaintDesk, Draft
from sheets.google import GoogleWorkbook
from sheets.schema import COMPLAINTS, MEASURES
from sheets.workbook import parse_workbook
from state.complaint_ledger import ComplaintLedger
from state.outbox import Outbox, OutboxWriter
from tests.fakes.processes import free_port, kill_flusher_during_append, run_flush

ROOT = Path(__file__).resolve().parent.parent
STAFF = demo_user_id("demo-staff")
FULL = {"rate": 100, "seconds": 60, "down_seconds": 30, "queries": 1000, "burst": 600, "burst_seconds": 60,
        "faults": 1000, "rss_complaints": 50_000, "rss_measures": 1000, "scale_rate": 250, "scale_seconds": 20,
        "crash_events": 3000, "crash_rate": 100, "burst_people": 200}
QUICK = {"rate": 50, "seconds": 4, "down_seconds": 3, "queries": 100, "burst": 60, "burst_seconds": 6,
         "faults": 150, "rss_complaints": 3000, "rss_measures": 200, "scale_rate": 40, "scale_seconds": 3,
         "crash_events": 100, "crash_rate": 50, "burst_people": 20}
FAULTS = ["429", "503", "lost", "pass", "500", "timeout", "pass", "lost", "pass", "pass"]
NAIVE_FAULTS = ["pass", "429", "pass", "pass", "lost", "pass", "503", "pass", "pass", "drop"]


def latency_run(fakes: Fakes, url: str, count: int, rate: float) -> dict[str, Any]:
    texts = ["คะแนน", "เมนู", "วิเคราะห์", "OIT"]
    jobs = webhook_jobs(fakes, url, [(STAFF, texts[n % len(texts)]) for n in range(count)], rate)
    reads_before, delivered_before = fakes.reads(), len(fakes.line.deliveries)
    results = run_load(jobs, rate)
    wait_for(lambda: len(fakes.line.deliveries) - delivered_before >= count, 15)
    sent = {r["key"]: r["sent"] for r in results}
    e2e = [(d.at.timestamp() - sent[d.reply_token]) * 1000 for d in fakes.line.deliveries[delivered_before:]
           if d.reply_token in sent]
    acks = [r["ms"] for r in results]
    errors = sum(not 200 <= r["status"] < 300 for r in results)
    return {"ack_ms": summary(acks), "error_rate": round(errors / len(results), 4),
            "server_errors": sum(r["status"] >= 500 for r in results), "e2e_ms": summary(e2e),
            "replied": len(e2e), "sheets_reads": fakes.reads() - reads_before, "requests": len(results)}


def burst_run(kind: str, fakes: Fakes, base: str, count: int, seconds: float, canaries: list[str]) -> dict[str, Any]:
    writes_before = fakes.writes()
    if kind == "ours":
        jobs = [{"form": f"{base}/complaint", "key": str(n), "fields": {
            "category": "อื่น ๆ", "details": canaries[n % len(canaries)], "accused": "", "place": "",
            "incident_date": ""}} for n in range(count)]
    else:
        jobs = webhook_jobs(fakes, f"{base}/callback",
                            [(f"U{n:032x}", f"ร้องเรียน {canaries[n % len(canaries)]}") for n in range(count)],
                            count / seconds)
    results = run_load(jobs, count / seconds)
    if kind == "ours":
        wait_for(lambda: requests.get(f"{base}/healthz", timeout=5).json()["outbox_depth"] == 0, 120)
    return {"complaints": count, "acknowledged": sum(r["status"] == 200 for r in results),
            "sheets_writes": fakes.writes() - writes_before}


def with_bot(kind: str, fakes: Fakes, workdir: Path, name: str, scenario: Any) -> Any:
    """Run one scenario on a fresh bot process, so that no backlog of a previous one is left behind."""
    port = free_port()
    log = workdir / f"{kind}-{name}.log"
    process = start_bot(kind, bot_env(fakes, workdir / kind, port), log)
    base = f"http://127.0.0.1:{port}"
    try:
        if kind == "ours":
            wait_for(lambda: requests.get(f"{base}/healthz", timeout=10).status_code == 200, 60)
        else:  # the naive bot opens the sheet when it boots: wait for its first answer
            warm = len(fakes.line.deliveries)
            run_load(webhook_jobs(fakes, f"{base}/callback", [(STAFF, "เมนู")]), 1)
            wait_for(lambda: len(fakes.line.deliveries) > warm, 30)
        pids = bot_pids(process.pid)
        cpu_before = cpu_seconds(pids)
        result = scenario(base)
        if isinstance(result, dict):
            result["peak_rss_mb"] = worker_peak_rss_mb(process.pid)
            result["bot_cpu_seconds"] = round(cpu_seconds(pids) - cpu_before, 2)
            if result.get("replied"):
                result["cpu_ms_per_reply"] = round(result["bot_cpu_seconds"] * 1000 / result["replied"], 2)
        return result
    finally:
        if kind == "naive":
            process.kill()  # drop its backlog; ours stops gracefully
        else:
            process.terminate()
        process.wait(timeout=30)


def measure_bot(kind: str, fakes: Fakes, workdir: Path, p: dict[str, Any], canaries: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    count = p["rate"] * p["seconds"]
    out["healthy"] = with_bot(kind, fakes, workdir, "healthy",
                              lambda base: latency_run(fakes, f"{base}/callback", count, p["rate"]))
    # The naive bot reads twice per query whatever the rate: 100 queries at a rate it can serve, scaled.
    queries, rate = (p["queries"], p["rate"]) if kind == "ours" else (min(p["queries"], 100), 10)
    measured = with_bot(kind, fakes, workdir, "queries",
                        lambda base: latency_run(fakes, f"{base}/callback", queries, rate))
    out["reads_per_1000_queries"] = round(measured["sheets_reads"] * 1000 / queries, 1)

    def down(base: str) -> dict[str, Any]:
        fakes.sheets.down = True
        try:
            return latency_run(fakes, f"{base}/callback", p["rate"] * p["down_seconds"], p["rate"])
        finally:
            fakes.sheets.down = False

    out["sheets_down"] = with_bot(kind, fakes, workdir, "down", down)
    out["burst"] = with_bot(kind, fakes, workdir, "burst",
                            lambda base: burst_run(kind, fakes, base, p["burst"], p["burst_seconds"], canaries))
    out["peak_rss_mb"] = out["healthy"]["peak_rss_mb"]
    return out


def fault_run_ours(fakes: Fakes, workdir: Path, count: int) -> dict[str, Any]:
    """count complaints acknowledged, then two SIGKILLs of the flusher and injected faults; what arrived?"""
    folder = workdir / "fault"
    env = {**bot_env(fakes, folder, free_port()), "ITA_SHEETS_TIMEOUT": "0.5"}
    fakes.sheets.timeout_hold = 1.0
    outbox = Outbox(folder / "outbox.sqlite3", env["ITA_SECRET_KEY"])  # sealed with the flusher's key
    desk = ComplaintDesk(ComplaintLedger(folder / "ledger.sqlite3", env["ITA_SECRET_KEY"]),
                         OutboxWriter(outbox, datetime.now),
                         datetime.now, rng=random.Random(5), hourly_cap=10**6)
    sheet = GoogleWorkbook(fakes.sheets.spreadsheet.id, str(fakes.credentials), api_url=fakes.sheets.base_url)
    snapshot = parse_workbook(sheet.read_tables(), datetime.now())  # case numbers continue after the sheet's
    acked = [desk.file(Draft("อื่น ๆ", [f"fault {n}"], "ไม่ทราบ"), "LINE", snapshot, sender=None,
                       user_id=None).case_no for n in range(count)]
    outbox.close()
    started = time.time()
    kill_flusher_during_append(fakes.sheets, env, "--retry-now")
    fakes.sheets.faults.extend(FAULTS)
    kill_flusher_during_append(fakes.sheets, env, "--retry-now")
    fakes.sheets.faults.extend(FAULTS * 2)
    last = run_flush(env, "--retry-now")
    last.communicate(timeout=600)
    drained = round(time.time() - started, 1)
    found = Counter(str(row[0]) for row in fakes.sheets.grid(COMPLAINTS.name).rows[1:] if row)
    return {"attempted": count, "acknowledged": len(acked), "found": sum(1 for c in acked if found[c]),
            "lost": sum(1 for c in acked if not found[c]), "duplicated": sum(1 for c in acked if found[c] > 1),
            "seconds_to_drain": drained}


def fault_run_naive(fakes: Fakes, workdir: Path, count: int) -> dict[str, Any]:
    port = free_port()
    process = start_bot("naive", bot_env(fakes, workdir / "naive-fault", port), workdir / "naive-fault.log")
    try:
        warm = len(fakes.line.deliveries)
        run_load(webhook_jobs(fakes, f"http://127.0.0.1:{port}/callback", [(STAFF, "คะแนน")]), 1)
        wait_for(lambda: len(fakes.line.deliveries) > warm, 30)  # booted (it opens the sheet at start)
        before = len(fakes.line.deliveries)
        fakes.sheets.faults.extend(NAIVE_FAULTS * (2 * count // len(NAIVE_FAULTS) + 1))
        texts = [f"ร้องเรียน naive-fault-{n}" for n in range(count)]
        results = run_load(webhook_jobs(fakes, f"http://127.0.0.1:{port}/callback",
                                        [(f"U{n:032x}", t) for n, t in enumerate(texts)]), 50)
        fakes.sheets.faults.clear()
        last = [-1]

        def settled() -> bool:
            """No new reply since the last look: the naive bot has finished its slow appends."""
            current = len(fakes.line.deliveries)
            stable, last[0] = current == last[0], current
            return stable

        wait_for(settled, 30)
        del results
        receipts = [d for d in fakes.line.deliveries[before:] if "รับเรื่องแล้ว" in str(d.messages[0].get("text"))]
        rows = [row for row in fakes.sheets.grid(COMPLAINTS.name).rows[1:] if row and "naive-fault-" in str(row[4:5])]
        acked = {re.search(r"เลขที่ (N-\w+)", str(d.messages[0]["text"])).group(1) for d in receipts}  # type: ignore[union-attr]
        found = Counter(str(row[0]) for row in rows)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"attempted": count, "acknowledged": len(acked), "found": sum(1 for c in acked if found[c]),
            "lost": sum(1 for c in acked if not found[c]), "duplicated": sum(1 for c in acked if found[c] > 1),
            "in_sheet_without_receipt": len(rows) - len(acked & set(found)), "seconds_to_drain": 0.0}


def seed_large(fakes: Fakes, complaints: int, measures: int) -> None:
    header = list(COMPLAINTS.headers)
    rows = [[f"2569-{n:05d}", "01/11/2568 09:00", "LINE", "อื่น ๆ", f"รายละเอียด {n}", "ไม่ทราบ", "", "", "",
             "รับเรื่อง", "", "15/11/2568"] for n in range(complaints)]
    fakes.sheets.seed(COMPLAINTS.name, [header, *rows])
    measure_rows = [[f"M{n}", 2570, n % 10 + 1, f"มาตรการ {n}", "", "กองคลัง", "01/10/2569", "30/09/2570",
                     "กำลังดำเนินการ", 10] for n in range(measures)]
    fakes.sheets.seed(MEASURES.name, [list(MEASURES.headers), *measure_rows])


def rss_run(kind: str, fakes: Fakes, workdir: Path) -> float:
    port = free_port()
    process = start_bot(kind, bot_env(fakes, workdir / f"rss-{kind}", port), workdir / f"rss-{kind}.log")
    try:
        if kind == "ours":
            wait_for(lambda: requests.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code == 200, 60)
        run_load(webhook_jobs(fakes, f"http://127.0.0.1:{port}/callback", [(STAFF, "มาตรการ")] * 20), 10)
        return worker_peak_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def table(ours: dict[str, Any], naive: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    def ratio(a: Any, b: Any) -> str:
        try:
            return f"{float(b) / float(a):.1f}×" if float(a) else "—"
        except (TypeError, ValueError):
            return "—"

    rows = [
        ("ack p50 ms (Sheets 300 ms, durable inbox)", ours["healthy"]["ack_ms"]["p50"],
         naive["healthy"]["ack_ms"]["p50"]),
        ("ack p99 ms (Sheets 300 ms, durable inbox)", ours["healthy"]["ack_ms"]["p99"],
         naive["healthy"]["ack_ms"]["p99"]),
        ("error rate (Sheets 300 ms)", ours["healthy"]["error_rate"], naive["healthy"]["error_rate"]),
        ("ack p50 ms (Sheets down)", ours["sheets_down"]["ack_ms"]["p50"], naive["sheets_down"]["ack_ms"]["p50"]),
        ("ack p99 ms (Sheets down)", ours["sheets_down"]["ack_ms"]["p99"], naive["sheets_down"]["ack_ms"]["p99"]),
        ("error rate (Sheets down)", ours["sheets_down"]["error_rate"], naive["sheets_down"]["error_rate"]),
        ("replies while Sheets down", ours["sheets_down"]["replied"], naive["sheets_down"]["replied"]),
        ("replies within 15 s (healthy run)", ours["healthy"]["replied"], naive["healthy"]["replied"]),
        ("webhook→reply p50 ms", ours["healthy"]["e2e_ms"]["p50"], naive["healthy"]["e2e_ms"]["p50"]),
        ("webhook→reply p95 ms", ours["healthy"]["e2e_ms"]["p95"], naive["healthy"]["e2e_ms"]["p95"]),
        ("bot CPU ms per card reply (healthy run)", ours["healthy"].get("cpu_ms_per_reply"),
         naive["healthy"].get("cpu_ms_per_reply")),
        ("Sheets reads / 1,000 staff queries", ours["reads_per_1000_queries"], naive["reads_per_1000_queries"]),
        (f"Sheets writes / {ours['burst']['complaints']} complaints", ours["burst"]["sheets_writes"],
         naive["burst"]["sheets_writes"]),
        ("fault run: acknowledged", ours["fault"]["acknowledged"], naive["fault"]["acknowledged"]),
        ("fault run: lost", ours["fault"]["lost"], naive["fault"]["lost"]),
        ("fault run: duplicated", ours["fault"]["duplicated"], naive["fault"]["duplicated"]),
        ("fault run: seconds to drain", ours["fault"]["seconds_to_drain"], naive["fault"]["seconds_to_drain"]),
        ("peak RSS MiB (demo data)", ours["peak_rss_mb"], naive["peak_rss_mb"]),
        ("peak RSS MiB (large workbook)", ours["rss_large_mb"], naive["rss_large_mb"]),
    ]
    return [(name, a, b, ratio(a, b)) for name, a, b in rows]  # type: ignore[misc]


def inbox_runs(workdir: Path, params: dict[str, Any]) -> dict[str, Any]:
    """The crash run and the burst run, each on fresh fakes (Sheets at 300 ms per call)."""
    out: dict[str, Any] = {}
    for name in ("crash", "burst"):
        fakes = start_fakes(workdir)
        fakes.sheets.latency = 0.3
        try:
            out[name] = (crash_run(fakes, workdir, params["crash_events"], params["crash_rate"]) if name == "crash"
                         else inbox_burst_run(fakes, workdir, params["burst_people"]))
        finally:
            fakes.stop()
    return out


def memory_run(workdir: Path, params: dict[str, Any]) -> None:
    """``--memory``: only the peak RSS of each bot's worker, demo workbook then the large one (a minute)."""
    for folder in ("demo", "large"):
        (workdir / folder).mkdir()
    for kind in ("ours", "naive"):
        fakes = start_fakes(workdir)
        try:
            demo = rss_run(kind, fakes, workdir / "demo")
            seed_large(fakes, params["rss_complaints"], params["rss_measures"])
            large = rss_run(kind, fakes, workdir / "large")
        finally:
            fakes.stop()
        print(f"peak RSS MiB of the worker, {kind}: demo workbook {demo} · {params['rss_complaints']:,} complaints "
              f"+ {params['rss_measures']:,} measures {large}")


def memory_gib() -> int:
    return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--memory", action="store_true", help="only the peak RSS runs (about a minute)")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    params = QUICK if args.quick else FULL
    workdir = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    if args.memory:
        memory_run(workdir, params)
        return
    canaries = [f"CANARY{n:03d}-คานารี" for n in range(20)]
    started = time.time()
    results: dict[str, Any] = {}
    for kind in ("ours", "naive"):
        fakes = start_fakes(workdir)
        fakes.sheets.latency = 0.3
        try:
            results[kind] = measure_bot(kind, fakes, workdir, params, canaries)
            fakes.sheets.latency = 0.0
            results[kind]["fault"] = (fault_run_ours if kind == "ours" else fault_run_naive)(
                fakes, workdir, params["faults"])
            seed_large(fakes, params["rss_complaints"], params["rss_measures"])
            results[kind]["rss_large_mb"] = rss_run(kind, fakes, workdir)
        finally:
            fakes.stop()
    results["inbox"] = inbox_runs(workdir, params)
    results["scale"] = scale_run(workdir, params["scale_rate"], params["scale_seconds"])
    ours_logs = [*sorted(workdir.glob("ours-*.log")), workdir / "rss-ours.log"]

    results["ours"]["leaked_canaries"] = leaks(ours_logs, canaries)
    results["ours"]["refused_503"] = refused_bodies(ours_logs)
    rows = table(results["ours"], results["naive"])
    meta = {"date": datetime.now().isoformat(timespec="seconds"), "quick": args.quick, "params": params,
            "machine": f"{os.cpu_count()} cores, {memory_gib()} GiB, {platform.machine()}, "
                       f"Python {platform.python_version()}",
            "seconds": round(time.time() - started, 1)}
    print(f"\n{'metric':40} {'ours':>12} {'naive':>12} {'naive/ours':>11}")
    for name, ours, naive, ratio in rows:
        print(f"{name:40} {ours!s:>12} {naive!s:>12} {ratio:>11}")
    print(f"\n{meta['machine']} · {meta['date']} · {meta['seconds']} s · leaked canaries (ours): "
          f"{results['ours']['leaked_canaries']} · bodies answered 503, inbox over its bound (ours): "
          f"{results['ours']['refused_503']}")
    print_inbox(results["inbox"])
    print_rows(results["scale"])
    out = ROOT / "bench" / "results" / ("bench-quick.json" if args.quick else "bench.json")
    out.write_text(json.dumps({"meta": meta, "table": rows, "raw": results}, ensure_ascii=False, indent=2) + "\n")
    broken = [name for name, ok in (
        ("lost", results["ours"]["fault"]["lost"] == 0), ("duplicated", results["ours"]["fault"]["duplicated"] == 0),
        ("canaries", results["ours"]["leaked_canaries"] == 0),
        ("5xx", not results["ours"]["healthy"]["server_errors"] + results["ours"]["sheets_down"]["server_errors"]),
        ("inbox lost", results["inbox"]["crash"]["lost"] == 0),
        ("answered twice", results["inbox"]["crash"]["answered_twice"] == 0),
        ("burst order", results["inbox"]["burst"]["people_in_order"] == results["inbox"]["burst"]["people"]),
    ) if not ok]
    shutil.rmtree(workdir, ignore_errors=True)
    if broken:
        raise SystemExit(f"invariants broken: {', '.join(broken)}")
    print("invariants hold: lost = 0, duplicated = 0, canaries = 0, no 5xx, inbox: lost 0, answered twice 0, "
          "every burst in order")


if __name__ == "__main__":
    main()
