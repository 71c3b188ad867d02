"""A fake Google Drive v3 changes feed on loopback, checked against Google's discovery document.

``changes.getStartPageToken`` and ``changes.list`` as the discovery document describes them (parameters,
``drive#changeList`` with ``changes[]``, ``nextPageToken`` or ``newStartPageToken``); an unknown parameter
gets Google's 400. Like Drive for Google Sheets, a change shows in the feed only ``delay`` seconds after
the edit (30–180 s in benchmarks), and edits of one file still waiting are coalesced into one record.
Tokens come from the Sheets fake's /token and must carry a Drive scope.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.sheets_api import FakeSheetsApi, _QuietServer
from tests.fakes.sheets_state import ApiError

DISCOVERY = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "google-api" / "drive.v3.json"
SHEET_MIME = "application/vnd.google-apps.spreadsheet"


def discovery_parameters() -> dict[str, set[str]]:
    """The query parameters each changes method accepts: its own and the API's global ones."""
    document = json.loads(DISCOVERY.read_text(encoding="utf-8"))
    methods = document["resources"]["changes"]["methods"]
    common = set(document["parameters"])
    return {"/drive/v3/" + m["path"]: set(m["parameters"]) | common for m in methods.values()
            if m["path"] in ("changes/startPageToken", "changes")}


@dataclass
class _Edit:
    file_id: str
    modified: float
    by_me: bool
    visible_at: float


class FakeDriveApi:
    def __init__(self, sheets: FakeSheetsApi, clock: Callable[[], float], page_size: int = 100) -> None:
        self.sheets = sheets
        self.clock = clock
        self.page_size = page_size
        self.parameters = discovery_parameters()
        self.log: list[_Edit] = []
        self.pending: dict[str, _Edit] = {}
        self.calls: Counter[str] = Counter()
        self.lock = threading.Lock()
        self._server: _QuietServer | None = None

    def edit(self, file_id: str, *, by_me: bool = False, delay: float = 0.0) -> None:
        """A change of ``file_id`` now, listed ``delay`` seconds later (coalesced with one still waiting)."""
        now = self.clock()
        with self.lock:
            waiting = self.pending.get(file_id)
            visible = waiting.visible_at if waiting else now + delay
            self.pending[file_id] = _Edit(file_id, now, by_me, visible)

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                fake._serve(self)

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        try:
            status, body = 200, self._dispatch(handler.path, dict(handler.headers))
        except ApiError as error:
            status, body = error.status, error.body()
        payload = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _dispatch(self, target: str, headers: dict[str, str]) -> dict[str, Any]:
        parts = urlsplit(target)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        if parts.path not in self.parameters:
            raise ApiError(404, "Not Found", "NOT_FOUND")
        self._authorize(headers)
        unknown = sorted(set(query) - self.parameters[parts.path])
        if unknown:
            raise ApiError(400, f'Invalid JSON payload received. Unknown name "{unknown[0]}": Cannot bind query '
                                "parameter.")
        with self.lock:
            self._publish()
            self.calls[parts.path.rsplit("/", 1)[-1]] += 1
            if parts.path.endswith("startPageToken"):
                return {"kind": "drive#startPageToken", "startPageToken": str(len(self.log) + 1)}
            return self._list(query)

    def _authorize(self, headers: dict[str, str]) -> None:
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        owner = self.sheets.token_owner.get(value.removeprefix("Bearer "))
        if owner is None:
            raise ApiError(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED")
        if not any("/auth/drive" in scope for scope in owner[1]):
            raise ApiError(403, "Request had insufficient authentication scopes.", "PERMISSION_DENIED")

    def _publish(self) -> None:
        """Edits whose delay has passed join the feed, in the order they became visible."""
        now = self.clock()
        due = sorted((e for e in self.pending.values() if e.visible_at <= now), key=lambda e: e.visible_at)
        for edit in due:
            del self.pending[edit.file_id]
            self.log.append(edit)

    def _list(self, query: dict[str, str]) -> dict[str, Any]:
        token = query.get("pageToken", "")
        if not token.isdecimal() or not 1 <= int(token) <= len(self.log) + 1:
            raise ApiError(400, "Invalid Value", "INVALID_ARGUMENT")
        start = int(token) - 1
        size = min(int(query.get("pageSize", self.page_size)), self.page_size)
        page = self.log[start:start + size]
        body: dict[str, Any] = {"kind": "drive#changeList", "changes": [self._change(e) for e in page]}
        end = start + len(page)
        body["nextPageToken" if end < len(self.log) else "newStartPageToken"] = str(end + 1)
        return body

    def _change(self, edit: _Edit) -> dict[str, Any]:
        user = {"kind": "drive#user", "me": edit.by_me,
                "displayName": "ita-bot" if edit.by_me else "ผู้ดูแลชีต"}
        return {"kind": "drive#change", "changeType": "file", "removed": False, "fileId": edit.file_id,
                "time": _rfc3339(edit.visible_at),
                "file": {"kind": "drive#file", "id": edit.file_id, "mimeType": SHEET_MIME,
                         "modifiedTime": _rfc3339(edit.modified), "lastModifyingUser": user}}


def _rfc3339(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
