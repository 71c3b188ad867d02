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


class LinkCheck(Protocol):
    """Whether a handed-in page passes the OIT link check, and its verdict in Thai (what ผลตรวจลิงก์ shows).

    bot.link_check.OitLinkCheck is the real one (the verdicts of handlers.oit.links)."""

    def check(self, url: str, *, fiscal_year: int, website: str) -> tuple[bool, str]: ...


class PhotoLinker(Protocol):
    """Where the desk records which photos a filed case has (state.attachments.AttachmentStore)."""

    def link(self, case_no: str, references: list[str]) -> None: ...
