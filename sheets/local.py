"""The embedded default backend: one .xlsx file, edited by admins in LibreOffice or Excel."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from sheets.backend import (
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
from sheets.dropdowns import ListRules, Outdated
from sheets.local_dropdowns import list_rules, update_dropdowns
from sheets.local_rows import write_cell, write_rows
from sheets.placement import header_damage, last_record_row, typed_cells
from sheets.row_update import Plan
from sheets.schema import TABS, Tab
from sheets.workbook import RawTable

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


class LocalWorkbook:
    """Reads with one file load (cached until the file's mtime changes); writes atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counters = RequestCounters()
        self._cached: tuple[object, dict[str, RawTable]] | None = None

    def describe(self) -> str:
        return f"ไฟล์ {self.path}"

    def version(self) -> object | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def read_tables(self) -> dict[str, RawTable]:
        version = self.version()
        if version is None:
            raise PermanentError(f"ไม่พบไฟล์สมุดงาน {self.path} (สร้างด้วย ita-bot sheet init)")
        if self._cached and self._cached[0] == version:
            return self._cached[1]
        self.counters.count(write=False)
        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a damaged or half-saved file
            raise TransientError(f"เปิดไฟล์สมุดงานไม่ได้: {type(error).__name__}") from error
        try:
            wanted = {tab.name for tab in TABS}
            tables: dict[str, RawTable] = {
                sheet.title: [[_read_cell(cell) for cell in row] for row in sheet.iter_rows()]
                for sheet in workbook.worksheets if sheet.title in wanted
            }
        finally:
            workbook.close()
        self._cached = (version, tables)
        return tables

    def append(self, tab: Tab, rows: Sequence[Row]) -> None:
        try:
            self._append(tab, rows)
        except (IllegalCharacterError, ValueError, TypeError) as error:
            raise PermanentError(f"เขียนแถวลงไฟล์ไม่ได้: {type(error).__name__}") from error
        self.counters.count(write=True)

    def _append(self, tab: Tab, rows: Sequence[Row]) -> None:
        with self._editing() as workbook:
            sheet = workbook[tab.name] if tab.name in workbook.sheetnames else _create_tab(workbook, tab)
            table = [list(row) for row in sheet.iter_rows(values_only=True)]
            damage = header_damage(tab, table)
            if damage:
                raise PermanentError(f"แท็บ '{tab.name}' แถว {damage[0]}: {damage[1]}")
            header = _add_missing_headers(sheet, tab)
            cells = [typed_cells(tab, header, row_cells(header, record)) for record in rows]
            write_rows(sheet, last_record_row(tab, [header, *table[1:]]), cells)

    def existing_keys(self, tab: Tab) -> set[str]:
        return key_values(tab, self.read_tables().get(tab.name, []))

    def update_cells(self, tab: Tab, plan: Callable[[RawTable], Plan]) -> Plan:
        """Plan and write under one file lock and one atomic save, so nobody's edit falls in between."""
        with self._editing() as workbook:
            if tab.name not in workbook.sheetnames:
                raise PermanentError(f"ไม่พบแท็บ '{tab.name}' ในสมุดงาน (สร้างด้วย ita-bot sheet init)")
            sheet = workbook[tab.name]
            table: RawTable = [list(row) for row in sheet.iter_rows(values_only=True)]
            damage = header_damage(tab, table)
            if damage:
                raise PermanentError(f"แท็บ '{tab.name}' แถว {damage[0]}: {damage[1]}")
            chosen = plan(table)
            for write in chosen.writes:
                write_cell(sheet, write.row, write.column, write.value)
        if chosen.writes:
            self.counters.count(write=True)
        return chosen

    def init_schema(self) -> InitReport:
        created: list[str] = []
        added: list[str] = []
        replaced: list[Outdated] = []
        with self._editing(create=True) as workbook:
            for tab in TABS:
                if tab.name not in workbook.sheetnames:
                    _create_tab(workbook, tab)
                    created.append(tab.name)
                else:
                    added += [f"{tab.name}: {h}" for h in _add_missing_headers(workbook[tab.name], tab, True)]
                replaced += _format_tab(workbook[tab.name], tab)
            if "Sheet" in workbook.sheetnames and len(workbook.sheetnames) > 1:
                default = workbook["Sheet"]
                if default.max_row == 1 and default["A1"].value is None:
                    workbook.remove(default)
        return InitReport(tuple(created), tuple(added), tuple(old.line() for old in replaced))

    def list_rules(self) -> ListRules:
        """The dropdown lists on row 2 of every contract tab (one full load of the file: read-only mode has none)."""
        if self.version() is None:
            raise PermanentError(f"ไม่พบไฟล์สมุดงาน {self.path} (สร้างด้วย ita-bot sheet init)")
        try:
            workbook = openpyxl.load_workbook(self.path)
        except Exception as error:  # openpyxl raises many kinds on a damaged or half-saved file
            raise TransientError(f"เปิดไฟล์สมุดงานไม่ได้: {type(error).__name__}") from error
        self.counters.count(write=False)
        return {tab.name: list_rules(workbook[tab.name]) for tab in TABS if tab.name in workbook.sheetnames}

    @contextlib.contextmanager
    def _editing(self, *, create: bool = False) -> Iterator[Workbook]:
        """Load, let the caller edit, then save atomically under an exclusive file lock."""
        if _office_lock(self.path).exists():
            raise TransientError("มีผู้เปิดไฟล์สมุดงานค้างไว้ใน LibreOffice/Excel จะเขียนใหม่เมื่อปิดไฟล์")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            if self.path.exists():
                workbook = openpyxl.load_workbook(self.path)
            elif create:
                workbook = openpyxl.Workbook()
            else:
                raise PermanentError(f"ไม่พบไฟล์สมุดงาน {self.path} (สร้างด้วย ita-bot sheet init)")
            yield workbook
            _save_atomically(workbook, self.path)
            self._cached = None


def _read_cell(cell: Any) -> CellValue:
    """A cell's value; a number shown as a percentage (0.5 shown as 50%) reads as the text '50%'."""
    value: CellValue = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in str(cell.number_format or ""):
        return f"{value * 100:g}%"
    return value


def _office_lock(path: Path) -> Path:
    return path.with_name(f".~lock.{path.name}#")


def _save_atomically(workbook: Workbook, path: Path) -> None:
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp_file:
            workbook.save(temp_file)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _create_tab(workbook: Workbook, tab: Tab) -> Worksheet:
    sheet = workbook.create_sheet(tab.name)
    sheet.append(list(tab.headers))
    return sheet


def _add_missing_headers(sheet: Worksheet, tab: Tab, report: bool = False) -> list[str]:
    """The header row after adding any contract header the admin removed (at the end)."""
    header = [cell.value for cell in sheet[1]] if sheet.max_row >= 1 else []
    while header and header[-1] is None:
        header.pop()
    missing = missing_headers(tab, header)
    for offset, name in enumerate(missing):
        sheet.cell(row=1, column=len(header) + offset + 1, value=name)
    return missing if report else header + missing


def _format_tab(sheet: Worksheet, tab: Tab) -> list[Outdated]:
    """Bold frozen header; a dropdown on every column with choices that has none, and today's list on one whose
    list lacks a choice (replaced, the admin's cells untouched). Returns the dropdowns replaced."""
    sheet.freeze_panes = "A2"
    header = [cell.value for cell in sheet[1]]
    for index, value in enumerate(header, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(value or "")) * 2))
    return update_dropdowns(sheet, tab, header)

