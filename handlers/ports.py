"""The small interfaces through which handlers reach storage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from sheets.schema import Tab
from state.row_changes import RowChange


class RowChangeSink(Protocol):
    """Where handlers queue keyed changes of existing rows (state.row_changes.RowChangeWriter)."""

    def submit(self, change: RowChange) -> bool: ...


class RecordWriter(Protocol):
    """Where handlers send the rows they write (the durable outbox)."""

    def submit(self, tab: Tab, row: Mapping[str, str]) -> bool: ...
    def pending(self, tab: Tab, record_id: str) -> Mapping[str, str] | None: ...
