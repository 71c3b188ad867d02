"""Production backend: a Google Sheet through gspread + google-auth (service account)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, cast

import google.auth.exceptions
import gspread
import requests
from gspread.utils import (
    ValueRenderOption,
    absolute_range_name,
    rowcol_to_a1,
)
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

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
from sheets.budget import SheetsBudget, service_email
from sheets.dropdowns import ListRules, outdated
from sheets.google_http import SHEETS_ORIGIN, SHEETS_SCOPE, google_session
from sheets.google_layout import (
    LIST_RULE_FIELDS,
    format_requests,
    insert_rows_requests,
    list_rules_of,
    update_cells_requests,
)
from sheets.placement import header_damage, last_record_row, typed_cells
from sheets.row_update import Plan
from sheets.schema import TABS, Tab
from sheets.workbook import RawTable

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}


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
                 sleep: Callable[[float], None] = time.sleep, budget: SheetsBudget | None = None) -> None:
        self.spreadsheet_id = spreadsheet_id
        self.budget = budget
        """The service account's budget, paid before every request; None: unmetered (CLI, tests)."""
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
        self._titles: list[str] | None = None

    def describe(self) -> str:
        """The sheet's id, and its title once it has been opened (no request is made for it)."""
        if self._spreadsheet is not None:
            return f"Google Sheet \"{self._spreadsheet.title}\" ({self.spreadsheet_id})"
        return f"Google Sheet {self.spreadsheet_id}"

    def version(self) -> object | None:
        return None

    def read_tables(self) -> dict[str, RawTable]:
        return cast(dict[str, RawTable], self._call(self._read_tables_once, write=False))

    def _read_tables_once(self) -> dict[str, RawTable]:
        """One values:batchGet: no metadata request before it. The tabs asked for are the contract's until
        Google answers 400 (a tab is missing or renamed); then the tabs are listed once and asked again."""
        try:
            return self._batch_get(self._titles or [tab.name for tab in TABS])
        except gspread.exceptions.APIError as error:
            if _status(error) != 400:
                raise
        self._spreadsheet = None
        self._open()
        self._titles = [tab.name for tab in TABS if tab.name in self._worksheets]
        return self._batch_get(self._titles)

    def _batch_get(self, titles: list[str]) -> dict[str, RawTable]:
        ranges = [absolute_range_name(title) for title in titles]
        response = self._client().http_client.values_batch_get(self.spreadsheet_id, ranges, dict(READ_PARAMS))
        blocks = response.get("valueRanges", [])
        return {title: block.get("values", []) for title, block in zip(titles, blocks, strict=False)}

    def append(self, tab: Tab, rows: Sequence[Row]) -> None:
        """Rows inserted right under the last record, in one atomic batchUpdate (never values:append:
        Google writes *at* the range when it starts at a blank cell, so a cleared A1 or an inserted
        column A would put the record above the header)."""
        table = self._call(lambda: self._table_with_header(tab), write=False)
        header = table[0]
        cells = [typed_cells(tab, header, row_cells(header, record)) for record in rows]
        requests = insert_rows_requests(self._worksheets[tab.name].id, last_record_row(tab, table), cells,
                                        buddhist_years=self._open().locale == "th_TH")
        self._call(lambda: self._open().batch_update({"requests": requests}), write=True)

    def existing_keys(self, tab: Tab) -> set[str]:
        return key_values(tab, self._call(lambda: self._values(tab.name), write=False))

    def update_cells(self, tab: Tab, plan: Callable[[RawTable], Plan]) -> Plan:
        """One read of the tab, then one atomic batchUpdate of the chosen cells (``update_cells_requests``):
        text stays text, dates and numbers are typed, and a cell's own number format is kept."""
        table = self._call(lambda: self._checked_values(tab), write=False)
        chosen = plan(table)
        if chosen.writes:
            requests = update_cells_requests(self._worksheets[tab.name].id, chosen.writes,
                                             buddhist_years=self._open().locale == "th_TH")
            self._call(lambda: self._open().batch_update({"requests": requests}), write=True)
        return chosen

    def _checked_values(self, tab: Tab) -> RawTable:
        self._open()
        if tab.name not in self._worksheets:
            raise PermanentError(f"ไม่พบแท็บ '{tab.name}' ในสมุดงาน (สร้างด้วย ita-bot sheet init)")
        table = self._values(tab.name)
        damage = header_damage(tab, table)
        if damage:
            raise PermanentError(f"แท็บ '{tab.name}' แถว {damage[0]}: {damage[1]}")
        return table

    def init_schema(self) -> InitReport:
        return cast(InitReport, self._call(self._init_schema_once, write=True))

    def _init_schema_once(self) -> InitReport:
        spreadsheet = self._open()
        created = [tab for tab in TABS if tab.name not in self._worksheets]
        if created:
            spreadsheet.batch_update({"requests": [
                {"addSheet": {"properties": {"title": tab.name}}} for tab in created]})
            self._spreadsheet = None
            self._titles = None
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
        replaced = outdated(headers, self._list_rules_once())
        sheet_ids = {title: ws.id for title, ws in self._worksheets.items()}
        spreadsheet.batch_update({"requests": format_requests(sheet_ids, headers)})  # every dropdown set anew
        return InitReport(tuple(tab.name for tab in created), tuple(added), tuple(old.line() for old in replaced))

    def list_rules(self) -> ListRules:
        return cast(ListRules, self._call(self._list_rules_once, write=False))

    def _list_rules_once(self) -> ListRules:
        """One spreadsheets.get of row 2 of every contract tab, with only the cells' dropdown rules."""
        spreadsheet = self._open()
        titles = [tab.name for tab in TABS if tab.name in self._worksheets]
        if not titles:
            return {}
        params: dict[str, str | int | bool | float | list[str] | None] = {
            "ranges": [absolute_range_name(title, "2:2") for title in titles], "fields": LIST_RULE_FIELDS}
        return list_rules_of(spreadsheet.fetch_sheet_metadata(params=params))

    def _open(self) -> gspread.Spreadsheet:
        """The spreadsheet and its tabs from ONE metadata request (gspread's open_by_key and worksheets()
        would each fetch it)."""
        if self._spreadsheet is None:
            http = self._client().http_client
            try:
                metadata = http.fetch_sheet_metadata(self.spreadsheet_id)
            except gspread.exceptions.APIError as error:
                if _status(error) == 404:
                    raise gspread.exceptions.SpreadsheetNotFound from error
                raise
            spreadsheet = _Opened(http, {"id": self.spreadsheet_id, **metadata["properties"]})
            self._worksheets = {s["properties"]["title"]: gspread.Worksheet(spreadsheet, s["properties"],
                                                                            self.spreadsheet_id, http)
                                for s in metadata.get("sheets", [])}
            self._spreadsheet = spreadsheet
        return self._spreadsheet

    def _client(self) -> gspread.Client:
        if self._gspread is None:
            self._gspread = self._new_client()
        return self._gspread

    def _new_client(self) -> gspread.Client:
        session = google_session(self._credentials_file, [SHEETS_SCOPE], SHEETS_ORIGIN, api_url=self._api_url,
                                 budget=self.budget)
        session.hooks["response"].append(self._count)
        client = gspread.Client(auth=session.credentials, session=session)
        client.set_timeout(self._timeout)
        return client

    def _count(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        method = (response.request.method or "GET").upper()
        self.counters.count(write=method != "GET")

    def _values(self, title: str) -> RawTable:
        self._open()
        values: RawTable = self._worksheets[title].get_values(value_render_option=ValueRenderOption.unformatted)
        return values

    def _table_with_header(self, tab: Tab) -> list[list[Any]]:
        """The whole tab, its header row completed with any contract header an admin removed (at the end)."""
        if tab.name not in self._worksheets:
            self._open()
        if tab.name not in self._worksheets:
            raise PermanentError(f"ไม่พบแท็บ '{tab.name}' ในสมุดงาน (สร้างด้วย ita-bot sheet init)")
        table = [list(row) for row in self._worksheets[tab.name].get_values(
            value_render_option=ValueRenderOption.unformatted)] or [[]]
        damage = header_damage(tab, table)
        if damage:
            raise PermanentError(f"แท็บ '{tab.name}' แถว {damage[0]}: {damage[1]}")
        missing = missing_headers(tab, table[0])
        if missing:
            start = rowcol_to_a1(1, len(table[0]) + 1)
            self._open().values_update(absolute_range_name(tab.name, start), {"valueInputOption": "RAW"},
                                       {"values": [missing]})
            table[0] = table[0] + missing
        return table

    def _share_hint(self) -> str:
        """403: Google refuses a sheet that is not shared with the service account; say with whom to share."""
        email = service_email(self._credentials_file) or "ที่อยู่ในช่อง client_email ของไฟล์ GOOGLE_APPLICATION_CREDENTIALS"
        return (f"บัญชีบริการไม่มีสิทธิ์เปิดชีต {self.spreadsheet_id}: เปิด Google Sheet แล้วกด แชร์ "
                f"ให้อีเมล {email} เป็นผู้แก้ไข (Editor)")

    def _call(self, action: Callable[[], Any], *, write: bool) -> Any:
        """Run one API step with retries, and translate failures into our error kinds."""
        retrying = self._retrying.copy(retry=retry_if_exception(
            lambda e: _status(e) == 429 if write else _retryable_read(e)))
        try:
            return retrying(action)
        except BackendError:
            raise
        except gspread.exceptions.APIError as error:
            if _status(error) == 403:
                raise PermanentError(self._share_hint()) from error
            raise _translate(error, write=write) from error
        except PermissionError as error:  # gspread's own type for a 403 on open: the sheet is not shared with us
            raise PermanentError(self._share_hint()) from error
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


class _Opened(gspread.Spreadsheet):
    """A spreadsheet made from metadata already fetched (gspread's constructor would fetch it again)."""

    def __init__(self, http_client: Any, properties: dict[str, Any]) -> None:
        self.client = http_client
        self._properties = properties


def _translate(error: gspread.exceptions.APIError, *, write: bool) -> BackendError:
    status = _status(error) or 0
    message = f"Google Sheets ตอบ {status}"
    if status == 429:
        return TransientError(message + " (เกินโควตา)")
    if status >= 500 or status == 408:
        return AmbiguousWriteError(message) if write else TransientError(message)
    return PermanentError(message + " (ตรวจ GOOGLE_SPREADSHEET_ID และการแชร์ชีตให้บัญชีบริการ)")
