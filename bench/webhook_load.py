"""Webhook load: signed events at a fixed rate against `ita-bot serve` (gunicorn, production app).

The Google Sheets fake answers every call after 300 ms, the LINE API fake records the replies; both
run on loopback in this process, the bot in its own process. Prints p50/p99 time to 2xx.

    .venv/bin/python -m bench.webhook_load            # 100 events/s for 30 s
    .venv/bin/python -m bench.webhook_load --rate 50 --seconds 5
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from tests.fakes.demo_sheet import seed_demo
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.servers import serve
from tests.fakes.sheets_api import FakeSheetsApi

from ita_bot.bot.line_fake import LineApiFake, line_fake_blueprint

SECRET, TOKEN = "b" * 32, "bench-token"
ROOT = Path(__file__).resolve().parent.parent


def seeded_sheets_fake() -> FakeSheetsApi:
    """A Google Sheets fake holding the demo workbook."""
    fake = FakeSheetsApi()
    seed_demo(fake, date.today())
    return fake


def credentials_file(fake: FakeSheetsApi, workdir: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    path = workdir / "service-account.json"
    path.write_text(json.dumps(fake.service_account_info(private, public)))
    return path


def start_bot(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    process = subprocess.Popen([str(Path(sys.executable).with_name("ita-bot")), "serve"], env=env)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return process
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the bot did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(rate: float, seconds: float, port: int) -> dict[str, object]:
    workdir = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    sheets = seeded_sheets_fake()
    sheets.start()
    line = LineApiFake(TOKEN, datetime.now, reply_token_ttl=600)
    line_app = Flask("line-fake")
    line_app.register_blueprint(line_fake_blueprint(line))
    line_served = serve(line_app)
    env = {**os.environ, "ITA_STORE": "google", "GOOGLE_SPREADSHEET_ID": sheets.spreadsheet.id,
           "GOOGLE_APPLICATION_CREDENTIALS": str(credentials_file(sheets, workdir)),
           "ITA_SHEETS_API_URL": sheets.base_url, "LINE_CHANNEL_SECRET": SECRET, "LINE_CHANNEL_ACCESS_TOKEN": TOKEN,
           "LINE_API_HOST": line_served.url, "ITA_SECRET_KEY": "s" * 32, "ITA_DATA_DIR": str(workdir / "var"),
           "PORT": str(port), "ITA_LOG_LEVEL": "warning"}
    sheets.latency = 0.3
    bot = start_bot(env, port)
    url = f"http://127.0.0.1:{port}/callback"
    total = int(rate * seconds)
    users = [f"U{n:032x}" for n in range(200)]
    texts = ["เมนู", "คะแนน ITA 2565", "คะแนน ITA 2564", "สวัสดี"]
    bodies = []
    for n in range(total):
        user = users[n % len(users)]
        body = body_of(text_event(user, texts[n % len(texts)], line.issue_reply_token(user), int(time.time() * 1000)))
        bodies.append((body, sign(SECRET, body)))
    reads_before = sheets.calls["batchGet"]
    latencies: list[float] = []
    errors = 0
    session = requests.Session()
    start = time.perf_counter() + 0.5

    def fire(index: int) -> tuple[float, int]:
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        body, signature = bodies[index]
        sent = time.perf_counter()
        status = session.post(url, data=body, headers={"X-Line-Signature": signature}, timeout=10).status_code
        return time.perf_counter() - sent, status

    with ThreadPoolExecutor(max_workers=64) as pool:
        for elapsed, status in pool.map(fire, range(total)):
            latencies.append(elapsed * 1000)
            errors += status >= 300
    deadline = time.time() + 60
    while len(line.deliveries) < total and time.time() < deadline:
        time.sleep(0.2)
    bot.terminate()
    bot.wait(timeout=30)
    line_served.stop()
    sheets.stop()
    return {"date": datetime.now().isoformat(timespec="seconds"), "rate_per_s": rate, "seconds": seconds,
            "events": total, "p50_ms": round(statistics.median(latencies), 2),
            "p99_ms": round(percentile(latencies, 0.99), 2), "max_ms": round(max(latencies), 2),
            "non_2xx": errors, "replies_delivered": len(line.deliveries),
            "sheets_batch_get_during_run": sheets.calls["batchGet"] - reads_before, "sheets_latency_ms": 300,
            "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"}


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    result = run(args.rate, args.seconds, args.port)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = ROOT / "bench" / "results" / "webhook_load.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
