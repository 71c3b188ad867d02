"""Keyed row updates as outbox records: "in tab T, the row whose key column K holds k, change these cells,
provided each still holds what the person saw".

``state`` knows the table only by this plain description (tab name, key header, cell headers); the
flusher (``sheets.row_flush``) finds the row and the cells again at write time. A change is queued in
the ordinary outbox under the tab name ``UPDATE_PREFIX + tab`` with its idempotency key as record id,
so SQLite and Redis keep it durable, lease it to one flusher, and a retry or double tap with the same
key is queued once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from state.outbox import Entry, OutboxStore

UPDATE_PREFIX = "แก้แถว:"
"""Outbox tab names starting with this hold row changes, not rows to append."""


@dataclass(frozen=True)
class CellChange:
    """One cell, by its header: ``old`` is what the person saw ("" for blank), ``new`` what they chose."""

    header: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """Cells of one row to change; with no cells, only a history row (an internal note) once the row is found."""

    tab: str
    key_header: str
    key: str
    cells: tuple[CellChange, ...]
    change_id: str
    """Idempotency key: the same id is queued, written and logged once."""
    action: str = ""
    """What the history tab says was done (e.g. รับเรื่อง)."""
    by: str = ""
    note: str = ""
    at: str = ""
    """When the person acted, as the history tab shows it (Bangkok time text)."""
    notify: str = ""
    """Opaque address for the conflict answer (an officer's chat); never written to the sheet."""
    extra: Mapping[str, str] = field(default_factory=dict)
    also: tuple[tuple[str, str], ...] = ()
    """Other columns the row must hold (header, value) when the key repeats, e.g. OIT ข้อ per ปีงบประมาณ."""


@dataclass(frozen=True)
class Conflict:
    """The change was not written: ``current`` holds what the sheet has now (header → text)."""

    change: RowChange
    current: Mapping[str, str]
    reason: str


def change_id(*parts: str) -> str:
    """A stable idempotency key from what identifies one tap (event id, case, action)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def is_update_tab(outbox_tab: str) -> bool:
    return outbox_tab.startswith(UPDATE_PREFIX)


def encode(change: RowChange) -> dict[str, str]:
    cells = [[cell.header, cell.old, cell.new] for cell in change.cells]
    return {"key_header": change.key_header, "key": change.key, "cells": json.dumps(cells, ensure_ascii=False),
            "action": change.action, "by": change.by, "note": change.note, "at": change.at,
            "notify": change.notify, "extra": json.dumps(dict(change.extra), ensure_ascii=False),
            "also": json.dumps([list(pair) for pair in change.also], ensure_ascii=False)}


def decode(entry: Entry) -> RowChange:
    row = entry.row
    cells = tuple(CellChange(str(h), str(o), str(n)) for h, o, n in json.loads(row["cells"]))
    return RowChange(entry.tab[len(UPDATE_PREFIX):], row["key_header"], row["key"], cells, entry.record_id,
                     row.get("action", ""), row.get("by", ""), row.get("note", ""), row.get("at", ""),
                     row.get("notify", ""), json.loads(row.get("extra") or "{}"),
                     tuple((str(h), str(v)) for h, v in json.loads(row.get("also") or "[]")))


class RowChangeWriter:
    """What flows queue changes through: durable in the outbox when ``submit`` returns."""

    def __init__(self, outbox: OutboxStore, clock: Callable[[], datetime], *,
                 on_put: Callable[[], None] = lambda: None) -> None:
        self.outbox = outbox
        self.clock = clock
        self.on_put = on_put
        """Told after each new change: the flusher runs soon instead of at its idle pace."""

    def submit(self, change: RowChange) -> bool:
        """Queue a change; False when its ``change_id`` was queued before (a retry or double tap)."""
        if not change.key or not change.change_id or not (change.cells or change.note):
            raise ValueError("a row change needs a key, a change id and a cell or a note")
        queued = self.outbox.put(UPDATE_PREFIX + change.tab, change.change_id, encode(change), self.clock())
        if queued:
            self.on_put()
        return queued

    def submit_all(self, changes: Sequence[RowChange]) -> list[bool]:
        return [self.submit(change) for change in changes]
