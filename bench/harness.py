"""Pieces of the benchmark: fakes, bots as processes, the load generator process, statistics."""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask

from demo.line_fake import LineApiFake
from demo.line_fake_http import line_fake_blueprint
from sheets.schema import STAFF as STAFF_TAB
from tests.fakes.demo_sheet import seed_demo
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.processes import eventually
from tests.fakes.servers import Served, serve
from tests.fakes.sheets_api import FakeSheetsApi

SECRET, TOKEN = "b" * 32, "bench-token"
BIN = Path(sys.executable).parent
WRITE_CALLS = ("append", "update", "batchUpdate", "valuesBatchUpdate")
READ_CALLS = ("batchGet", "get", "metadata")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(values), 2) if values else float("nan"),
            "p95": percentile(values, 0.95), "p99": percentile(values, 0.99)}


@dataclass
class Fakes:
    sheets: FakeSheetsApi
    line: LineApiFake
    line_server: Served
    credentials: Path

    def reads(self) -> int:
        return sum(self.sheets.calls[name] for name in READ_CALLS)

    def writes(self) -> int:
        return sum(self.sheets.calls[name] for name in WRITE_CALLS)

    def stop(self) -> None:
        self.line_server.stop()
        self.sheets.stop()


def start_fakes(workdir: Path) -> Fakes:
    sheets = FakeSheetsApi()
    seed_demo(sheets, date.today())
    sheets.start()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    credentials = workdir / "service-account.json"
    credentials.write_text(json.dumps(sheets.service_account_info(private, public)))
    from datetime import datetime

    line = LineApiFake(TOKEN, datetime.now, reply_token_ttl=3600)
    app = Flask("line-fake")
    app.register_blueprint(line_fake_blueprint(line))
    return Fakes(sheets, line, serve(app), credentials)


def add_staff(fakes: Fakes, count: int) -> list[str]:
    """``count`` approved staff members more in the sheet's staff tab (copies of its first row): their userIds.

    A load from one person is served one event at a time (per-person order), so a load that stands for
    many offices' staff must come from many people.
    """
    rows = fakes.sheets.grid(STAFF_TAB.name).rows
    column = rows[0].index(STAFF_TAB.key or "")
    users = [f"U{n:032x}" for n in range(count)]
    extra = [[*rows[1][:column], user, *rows[1][column + 1:]] for user in users]
    fakes.sheets.seed(STAFF_TAB.name, [*rows, *extra])
    return users


def bot_env(fakes: Fakes, workdir: Path, port: int) -> dict[str, str]:
    return {**os.environ, "ITA_STORE": "google", "GOOGLE_SPREADSHEET_ID": fakes.sheets.spreadsheet.id,
            "GOOGLE_APPLICATION_CREDENTIALS": str(fakes.credentials), "ITA_SHEETS_API_URL": fakes.sheets.base_url,
            "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN, "LINE_API_HOST": fakes.line_server.url,
            "ITA_SECRET_KEY": "s" * 32, "ITA_DATA_DIR": str(workdir), "PORT": str(port), "ITA_LOG_LEVEL": "info",
            "ITA_SCHEDULER": "off"}


def start_bot(kind: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    port = env["PORT"]
    command = ([str(BIN / "ita-bot"), "serve"] if kind == "ours" else
               [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread", "--threads", "8",
                "--workers", "1", "bench.naive_bot:create_app()"])
    process = subprocess.Popen(command, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", int(port)), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{kind} bot did not start; see {log}")


def worker_status(pid: int) -> dict[str, Any]:
    """Peak RSS (VmHWM, MiB) and threads of gunicorn's worker (the child of the master).

    A worker that has exited (crashed, killed, or a zombie whose /proc has no memory lines) is
    reported as such, with no figures, instead of failing the whole benchmark.
    """
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        target = int(children[0]) if children else pid
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{target}/status").read_text().splitlines())
        return {"peak_rss_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1), "threads": int(fields["Threads"])}
    except (OSError, KeyError, ValueError, IndexError):
        print(f"bench: the bot's worker (master pid {pid}) has exited; no memory figure for this run")
        return {"peak_rss_mb": None, "threads": None, "worker_exited": True}


def bot_pids(pid: int) -> list[int]:
    """gunicorn's master and its workers."""
    try:
        return [pid, *(int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    except OSError:
        return [pid]


def cpu_times(pids: list[int]) -> tuple[float, float]:
    """User and system CPU time of these processes (every thread, live or ended), from /proc/<pid>/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    user = system = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        user += int(fields[11]) / ticks  # utime, stime: fields 14 and 15 of stat(5)
        system += int(fields[12]) / ticks
    return user, system


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes."""
    return sum(cpu_times(pids))


def worker_peak_rss_mb(pid: int) -> float | None:
    peak: float | None = worker_status(pid)["peak_rss_mb"]
    return peak


def webhook_jobs(fakes: Fakes, url: str, messages: list[tuple[str, str]], rate: float | None = None,
                 first: int = 0) -> list[dict[str, Any]]:
    """Signed webhook requests; with ``rate``, each event is stamped with the time it will be sent.

    The bot replies only to events younger than 50 s (after that it pushes), so events of a long run
    must not all carry the time they were prepared at.
    """
    jobs = []
    now = time.time()
    for n, (user, text) in enumerate(messages, start=first):
        token = fakes.line.issue_reply_token(user)
        body = body_of(text_event(user, text, token, int((now + (n / rate if rate else 0)) * 1000)))
        jobs.append({"url": url, "body": body.decode(), "key": token,
                     "headers": {"X-Line-Signature": sign(SECRET, body), "Content-Type": "application/json"}})
    return jobs


def run_load(jobs: list[dict[str, Any]], rate: float) -> list[dict[str, Any]]:
    """Hand the requests to a load-generator process; its results, one per request."""
    folder = Path(tempfile.mkdtemp(prefix="ita-load-"))
    (folder / "in.jsonl").write_text("\n".join(json.dumps(job, ensure_ascii=False) for job in jobs) + "\n")
    subprocess.run([sys.executable, "-m", "bench.loadgen", str(folder / "in.jsonl"), str(folder / "out.jsonl"),
                    "--rate", str(rate)], check=True, timeout=600)
    return [json.loads(line) for line in (folder / "out.jsonl").read_text().splitlines()]


def wait_for(condition: Any, seconds: float) -> bool:
    return eventually(condition, timeout=seconds, every=0.2)


def refused_bodies(paths: list[Path]) -> int:
    """Bodies answered 503 because the inbox was over its bound (LINE redelivers them; nothing is dropped)."""
    text = "\n".join(path.read_text(errors="replace") for path in paths if path.exists())
    return len(re.findall(r"inbox full: \d+ of \d+ events kept", text))


def leaks(paths: list[Path], canaries: list[str]) -> int:
    text = "\n".join(path.read_text(errors="replace") for path in paths if path.exists())
    return sum(text.count(canary) for canary in canaries) + len(re.findall(r"U[0-9a-f]{32}", text))
