"""Which document, of which year and period: one request type for the CLI, the LINE links and the jobs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from common.thaitext import fiscal_year_of, format_thai_date
from handlers.documents.analysis_report import NoScores, build_analysis
from handlers.documents.complaint_report import build_complaints, default_period
from handlers.documents.model import Document
from handlers.documents.progress_report import build_progress, default_as_of
from handlers.ita.rules import years_with_scores
from sheets.workbook import Snapshot
from templates import document_words as w

KINDS = ("analysis", "progress", "complaints")


class BadRequest(ValueError):
    """The request cannot be met from this sheet; the message says why (Thai)."""


@dataclass(frozen=True)
class DocumentRequest:
    kind: str
    year: int | None = None
    as_of: date | None = None
    start: date | None = None
    end: date | None = None
    thai_digits: bool | None = None
    """None: the workbook's document_digits setting decides."""


def current_year(snapshot: Snapshot, today: date) -> int:
    text = snapshot.settings.get("current_fiscal_year", "").strip()
    return int(text) if text.isdecimal() else fiscal_year_of(today)


def default_year(snapshot: Snapshot, kind: str, today: date) -> int:
    """Analysis: the latest year with scores; the others: the current fiscal year."""
    if kind == "analysis":
        years = years_with_scores(snapshot.scores)
        if not years:
            raise BadRequest(w("no_scores_at_all"))
        return years[0]
    return current_year(snapshot, today)


def refuse_future(request: DocumentRequest, today: date) -> None:
    """A report "as of" or "to" a day still to come is refused (an issued link keeps its round, so only asking
    checks)."""
    if request.as_of and request.as_of > today:
        raise BadRequest(w("future_as_of", as_of=format_thai_date(request.as_of), today=format_thai_date(today)))
    if request.end and request.end > today:
        raise BadRequest(w("future_to", end=format_thai_date(request.end), today=format_thai_date(today)))


def build_document(snapshot: Snapshot, request: DocumentRequest, today: date) -> Document:
    if request.kind not in KINDS:
        raise BadRequest(w("unknown_kind", kinds=", ".join(KINDS)))
    year = request.year or default_year(snapshot, request.kind, today)
    try:
        if request.kind == "analysis":
            return build_analysis(snapshot, year, thai_digits=request.thai_digits, today=today)
        if request.kind == "progress":
            return build_progress(snapshot, year, request.as_of or default_as_of(year, today),
                                  thai_digits=request.thai_digits, today=today)
    except NoScores as error:
        raise BadRequest(str(error)) from None
    start, end = default_period(year, today)
    start, end = request.start or start, request.end or end
    if end < start:
        raise BadRequest(w("bad_period"))
    return build_complaints(snapshot, year, start, end, thai_digits=request.thai_digits, today=today)
