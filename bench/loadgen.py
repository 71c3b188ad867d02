"""Load generator, run as its own process: fires prepared requests at a fixed rate, records each answer.

    python -m bench.loadgen REQUESTS.jsonl RESULTS.jsonl --rate 100
Each input line is {"url", "body", "headers", "key"} or {"form": URL, "fields", "key"} (GET for the CSRF
token, then POST). Bounded: it sends each line once and waits at most 2 s for an answer, as LINE does
(later counts as an error), with enough threads to keep the rate when the server is slow.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

TIMEOUT = 2.0  # LINE gives a webhook 2 seconds
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_local = threading.local()


def _session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    session: requests.Session = _local.session
    return session


def fire(job: dict[str, Any]) -> dict[str, Any]:
    session = _session()
    sent = time.time()
    try:
        if "form" in job:
            page = session.get(job["form"], timeout=TIMEOUT)
            match = TOKEN.search(page.text)
            fields = {**job["fields"], "csrf_token": match.group(1) if match else ""}
            sent = time.time()
            status = session.post(job["form"], data=fields, timeout=TIMEOUT).status_code
        else:
            status = session.post(job["url"], data=job["body"].encode(), headers=job["headers"],
                                  timeout=TIMEOUT).status_code
    except requests.RequestException:
        status = 0
    return {"key": job["key"], "sent": sent, "ms": (time.time() - sent) * 1000, "status": status}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("requests")
    parser.add_argument("results")
    parser.add_argument("--rate", type=float, default=100)
    args = parser.parse_args()
    with open(args.requests, encoding="utf-8") as handle:
        jobs = [json.loads(line) for line in handle]
    start = time.perf_counter() + 0.2

    def paced(index: int) -> dict[str, Any]:
        delay = start + index / args.rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        return fire(jobs[index])

    with ThreadPoolExecutor(max_workers=256) as pool, open(args.results, "w", encoding="utf-8") as out:
        for result in pool.map(paced, range(len(jobs))):
            out.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
