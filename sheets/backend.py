"""The one interface both workbook backends (Google Sheets, local .xlsx) implement."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from common.thaitext import normalize_header
from sheets.cells import CellValue, safe_text
from sheets.dropdowns import ListRules
from sheets.row_update import Plan
from sheets.schema import Tab
from sheets.workbook import RawTable

Row = Mapping[str, CellValue]
"""A record to write: header → value (text from people is always written as text)."""


class BackendError(Exception):
    """The workbook could not be read or written."""


class TransientError(BackendError):
    """Nothing was applied (quota, busy file); the same call may succeed later."""


class AmbiguousWriteError(BackendError):
    """The write may or may not have been applied (timeout, lost response, 5xx)."""


class PermanentError(BackendError):
    """Retrying will not help (no access, no such spreadsheet, bad request)."""


@dataclass
class RequestCounters:
    """Requests that reached the backend, for tests and benchmarks."""

    reads: int = 0
    writes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, *, write: bool) -> None:
        with self._lock:
            if write:
                self.writes += 1
            else:
                self.reads += 1


@dataclass(frozen=True)
class InitReport:
    created_tabs: tuple[str, ...]
    added_headers: tuple[str, ...]
    replaced_dropdowns: tuple[str, ...] = ()
    """Dropdowns whose list lacked a choice of today's schema, replaced (sheets.dropdowns.Outdated.line)."""

    def lines(self) -> list[str]:
        lines = [f"สร้างแท็บ {name}" for name in self.created_tabs]
        lines += [f"เพิ่มหัวคอลัมน์ {item}" for item in self.added_headers]
        lines += list(self.replaced_dropdowns)
        return lines or ["สมุดงานมีครบทุกแท็บและหัวคอลัมน์แล้ว ไม่ได้แก้ไขอะไร"]


class WorkbookBackend(Protocol):
    counters: RequestCounters

    def describe(self) -> str:
        """Where the workbook lives, for people (no secrets)."""
        ...

    def read_tables(self) -> dict[str, RawTable]:
        """Every contract tab present, header row first, in exactly one backend read."""
        ...

    def version(self) -> object | None:
        """A cheap change marker (file mtime), or None when the backend cannot tell."""
        ...

    def append(self, tab: Tab, rows: Sequence[Row]) -> None:
        """Append rows under the tab's headers, as text, never as formulas."""
        ...

    def update_cells(self, tab: Tab, plan: Callable[[RawTable], Plan]) -> Plan:
        """Read the tab, let ``plan`` choose cells on it as it is now, write them as text in one request."""
        ...

    def existing_keys(self, tab: Tab) -> set[str]:
        """Values of the tab's key column, to tell whether an ambiguous write landed."""
        ...

    def init_schema(self) -> InitReport:
        """Create missing tabs and headers, validation and a frozen header row; keep all data. A dropdown whose
        list lacks one of today's choices is replaced with today's list."""
        ...

    def list_rules(self) -> ListRules:
        """The dropdown list on row 2 of each column of every contract tab (``sheet check``), in one read."""
        ...


def missing_headers(tab: Tab, header_row: Sequence[CellValue]) -> list[str]:
    """Contract headers row 1 lacks; none when row 1 holds something but no header at all (a record or a
    title pushed the header down): completing it would bury the data, so ``sheet check`` reports it instead."""
    present = {normalize_header(str(cell)) for cell in header_row if cell is not None}
    missing = [header for header in tab.headers if normalize_header(header) not in present]
    if len(missing) == len(tab.headers) and any(str(cell).strip() for cell in header_row if cell is not None):
        return []
    return missing


def row_cells(header_row: Sequence[CellValue], row: Row) -> list[CellValue]:
    """Cells of one record in the sheet's own column order (admins reorder columns)."""
    by_header = {normalize_header(name): value for name, value in row.items()}
    cells = [_writable(by_header.get(normalize_header(str(cell)))) if cell is not None else ""
             for cell in header_row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _writable(value: CellValue) -> CellValue:
    if value is None:
        return ""
    return safe_text(value) if isinstance(value, str) else value


def key_values(tab: Tab, table: RawTable) -> set[str]:
    """The key column's values of a raw table, found by header."""
    if tab.key is None or not table:
        return set()
    wanted = normalize_header(tab.key)
    header = [normalize_header(str(cell)) if cell is not None else "" for cell in table[0]]
    if wanted not in header:
        return set()
    index = header.index(wanted)
    return {str(row[index]).lstrip("'") for row in table[1:] if index < len(row) and row[index] not in (None, "")}
