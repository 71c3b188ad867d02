"""Scale-out run of make bench: the same card-heavy webhook load on 1 and on 2 instances sharing one Redis.

    PYTHONPATH=. .venv/bin/python -m bench.scale [--rate 250 --seconds 20]
The load generator alternates requests between the instances (a round-robin load balancer). Replies
per second = replies delivered / (last delivery − first request). Writes bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
import requests

from bench.harness import (
    Fakes,
    add_staff,
    bot_env,
    bot_pids,
    cpu_times,
    refused_bodies,
    run_load,
    start_bot,
    start_fakes,
    summary,
    wait_for,
    webhook_jobs,
)
from tests.fakes.processes import free_port
from tests.fakes.redis_server import RedisServer

STAFF_MEMBERS = 200
"""Distinct people sending the load (staff of many offices): one person's events are served in order."""
TEXTS = ["คะแนน", "เมนู", "วิเคราะห์", "OIT"]


def instances_run(fakes: Fakes, workdir: Path, redis_url: str, instances: int, rate: float,
                  seconds: float, on_ready: Callable[[int], object] = lambda pid: None) -> dict[str, Any]:
    """``on_ready`` gets each worker's pid once the bots answer (bench.profile_scale attaches py-spy)."""
    redis.Redis.from_url(redis_url).flushall()
    staff = add_staff(fakes, STAFF_MEMBERS)
    processes, bases = [], []
    logs = [workdir / f"ours-scale-{instances}-{n}.log" for n in range(instances)]
    for n in range(instances):
        port = free_port()
        env = {**bot_env(fakes, workdir / f"scale-{instances}-{n}", port), "ITA_STATE_URL": redis_url}
        processes.append(start_bot("ours", env, logs[n]))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            wait_for(lambda base=base: requests.get(f"{base}/healthz", timeout=10).status_code == 200, 60)
        count = int(rate * seconds)
        jobs = [job for n in range(count)
                for job in webhook_jobs(fakes, f"{bases[n % instances]}/callback",
                                        [(staff[n % len(staff)], TEXTS[n % len(TEXTS)])], rate, first=n)]
        pids = [pid for process in processes for pid in bot_pids(process.pid)]
        for pid in set(pids) - {process.pid for process in processes}:
            on_ready(pid)
        before, cpu_before = len(fakes.line.deliveries), cpu_times(pids)
        results = run_load(jobs, rate)
        wait_for(lambda: all(requests.get(f"{base}/healthz", timeout=10).json()["events_in_progress"] == 0
                             for base in bases), 300)
        user, system = (now - then for now, then in zip(cpu_times(pids), cpu_before, strict=True))
        cpu = user + system
        sent = {r["key"]: r["sent"] for r in results}
        delivered = [d for d in fakes.line.deliveries[before:] if d.reply_token in sent]
        e2e = [(d.at.timestamp() - sent[d.reply_token]) * 1000 for d in delivered]
        span = max(d.at.timestamp() for d in delivered) - min(sent.values()) if delivered else float("nan")
        return {"instances": instances, "requests": count, "rate": rate, "ack_ms": summary([r["ms"] for r in results]),
                "errors": sum(not 200 <= r["status"] < 300 for r in results), "replied": len(delivered),
                "e2e_ms": summary(e2e), "replies_per_second": round(len(delivered) / span, 1),
                "refused_503": refused_bodies(logs), "bot_cpu_seconds": round(cpu, 2),
                "cpu_ms_per_reply": round(cpu * 1000 / len(delivered), 2) if delivered else None,
                "system_cpu_share": round(system / cpu, 2) if cpu else None}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def scale_run(workdir: Path, rate: float, seconds: float) -> dict[str, Any]:
    """1 instance, then 2, on fresh fakes and one Redis with appendfsync always."""
    server = RedisServer(workdir / "redis")
    out: dict[str, Any] = {}
    try:
        for instances in (1, 2):
            fakes = start_fakes(workdir)
            fakes.sheets.latency = 0.3
            try:
                out[f"{instances}_instances"] = instances_run(fakes, workdir, server.url, instances, rate, seconds)
            finally:
                fakes.stop()
    finally:
        server.stop()
    return out


def rows(scale: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    one, two = scale["1_instances"], scale["2_instances"]
    return [("replies per second", one["replies_per_second"], two["replies_per_second"]),
            ("ack p50 ms", one["ack_ms"]["p50"], two["ack_ms"]["p50"]),
            ("ack p99 ms", one["ack_ms"]["p99"], two["ack_ms"]["p99"]),
            ("webhook→reply p50 ms", one["e2e_ms"]["p50"], two["e2e_ms"]["p50"]),
            ("webhook→reply p99 ms", one["e2e_ms"]["p99"], two["e2e_ms"]["p99"]),
            ("errors (no 2xx within 2 s)", one["errors"], two["errors"]),
            ("bodies answered 503 (inbox full)", one["refused_503"], two["refused_503"]),
            (f"replied (of {one['requests']})", one["replied"], two["replied"]),
            ("bot CPU ms per reply (all its processes)", one["cpu_ms_per_reply"], two["cpu_ms_per_reply"]),
            ("share of it in the kernel (system time)", one["system_cpu_share"], two["system_cpu_share"])]


def print_rows(scale: dict[str, Any]) -> None:
    print(f"\n{'scale-out on Redis (card-heavy load)':40} {'1 instance':>12} {'2 instances':>12}")
    for name, one, two in rows(scale):
        print(f"{name:40} {one!s:>12} {two!s:>12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=250)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    scale = scale_run(Path(tempfile.mkdtemp(prefix="ita-scale-")), args.rate, args.seconds)
    print_rows(scale)
    out = Path(__file__).resolve().parent / "results" / "scale.json"
    out.write_text(json.dumps(scale, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
