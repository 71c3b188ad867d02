"""The small interfaces through which handlers reach storage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from sheets.records import Complaint
from sheets.schema import Tab
from sheets.workbook import Snapshot
from state.row_changes import RowChange


class RowChangeSink(Protocol):
    """Where handlers queue keyed changes of existing rows (state.row_changes.RowChangeWriter)."""

    def submit(self, change: RowChange) -> bool: ...


class RecordWriter(Protocol):
    """Where handlers send the rows they write (the durable outbox)."""

    def submit(self, tab: Tab, row: Mapping[str, str]) -> bool: ...
    def pending(self, tab: Tab, record_id: str) -> Mapping[str, str] | None: ...


class LinkCheck(Protocol):
    """Whether a handed-in page passes the OIT link check (True), fails it (False) or could not be checked because
    the site did not answer (None), and the verdict in Thai (what ผลตรวจลิงก์ shows).

    bot.link_check.OitLinkCheck is the real one (the verdicts of handlers.oit.links)."""

    def check(self, url: str, *, fiscal_year: int, website: str) -> tuple[bool | None, str]: ...


class PhotoLinker(Protocol):
    """Where the desk records which photos a filed case has (state.attachments.AttachmentStore)."""

    def link(self, case_no: str, references: list[str]) -> None: ...
    def references(self, case_no: str) -> list[str]: ...


class ComplaintIntake(Protocol):
    """How the conversation reaches the complaint desk (handlers.complaints.desk.ComplaintDesk is the real one).

    The engine sits below the features, so it names the desk's drafts and results as Any; the complaint flows
    annotate them back (``Filed``, ``CaseView``) where they use them."""

    daily_limit: int

    def filing_refusal(self, sender: str | None, channel: str = "LINE") -> str | None: ...
    def file(self, draft: Any, channel: str, snapshot: Snapshot | None, *, sender: str | None,
             user_id: str | None, sla_days: int = 15, key: str | None = None) -> Any: ...
    def lookup(self, receipt_text: str, snapshot: Snapshot | None, *, sender: str | None) -> Any: ...
    def is_complainant(self, case_no: str, user_id: str) -> bool: ...
    def view_of(self, case_no: str, snapshot: Snapshot | None) -> Any: ...
    def photo_references(self, case_no: str) -> list[str]: ...
    def add_photos(self, case_no: str, references: list[str]) -> None: ...


class CasePhotoLinks(Protocol):
    """A case's photos and their signed links (handlers.casework.photos.CasePhotos)."""

    def of(self, case_no: str, case: Complaint | None) -> list[str]: ...
    def urls(self, case: Complaint, count: int | None = None) -> list[str]: ...


class EvidencePhotoLinks(Protocol):
    """Signed links to a measure's evidence photos (handlers.measures.evidence_links.EvidenceLinks)."""

    def urls(self, code: str, cell: str | None) -> list[tuple[int, str]]: ...
