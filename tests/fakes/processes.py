"""Helpers for tests that run ita-bot as a separate process, as an admin or cron would."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.fakes.sheets_api import FakeSheetsApi

ITA_BOT = str(Path(sys.executable).with_name("ita-bot"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_flush(env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([ITA_BOT, "outbox", "flush", *extra], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill_flusher_during_append(fake: FakeSheetsApi, env: dict[str, str], *extra: str,
                               kinds: tuple[str, ...] = ("append", "batchUpdate")) -> int:
    """Start a flusher, wait until Google has applied one write of ``kinds``, SIGKILL it before it hears back.

    Rows go in by batchUpdate, and so do changed cells (sheets.row_flush: updateCells, typed).
    """
    applied, release = threading.Event(), threading.Event()

    def hold(kind: str) -> None:
        if kind in kinds and not applied.is_set():
            applied.set()
            release.wait(timeout=60)

    fake.after_apply = hold
    process = run_flush(env, *extra)
    assert applied.wait(timeout=60), "the flusher never reached the sheet"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    release.set()
    fake.after_apply = None
    return process.returncode


def eventually(check: Callable[[], bool], timeout: float = 60.0, every: float = 0.05) -> bool:
    """Re-check a condition that another process will make true, until ``timeout``.

    The check decides, not the wait: this is how a test waits for a bot in another process.
    """
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not check():
        if time.monotonic() > deadline:
            return False
        pause.wait(every)
    return True


class BotProcess:
    """``ita-bot serve`` in a subprocess, its log collected on a thread (so the pipe never fills)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log: list[str] = []
        self.process = subprocess.Popen([ITA_BOT, "serve"], env={**env, "PORT": str(self.port)},
                                        stderr=subprocess.PIPE, text=True)
        booted = threading.Event()
        threading.Thread(target=self._collect, args=(booted,), daemon=True).start()
        if not booted.wait(timeout=60):
            raise RuntimeError("ita-bot serve did not start:\n" + "".join(self.log))

    def _collect(self, booted: threading.Event) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)
            if "Booting worker" in line:
                booted.set()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
