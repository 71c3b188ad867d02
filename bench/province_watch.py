"""What bench.province_bench watches beside its phases: the worker's threads and /healthz latency per phase."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import requests

from bench.harness import bot_pids, percentile, worker_status

QUIET_EVERY = {"idle": 30.0}
"""Seconds at least between probes by phase (default: each look, ``every``). In the quiet stretch: as the
Dockerfile's HEALTHCHECK (30 s); the bench's 2 probes a second cost ~1.6 % of a core at 300 offices."""


def healthz(base: str) -> dict[str, Any]:
    """/healthz's body, or {} while the bot does not answer (starting)."""
    try:
        body: dict[str, Any] = requests.get(f"{base}/healthz", timeout=30).json()
        return body
    except (requests.RequestException, ValueError):
        return {}


class Watch:
    """Samples the worker's thread count and times a /healthz probe every ``every`` seconds, by phase."""

    def __init__(self, base: str, pid: int, every: float = 0.5) -> None:
        self.base, self.pid, self.every = base, pid, every
        self.phase = "startup"
        self.threads_max = 0
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.unanswered: dict[str, int] = defaultdict(int)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def pids(self) -> list[int]:
        return bot_pids(self.pid)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def figures(self) -> dict[str, Any]:
        status = worker_status(self.pid)
        figures: dict[str, Any] = {"threads_max": self.threads_max, "threads_now": status["threads"],
                                   "peak_rss_mb": status["peak_rss_mb"]}
        for phase, values in self.latencies.items():
            figures[f"healthz_p99_{phase}_s"] = percentile(values, 0.99)
            figures[f"healthz_probes_{phase}"] = len(values)
            figures[f"healthz_unanswered_{phase}"] = self.unanswered[phase]
        return figures

    def _run(self) -> None:
        probed = float("-inf")
        while not self._stop.wait(self.every):
            self.threads_max = max(self.threads_max, self._threads())
            phase, begun = self.phase, time.monotonic()
            if begun - probed < QUIET_EVERY.get(phase, 0.0):
                continue
            probed = begun
            try:
                requests.get(f"{self.base}/healthz", timeout=5)
            except requests.ConnectionError:
                continue  # not listening yet: gunicorn is starting the worker
            except requests.RequestException:
                self.unanswered[phase] += 1
                self.latencies[phase].append(5.0)
                continue
            self.latencies[phase].append(time.monotonic() - begun)

    def _threads(self) -> int:
        for pid in reversed(self.pids()):  # the worker (gunicorn's child) first
            try:
                lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            except OSError:
                continue
            for line in lines:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
        return 0
