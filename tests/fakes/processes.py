"""Helpers for tests that run ita-bot as a separate process, as an admin or cron would."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
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


def kill_flusher_during_append(fake: FakeSheetsApi, env: dict[str, str], *extra: str) -> int:
    """Start a flusher, wait until Google has applied one append, SIGKILL it before it hears back."""
    applied, release = threading.Event(), threading.Event()

    def hold(kind: str) -> None:
        if kind == "append" and not applied.is_set():
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
