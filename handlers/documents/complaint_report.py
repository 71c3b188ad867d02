"""Complaint statistics in the OIT form: received, finished and in progress by month; counts only, never a
complainant, a text or a case detail."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from common.thaitext import MONTHS_FULL, fiscal_year_bounds, format_thai_date
from handlers.complaints.desk import CLOSED, WITHDRAWN
from handlers.complaints.statistics import average_rating
from handlers.documents.model import Block, Cell, Chart, Document, Heading, Series, Table, cell, para, total_row
from handlers.documents.office import office_of
from handlers.documents.sections import numbered_tables
from sheets.records import Complaint
from sheets.workbook import Snapshot
from templates import document_words as w


def default_period(year: int, today: date) -> tuple[date, date]:
    """The fiscal year up to today (or to its end once it is over)."""
    start, end = fiscal_year_bounds(year)
    return start, min(end, max(today, start))


def months(start: date, end: date) -> list[date]:
    firsts, current = [], date(start.year, start.month, 1)
    while current <= end:
        firsts.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return firsts


def monthly_counts(snapshot: Snapshot, start: date, end: date) -> list[tuple[date, int, int]]:
    """(first of month, received, finished) for every month of the period; finished = closed by now."""
    cases = [c for c in snapshot.complaints if start <= c.received.date() <= end]
    rows = []
    for first in months(start, end):
        month = [c for c in cases if (c.received.year, c.received.month) == (first.year, first.month)]
        rows.append((first, len(month), sum(c.status in CLOSED for c in month)))
    return rows


def counts_by(cases: Sequence[Complaint], field: str) -> list[tuple[str, int, int]]:
    """(category or channel, received, finished) of the cases, most received first."""
    def name(case: Complaint) -> str:
        return (getattr(case, field) or "").strip() or w("unspecified")

    counts = Counter(name(c) for c in cases)
    return [(key, n, sum(c.status in CLOSED for c in cases if name(c) == key))
            for key, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def build_complaints(snapshot: Snapshot, year: int, start: date, end: date, *,
                     thai_digits: bool | None = None, today: date | None = None) -> Document:
    office = office_of(snapshot, thai_digits=thai_digits)
    counts = monthly_counts(snapshot, start, end)
    received = sum(n for _, n, _ in counts)
    finished = sum(f for _, _, f in counts)
    span = w("complaints_span", start=format_thai_date(start), end=format_thai_date(end))
    blocks: list[Block] = [Heading(w("sec_complaints_summary"))]
    if received == 0:
        blocks.append(para(w("complaints_none", span=span), indent=True))
    else:
        blocks.append(para(w("complaints_total", span=span, received=received, finished=finished,
                             in_progress=received - finished), indent=True))
        withdrawn = sum(c.status == WITHDRAWN for c in snapshot.complaints if start <= c.received.date() <= end)
        if withdrawn:
            blocks.append(para(w("complaints_withdrawn", withdrawn=withdrawn), indent=True))
    rows: list[tuple[Cell, ...]] = [(cell(f"{MONTHS_FULL[first.month - 1]} {first.year + 543}"),
                                     cell(str(n), align="center"), cell(str(f), align="center"),
                                     cell(str(n - f), align="center")) for first, n, f in counts]
    rows.append(total_row(w("total"), received, finished, received - finished))
    blocks += [Heading(w("sec_complaints_months")),
               Table((w("col_month"), w("col_received"), w("col_finished"), w("col_in_progress")), tuple(rows),
                     (6.4, 3.2, 3.2, 3.2), w("cap_complaints", span=span))]
    if received:
        categories = tuple(f"{MONTHS_FULL[first.month - 1]} {first.year + 543}" for first, _, _ in counts)
        blocks.append(Chart(w("chart_complaints", span=span), categories,
                            (Series(w("col_received"), tuple(float(n) for _, n, _ in counts)),
                             Series(w("col_finished"), tuple(float(f) for _, _, f in counts))),
                            maximum=float(max(n for _, n, _ in counts)), value_format="{:.0f}"))
    blocks += breakdown(snapshot, start, end)
    blocks += [para(w("complaints_note"), align="left"), office.signatures]
    title = (w("complaints_title"), w("complaints_title_year", year=year), span, office.full_name)
    return Document("complaints", title, numbered_tables(blocks), office.thai_digits,
                    f"ita-complaints-{year}-{start:%Y%m%d}-{end:%Y%m%d}", subject=w("complaints_title"), made=today,
                    notes=office.notes())


def breakdown(snapshot: Snapshot, start: date, end: date) -> list[Block]:
    """Totals by category and by channel, the average days from receipt to close and the average rating."""
    cases = [c for c in snapshot.complaints if start <= c.received.date() <= end]
    if not cases:
        return []
    blocks: list[Block] = [Heading(w("sec_complaints_category"))]
    for field, header, caption in (("category", "col_category", "cap_complaints_category"),
                                   ("channel", "col_channel", "cap_complaints_channel")):
        counted = counts_by(cases, field)
        by_name: list[tuple[Cell, ...]] = [(cell(name), cell(str(n), align="center"), cell(str(done), align="center"))
                                           for name, n, done in counted]
        by_name.append(total_row(w("total"), sum(n for _, n, _ in counted), sum(done for _, _, done in counted)))
        blocks.append(Table((w(header), w("col_received"), w("col_finished")), tuple(by_name), (9.6, 3.2, 3.2),
                            w(caption)))
    closed = [(c.closed - c.received.date()).days for c in cases
              if c.closed and c.status in CLOSED and c.status != WITHDRAWN]
    if closed:
        blocks.append(para(w("complaints_days", closed=len(closed), days=f"{sum(closed) / len(closed):.1f}"),
                           indent=True))
    rated = average_rating(cases)
    if rated:
        blocks.append(para(w("complaints_rating", rated=rated[1], average=f"{rated[0]:.1f}"), indent=True))
    return blocks
