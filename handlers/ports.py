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


class LinkCheck(Protocol):
    """Whether a published page opens: (True, "") or (False, why in Thai). bot.link_check is the real one."""

    def check(self, url: str) -> tuple[bool, str]: ...


class PhotoLinker(Protocol):
    """Where the desk records which photos a filed case has (state.attachments.AttachmentStore)."""

    def link(self, case_no: str, references: list[str]) -> None: ...
