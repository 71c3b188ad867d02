"""Serve a WSGI app on a loopback port in a thread, so clients make real HTTP requests to it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


@dataclass
class Served:
    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class KeepAliveHandler(WSGIRequestHandler):
    """HTTP/1.1 with persistent connections, as LINE's and Google's servers speak (werkzeug's default is 1.0,
    one connection per request, which would make every client pay a connect and the fakes a thread each)."""

    protocol_version = "HTTP/1.1"


def serve(app: Any) -> Served:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=KeepAliveHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return Served(server, thread)
