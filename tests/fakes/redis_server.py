"""A real redis-server (Debian package) on a free loopback port, as durable as the README asks for."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.fakes.processes import free_port


class RedisServer:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--logfile", ""],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        """Reads the server's log until it accepts connections (no polling, no sleeps)."""
        assert self.process.stdout is not None
        seen = []
        for line in self.process.stdout:
            seen.append(line)
            if "Ready to accept connections" in line:
                return
        raise RuntimeError("redis-server did not start:\n" + "".join(seen[-20:]))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
