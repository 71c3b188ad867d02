"""Production backend: a Google Sheet through gspread + google-auth (service account)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

import google.auth.exceptions
import gspread
import requests
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2.service_account import Credentials
from gspread.utils import (
    InsertDataOption,
    ValueInputOption,
    ValueRenderOption,
    absolute_range_name,
    rowcol_to_a1,
)
from requests.adapters import HTTPAdapter
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from common.thaitext import format_sheet_date
from sheets.backend import (
    AmbiguousWriteError,
    BackendError,
    InitReport,
    PermanentError,
    RequestCounters,
    Row,
    TransientError,
    key_values,
    missing_headers,
    row_cells,
)
from sheets.cells import CellValue
from sheets.google_layout import format_requests
from sheets.schema import TABS, Tab
from sheets.workbook import RawTable

SHEETS_ORIGIN = "https://sheets.googleapis.com"
IAM_ORIGIN = "https://iamcredentials.googleapis.com"
SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}


class RebaseAdapter(HTTPAdapter):
    """Sends requests meant for a Google origin to another base URL (the fake in tests and benchmarks)."""

    def __init__(self, origin: str, base_url: str) -> None:
        super().__init__()
        self.origin = origin
        self.base_url = base_url.rstrip("/")

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        request.url = self.base_url + str(request.url)[len(self.origin):]
        return super().send(request, *args, **kwargs)


def _status(error: BaseException) -> int | None:
    return error.response.status_code if isinstance(error, gspread.exceptions.APIError) else None


def _is_transport_failure(error: BaseException) -> bool:
    return isinstance(error, requests.Timeout | requests.ConnectionError)


def _retryable_read(error: BaseException) -> bool:
    return _is_transport_failure(error) or _status(error) in RETRYABLE_STATUS


class GoogleWorkbook:
    """One batched read per snapshot; RAW appends; bounded retries with capped, jittered backoff."""

    def __init__(self, spreadsheet_id: str, credentials_file: str, *, api_url: str | None = None,
                 timeout: float = 20.0, attempts: int = 5, max_wait: float = 8.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.spreadsheet_id = spreadsheet_id
        self.counters = RequestCounters()
        self._credentials_file = credentials_file
        self._api_url = api_url
        self._timeout = timeout
        self._retrying = Retrying(stop=stop_after_attempt(attempts), reraise=True, sleep=sleep,
                                  wait=wait_random_exponential(multiplier=0.5, max=max_wait),
                                  retry=retry_if_exception(_retryable_read))
        self._gspread: gspread.Client | None = None
        self._spreadsheet: gspread.Spreadsheet | None = None
        self._worksheets: dict[str, gspread.Worksheet] = {}

    def describe(self) -> str:
        return f"Google Sheet {self.spreadsheet_id}"

    def version(self) -> object | None:
        return None

    def read_tables(self) -> dict[str, RawTable]:
        return cast(dict[str, RawTable], self._call(self._read_tables_once, write=False))

    def _read_tables_once(self) -> dict[str, RawTable]:
        spreadsheet = self._open()
        titles = [tab.name for tab in TABS if tab.name in self._worksheets]
        try:
            response = spreadsheet.values_batch_get([absolute_range_name(t) for t in titles], dict(READ_PARAMS))
        except gspread.exceptions.APIError as error:
            if _status(error) == 400:  # a tab was renamed or removed since we listed them
                self._spreadsheet = None
            raise
        ranges = response.get("valueRanges", [])
        return {title: block.get("values", []) for title, block in zip(titles, ranges, strict=False)}

    def append(self, tab: Tab, rows: Sequence[Row]) -> None:
        header = self._call(lambda: self._header_with(tab), write=False)
        worksheet = self._worksheets[tab.name]
        cells = [[_json_cell(cell) for cell in row_cells(header, record)] for record in rows]
        self._call(lambda: worksheet.append_rows(cells, value_input_option=ValueInputOption.raw,
                                                 insert_data_option=InsertDataOption.insert_rows,
                                                 table_range="A1"),
                   write=True)

    def existing_keys(self, tab: Tab) -> set[str]:
        return key_values(tab, self._call(lambda: self._values(tab.name), write=False))

    def init_schema(self) -> InitReport:
        return cast(InitReport, self._call(self._init_schema_once, write=True))

    def _init_schema_once(self) -> InitReport:
        spreadsheet = self._open()
        created = [tab for tab in TABS if tab.name not in self._worksheets]
        if created:
            spreadsheet.batch_update({"requests": [
                {"addSheet": {"properties": {"title": tab.name}}} for tab in created]})
            self._spreadsheet = None
            spreadsheet = self._open()
        blocks = spreadsheet.values_batch_get([absolute_range_name(t.name, "1:1") for t in TABS])
        headers: dict[str, list[Any]] = {}
        updates, added = [], []
        for tab, block in zip(TABS, blocks.get("valueRanges", []), strict=False):
            header = (block.get("values") or [[]])[0]
            missing = missing_headers(tab, header)
            if missing:
                start = rowcol_to_a1(1, len(header) + 1)
                updates.append({"range": absolute_range_name(tab.name, start), "values": [missing]})
                added += [f"{tab.name}: {name}" for name in missing if tab not in created]
            headers[tab.name] = header + missing
        if updates:
            spreadsheet.values_batch_update({"valueInputOption": "RAW", "data": updates})
        sheet_ids = {title: ws.id for title, ws in self._worksheets.items()}
        spreadsheet.batch_update({"requests": format_requests(sheet_ids, headers)})
        return InitReport(tuple(tab.name for tab in created), tuple(added))

    def _open(self) -> gspread.Spreadsheet:
        if self._spreadsheet is None:
            spreadsheet = self._client().open_by_key(self.spreadsheet_id)
            self._worksheets = {ws.title: ws for ws in spreadsheet.worksheets()}
            self._spreadsheet = spreadsheet
        return self._spreadsheet

    def _client(self) -> gspread.Client:
        if self._gspread is None:
            self._gspread = self._new_client()
        return self._gspread

    def _new_client(self) -> gspread.Client:
        credentials = Credentials.from_service_account_file(self._credentials_file, scopes=SCOPES)
        auth_session = requests.Session()  # tokens, and google-auth's access-boundary lookup
        session = AuthorizedSession(credentials, auth_request=Request(auth_session))
        if self._api_url:
            session.mount(SHEETS_ORIGIN, RebaseAdapter(SHEETS_ORIGIN, self._api_url))
            auth_session.mount(IAM_ORIGIN, RebaseAdapter(IAM_ORIGIN, self._api_url))
        session.hooks["response"].append(self._count)
        client = gspread.Client(auth=credentials, session=session)
        client.set_timeout(self._timeout)
        return client

    def _count(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        method = (response.request.method or "GET").upper()
        self.counters.count(write=method != "GET")

    def _values(self, title: str) -> RawTable:
        self._open()
        values: RawTable = self._worksheets[title].get_values(value_render_option=ValueRenderOption.unformatted)
        return values

    def _header_with(self, tab: Tab) -> list[Any]:
        """The tab's header row, adding any contract header an admin removed (at the end)."""
        spreadsheet = self._open()
        if tab.name not in self._worksheets:
            raise PermanentError(f"ไม่พบแท็บ '{tab.name}' ในสมุดงาน (สร้างด้วย ita-bot sheet init)")
        block = spreadsheet.values_get(absolute_range_name(tab.name, "1:1"))
        header: list[Any] = (block.get("values") or [[]])[0]
        missing = missing_headers(tab, header)
        if missing:
            start = rowcol_to_a1(1, len(header) + 1)
            spreadsheet.values_update(absolute_range_name(tab.name, start), {"valueInputOption": "RAW"},
                                      {"values": [missing]})
        return header + missing

    def _call(self, action: Callable[[], Any], *, write: bool) -> Any:
        """Run one API step with retries, and translate failures into our error kinds."""
        retrying = self._retrying.copy(retry=retry_if_exception(
            lambda e: _status(e) == 429 if write else _retryable_read(e)))
        try:
            return retrying(action)
        except BackendError:
            raise
        except gspread.exceptions.APIError as error:
            raise _translate(error, write=write) from error
        except gspread.exceptions.SpreadsheetNotFound as error:  # gspread's own type for a 404 on open
            raise PermanentError("ไม่พบสมุดงาน: ตรวจ GOOGLE_SPREADSHEET_ID และแชร์ชีตให้อีเมลบัญชีบริการ") from error
        except (requests.Timeout, requests.ConnectionError) as error:
            kind = AmbiguousWriteError if write else TransientError
            raise kind(f"Google Sheets ไม่ตอบ: {type(error).__name__}") from error
        except google.auth.exceptions.TransportError as error:
            raise TransientError(f"ขอสิทธิ์เข้าถึง Google ไม่ได้: {type(error).__name__}") from error
        except google.auth.exceptions.RefreshError as error:
            raise PermanentError("บัญชีบริการ Google ขอสิทธิ์ไม่สำเร็จ (ตรวจไฟล์ GOOGLE_APPLICATION_CREDENTIALS)") from error
        except (OSError, ValueError) as error:
            raise PermanentError(f"ใช้ไฟล์บัญชีบริการ Google ไม่ได้: {type(error).__name__}") from error


def _json_cell(value: CellValue) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_sheet_date(value)
    return value


def _translate(error: gspread.exceptions.APIError, *, write: bool) -> BackendError:
    status = _status(error) or 0
    message = f"Google Sheets ตอบ {status}"
    if status == 429:
        return TransientError(message + " (เกินโควตา)")
    if status >= 500 or status == 408:
        return AmbiguousWriteError(message) if write else TransientError(message)
    return PermanentError(message + " (ตรวจ GOOGLE_SPREADSHEET_ID และการแชร์ชีตให้บัญชีบริการ)")
