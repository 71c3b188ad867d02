"""Issue 24's figures: /transparency at 50 requests a second, and the OIT link check of 100 links.

    PYTHONPATH=. .venv/bin/python -m bench.transparency_bench            # 10 s of page load, 100 links
    PYTHONPATH=. .venv/bin/python -m bench.transparency_bench --quick    # 3 s, 20 links (2 silent)
The pages are served by the demo app in a threaded werkzeug server in this process (the load comes from
threads of the same process, so the figure is pessimistic); every link sits on one host, the worst case
for the per-host limit, and the silent ones accept the connection and never answer.
"""

from __future__ import annotations

import argparse
import json
import logging
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import requests
from pytest_httpserver import HTTPServer
from werkzeug.serving import make_server

from app import create_demo_app
from bot.link_check import CheckSettings, Link, check_many
from cli.service import not_ready
from common.config import Config
from demo.workbook import create_demo_workbook
from sheets.local import LocalWorkbook

RESULTS = Path(__file__).parent / "results" / "transparency.json"
PAGE = "<h1>ประกาศ ปีงบประมาณ 2570</h1>" + "<p>รายละเอียดการเปิดเผยข้อมูลของหน่วยงาน</p>" * 30


def page_load(workdir: Path, rate: float, seconds: float) -> dict[str, float]:
    workbook = workdir / "ita.xlsx"
    create_demo_workbook(LocalWorkbook(workbook), datetime.now().date())
    server = make_server("127.0.0.1", 0, not_ready, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}/transparency"
    server.app, _ = create_demo_app(Config(store="local", workbook_path=workbook, data_dir=workdir / "var"),
                                    url.rsplit("/", 1)[0], ("s" * 32, "token", "k" * 32))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    requests.get(url, timeout=10)  # the first read of the workbook, before the clock starts
    local = threading.local()

    def one(_: int) -> tuple[float, int]:
        session = getattr(local, "s", None) or requests.Session()
        local.s = session
        sent = time.perf_counter()
        status = session.get(url, timeout=2).status_code
        return (time.perf_counter() - sent) * 1000, status

    count = int(rate * seconds)
    futures = []
    with ThreadPoolExecutor(max_workers=16) as pool:
        start = time.perf_counter()
        for n in range(count):
            time.sleep(max(0.0, start + n / rate - time.perf_counter()))
            futures.append(pool.submit(one, n))
        answers = sorted(f.result() for f in futures)
    server.shutdown()
    times = [ms for ms, _ in answers]
    return {"requests": count, "rate": rate, "errors": sum(status != 200 for _, status in answers),
            "p50_ms": round(times[len(times) // 2], 1), "p99_ms": round(times[int(len(times) * 0.99) - 1], 1),
            "max_ms": round(times[-1], 1)}


def link_check(links: int, silent: int) -> dict[str, float]:
    site = HTTPServer(host="127.0.0.1", port=0)
    site.expect_request("/news").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    site.start()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    quiet = f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    batch = [Link(quiet if n % (links // silent) == 0 else site.url_for("/news") + f"?n={n}", 2570)
             for n in range(links)]
    started = time.perf_counter()
    verdicts = check_many(batch, CheckSettings(allow_private=True))
    elapsed = time.perf_counter() - started
    site.stop()
    listener.close()
    return {"links": links, "silent": silent, "seconds": round(elapsed, 1),
            "good": sum(v.good for v in verdicts), "timeouts": sum(v.detail == "หมดเวลา (timeout)" for v in verdicts)}


def main() -> None:
    parser = argparse.ArgumentParser(description="วัดหน้าความโปร่งใสและการตรวจลิงก์ OIT")
    parser.add_argument("--quick", action="store_true", help="รอบสั้นสำหรับ CI")
    quick = parser.parse_args().quick
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        pages = page_load(Path(folder), 50, 3 if quick else 10)
    links = link_check(20, 2) if quick else link_check(100, 10)
    result = {"transparency": pages, "link_check": links, "when": datetime.now().isoformat(timespec="seconds")}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not quick:
        RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
