"""The shipped front server (deploy/nginx/proxy.conf) run by Debian's nginx on loopback, and slow clients."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tests.fakes.processes import eventually, free_port

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PROXY_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "proxy.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONFIG = """
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log crit;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream ita_bot {{ server 127.0.0.1:{upstream}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{port};
        include {proxy_conf};
    }}
}}
"""


class FrontServer:
    """nginx in front of ``upstream`` (a port on loopback), with the production proxy settings."""

    def __init__(self, upstream: int, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        conf = folder / "nginx.conf"
        user = "user root;" if os.geteuid() == 0 else ""  # as root, workers would run as nobody: no temp files
        conf.write_text(CONFIG.format(user=user, tmp=folder, upstream=upstream, port=self.port, proxy_conf=PROXY_CONF))
        self.process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        if not eventually(self._listening, timeout=30):
            self.stop()
            raise RuntimeError("nginx did not start: " + (folder / "error.log").read_text(errors="replace"))

    def _listening(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            return False
        return True

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def slow_clients(port: int, count: int, source: str = "127.0.0.1") -> list[socket.socket]:
    """Connections that send the start of a request and then nothing (a slowloris), held open by the caller."""
    held = []
    for n in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))
        sock.sendall(f"POST /complaint HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-{n}: ".encode())
        held.append(sock)
    return held


def healthy(url: str) -> bool:
    """Whether /healthz answers 200 (the first request also waits for gunicorn's worker to build the app)."""
    try:
        return requests.get(url + "/healthz", timeout=30).status_code == 200
    except requests.RequestException:
        return False


class _FromAddress(HTTPAdapter):
    """Connections from one loopback address (Linux routes all of 127.0.0.0/8 to lo): a visitor of its own."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def visitor(source: str) -> requests.Session:
    """A browser at ``source`` (e.g. 127.0.0.7), with its own cookies."""
    session = requests.Session()
    session.mount("http://", _FromAddress(source))
    return session


def csrf_token(session: requests.Session, url: str) -> str:
    match = TOKEN.search(session.get(url, timeout=10).text)
    assert match, "the form has a CSRF token"
    return match.group(1)
