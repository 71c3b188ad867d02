"""A new office's workbook made ready: the tabs and headers of `sheet init`, the settings rows, and org_name."""

from __future__ import annotations

from sheets.backend import InitReport, WorkbookBackend
from sheets.row_update import CellWrite, Plan
from sheets.schema import SETTINGS
from sheets.settings_rows import add_missing_settings
from sheets.workbook import RawTable

ORG_NAME = "org_name"


def prepare_workbook(backend: WorkbookBackend, org_name: str) -> InitReport:
    """Create what is missing (data kept) and fill org_name from ``org_name`` when it is empty."""
    report = backend.init_schema()
    table = backend.read_tables().get(SETTINGS.name) or [list(SETTINGS.headers)]
    keys = set(_column(table, SETTINGS.headers[0]))
    if ORG_NAME not in keys:
        backend.append(SETTINGS, [dict(zip(SETTINGS.headers, (ORG_NAME, org_name, "ชื่อหน่วยงาน"), strict=True))])
    else:
        backend.update_cells(SETTINGS, lambda current: _fill_org_name(current, org_name))
    add_missing_settings(backend, keys | {ORG_NAME})
    return report


def _fill_org_name(table: RawTable, org_name: str) -> Plan:
    """Write the name into the org_name row's value cell, only when that cell is empty."""
    header = [str(cell or "").strip() for cell in table[0]] if table else []
    key, value = SETTINGS.headers[0], SETTINGS.headers[1]
    if key not in header or value not in header:
        return Plan()
    key_at, value_at = header.index(key), header.index(value)
    for number, row in enumerate(table[1:], start=2):
        cells = list(row) + [None] * len(header)
        if str(cells[key_at] or "").strip() == ORG_NAME:
            empty = not str(cells[value_at] or "").strip()
            return Plan([CellWrite(number, value_at + 1, org_name)] if empty else [])
    return Plan()


def _column(table: RawTable, name: str) -> list[str]:
    """The text of one column, found by its header (admins reorder columns)."""
    header = [str(cell or "").strip() for cell in table[0]] if table else []
    if name not in header:
        return []
    at = header.index(name)
    return [str(row[at] or "").strip() for row in table[1:] if len(row) > at]
