"""A fake Google Sheets v4 + OAuth token endpoint on loopback, speaking the REST subset gspread uses.

Faults for the next requests, in order: "pass" (no fault), "429", "500", "503", "drop" (not applied,
connection closed), "timeout" (not applied, no answer for ``timeout_hold`` seconds) and
"lost" (applied, then the connection is closed before the response). ``down`` answers 503 to all.
``shared = False`` answers 403 PERMISSION_DENIED, as Google does when the sheet is not shared with
the service account. Appends, ranges and render options follow the recorded real traffic
(tests/integration/sheets/test_recordings_replay.py).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from google.auth import jwt

from tests.fakes.google_quota import Quota
from tests.fakes.sheets_discovery import check_request, get_parameters
from tests.fakes.sheets_rules import grid_data, set_data_validation
from tests.fakes.sheets_state import ApiError, Grid, Spreadsheet, apply_grid_request

SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
DRIVE_METADATA_SCOPE = "https://www.googleapis.com/auth/drive.metadata.readonly"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (timeout) closes its end; that is expected here, not worth a traceback."""


class _Dropped(Exception):
    """Close the connection without a response."""


class FakeSheetsApi:
    def __init__(self, spreadsheet_id: str = "fake-sheet-id", title: str = "ITA") -> None:
        self.spreadsheet = Spreadsheet(spreadsheet_id, title)
        self.spreadsheets = {spreadsheet_id: self.spreadsheet}
        self.public_keys: dict[str, str] = {}
        self.tokens: set[str] = set()
        self.token_owner: dict[str, tuple[str, frozenset[str]]] = {}
        """access token → (the service account's e-mail, its scopes)."""
        self.quota: Quota | None = None
        """Google's per-minute quotas, enforced when set (with the test's clock)."""
        self.faults: deque[str] = deque()
        self.down = False
        self.shared = True
        self.latency = 0.0
        self.after_apply: Callable[[str], None] | None = None
        self.timeout_hold = 2.0
        self._released = threading.Event()
        self.calls: Counter[str] = Counter()
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def _serve(self) -> None:
                fake._serve(self)

            do_GET = do_POST = do_PUT = _serve

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base_url

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._released.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def service_account_info(self, private_key_pem: str, public_key_pem: str) -> dict[str, str]:
        """A service-account file whose tokens come from this fake."""
        email = "ita-bot@fake-project.iam.gserviceaccount.com"
        key_id = secrets.token_hex(8)
        self.public_keys[key_id] = public_key_pem
        return {"type": "service_account", "project_id": "fake-project", "private_key_id": key_id,
                "private_key": private_key_pem, "client_email": email, "client_id": "1",
                "token_uri": self.base_url + "/token"}

    # -- inspection helpers for tests ---------------------------------------------------------------
    def grid(self, title: str) -> Grid:
        return self.spreadsheet.grids[title]

    def add_spreadsheet(self, spreadsheet_id: str, title: str = "ITA") -> Spreadsheet:
        with self.lock:
            self.spreadsheets[spreadsheet_id] = Spreadsheet(spreadsheet_id, title)
            return self.spreadsheets[spreadsheet_id]

    def seed(self, title: str, rows: list[list[Any]]) -> None:
        with self.lock:
            grid = self.spreadsheet.grids.get(title) or self.spreadsheet.add_sheet(title)
            grid.rows = [list(row) for row in rows]

    # -- HTTP ------------------------------------------------------------------------------------
    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            status, body = self._dispatch(handler.command, handler.path, dict(handler.headers), raw)
        except _Dropped:
            handler.close_connection = True
            return
        except ApiError as error:
            status, body = error.status, error.body()
        payload = json.dumps(body, ensure_ascii=False).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _dispatch(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> tuple[int, Any]:
        parts = urlsplit(target)
        query = parse_qs(parts.query)
        if parts.path == "/token" and method == "POST":
            self.calls["token"] += 1
            return 200, self._token(parse_qs(raw.decode()))
        if parts.path.startswith("/v1/projects/-/serviceAccounts/") and parts.path.endswith("/allowedLocations"):
            self._authorize(headers)  # google-auth's regional access boundary lookup after each token
            self.calls["allowedLocations"] += 1
            return 200, {"locations": [], "encodedLocations": "0x0"}
        if self.latency:
            time.sleep(self.latency)
        if self.down:
            raise ApiError(503, "The service is currently unavailable.", "UNAVAILABLE")
        user = self._authorize(headers)
        kind, handler = self._route(method, parts.path)
        if self.quota is not None:
            self.quota.charge(user, write=method != "GET")
        fault = self.faults.popleft() if self.faults else None
        if fault in ("429", "500", "503"):
            raise ApiError(int(fault), "Injected fault", "RESOURCE_EXHAUSTED" if fault == "429" else "UNAVAILABLE")
        if fault == "drop":
            raise _Dropped()
        if fault == "timeout":  # answer nothing until the client has given up, then hang up
            self._released.wait(self.timeout_hold)
            raise _Dropped()
        body = json.loads(raw) if raw else {}
        with self.lock:
            self.calls[kind] += 1
            result = handler(query, body)
        if fault == "lost" or self.after_apply:
            if self.after_apply:
                self.after_apply(kind)
            if fault == "lost":
                raise _Dropped()
        return 200, result

    def _token(self, form: dict[str, list[str]]) -> dict[str, Any]:
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            raise ApiError(400, "unsupported_grant_type")
        try:
            claims = jwt.decode(form["assertion"][0], certs=self.public_keys, audience="https://oauth2.googleapis.com/token")
        except (KeyError, ValueError) as error:
            raise ApiError(400, f"invalid_grant: {error}") from None
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes & {SHEETS_SCOPE, DRIVE_METADATA_SCOPE}:
            raise ApiError(400, "invalid_scope")
        token = "ya29.fake-" + secrets.token_urlsafe(12)
        self.token_owner[token] = (str(claims.get("iss", "")), scopes)
        if SHEETS_SCOPE in scopes:
            self.tokens.add(token)
        return {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    def _authorize(self, headers: dict[str, str]) -> str:
        """The caller's e-mail (quotas are per user); 401 without a token granted the Sheets scope."""
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        if not value.startswith("Bearer ") or value[7:] not in self.tokens:
            raise ApiError(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED")
        return self.token_owner.get(value[7:], ("service-account", frozenset()))[0]

    def _route(self, method: str, path: str) -> tuple[str, Callable[[dict[str, list[str]], Any], Any]]:
        sheet_id = path.removeprefix("/v4/spreadsheets/").split("/")[0].split(":")[0]
        sheet = self.spreadsheets.get(sheet_id) if path.startswith("/v4/spreadsheets/") else None
        if sheet is None:
            raise ApiError(404, "Requested entity was not found.", "NOT_FOUND")
        if not self.shared:
            raise ApiError(403, "The caller does not have permission", "PERMISSION_DENIED")
        rest = path[len(f"/v4/spreadsheets/{sheet_id}"):]
        routes: dict[tuple[str, str], tuple[str, Callable[[dict[str, list[str]], Any], Any]]] = {
            ("GET", ""): ("metadata", lambda q, b: self._metadata(sheet, q)),
            ("POST", ":batchUpdate"): ("batchUpdate", lambda q, b: self._batch_update(sheet, b)),
            ("GET", "/values:batchGet"): ("batchGet", lambda q, b: self._batch_get(sheet, q)),
            ("POST", "/values:batchUpdate"): ("valuesBatchUpdate", lambda q, b: self._values_batch_update(sheet, b)),
        }
        if (method, rest) in routes:
            return routes[(method, rest)]
        if rest.startswith("/values/"):
            target = rest[len("/values/"):]
            if method == "POST" and target.endswith(":append"):
                a1 = unquote(target[: -len(":append")])
                return "append", lambda q, b: sheet.append_values(a1, b.get("values", []), _one(q, "valueInputOption"),
                                                                  _one(q, "insertDataOption"))
            if method == "POST" and target.endswith(":clear"):
                a1 = unquote(target[: -len(":clear")])
                return "clear", lambda q, b: sheet.clear_values(a1)
            if method == "PUT":
                a1 = unquote(target)
                return "update", lambda q, b: sheet.update_values(a1, b.get("values", []), _one(q, "valueInputOption"))
            if method == "GET":
                a1 = unquote(target)
                return "get", lambda q, b: sheet.get_values(a1, _one(q, "valueRenderOption") or "FORMATTED_VALUE",
                                                            _one(q, "dateTimeRenderOption") or "SERIAL_NUMBER")
        raise ApiError(404, f"Method not found: {method} {rest}", "NOT_FOUND")

    def _batch_get(self, sheet: Spreadsheet, query: dict[str, list[str]]) -> dict[str, Any]:
        render = _one(query, "valueRenderOption") or "FORMATTED_VALUE"
        dates = _one(query, "dateTimeRenderOption") or "SERIAL_NUMBER"
        ranges = [sheet.get_values(a1, render, dates) for a1 in query.get("ranges", [])]
        return {"spreadsheetId": sheet.id, "valueRanges": ranges}

    def _values_batch_update(self, sheet: Spreadsheet, body: Any) -> dict[str, Any]:
        option = body.get("valueInputOption")
        responses = [sheet.update_values(d["range"], d.get("values", []), option) for d in body.get("data", [])]
        return {"spreadsheetId": sheet.id, "responses": responses}

    def _batch_update(self, sheet: Spreadsheet, body: Any) -> dict[str, Any]:
        requests = body.get("requests", [])
        for index, request in enumerate(requests):  # all refused before any is applied, as Google's are atomic
            check_request(request, f"requests[{index}]")
        replies = [self._apply_request(sheet, request) for request in requests]
        return {"spreadsheetId": sheet.id, "replies": replies}

    def _metadata(self, sheet: Spreadsheet, query: dict[str, list[str]]) -> dict[str, Any]:
        """spreadsheets.get: the metadata; with ``ranges`` and a ``fields`` mask naming ``data`` (or
        includeGridData=true), each range's cells too, of which this fake keeps the dropdown (dataValidation)."""
        unknown = set(query) - get_parameters()
        if unknown:
            raise ApiError(400, f"Invalid JSON payload received. Unknown name \"{sorted(unknown)[0]}\": Cannot bind "
                                "query parameter.")
        body = sheet.metadata()
        fields = _one(query, "fields") or ""
        if "data" not in fields and _one(query, "includeGridData") != "true":
            return body
        by_title = {entry["properties"]["title"]: entry for entry in body["sheets"]}
        for text in query.get("ranges", []):
            grid, area = sheet.locate(text)
            box = grid.box(area)
            by_title[grid.title].setdefault("data", []).append(grid_data(grid, box))
        return body

    def _apply_request(self, sheet: Spreadsheet, request: dict[str, Any]) -> dict[str, Any]:
        (name, args), = request.items()
        if name == "addSheet":
            size = args["properties"].get("gridProperties", {})
            grid = sheet.add_sheet(args["properties"]["title"], size.get("rowCount", 1000),
                                              size.get("columnCount", 26))
            return {"addSheet": {"properties": {"sheetId": grid.sheet_id, "title": grid.title, "index": grid.index,
                                                "sheetType": "GRID", "gridProperties": {
                                                    "rowCount": grid.row_count, "columnCount": grid.col_count}}}}
        if name == "updateSheetProperties":
            grid = sheet.by_id(args["properties"]["sheetId"])
            size = args["properties"].get("gridProperties", {})
            grid.frozen_rows = size.get("frozenRowCount", grid.frozen_rows)
            if "title" in args["properties"]:
                sheet.rename(grid, args["properties"]["title"])
            if "rowCount" in size or "columnCount" in size:
                grid.resize(size.get("rowCount", grid.row_count), size.get("columnCount", grid.col_count))
        elif name in ("insertDimension", "updateCells", "deleteSheet"):
            apply_grid_request(sheet, name, args)
        elif name == "repeatCell":
            sheet.by_id(args["range"]["sheetId"]).bold_header = True
        elif name == "setDataValidation":
            set_data_validation(sheet, args)
        else:
            raise ApiError(400, f'Invalid JSON payload received. Unknown name "{name}"')
        return {}


def _one(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None
