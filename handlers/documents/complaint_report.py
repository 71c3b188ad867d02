"""Complaint statistics in the OIT form: received, finished and in progress by month; counts only, never a
complainant, a text or a case detail. A case its complainant withdrew is its own figure (ถอนเรื่อง, a column of
its own when the period has one), never counted as finished nor in progress (handlers.complaints.statistics)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from common.thaitext import MONTHS_FULL, fiscal_year_bounds, format_thai_date
from handlers.complaints.desk import CLOSED, WITHDRAWN
from handlers.complaints.statistics import Tally, average_rating, case_tally
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


def monthly_counts(snapshot: Snapshot, start: date, end: date) -> list[tuple[date, Tally]]:
    """(first of month, its figures) for every month of the period, as the cases stand now."""
    cases = [c for c in snapshot.complaints if start <= c.received.date() <= end]
    return [(first, case_tally(c for c in cases if (c.received.year, c.received.month) == (first.year, first.month)))
            for first in months(start, end)]


def counts_by(cases: Sequence[Complaint], field: str) -> list[tuple[str, Tally]]:
    """(category or channel, its figures) of the cases, most received first."""
    def name(case: Complaint) -> str:
        return (getattr(case, field) or "").strip() or w("unspecified")

    counts = Counter(name(c) for c in cases)
    return [(key, case_tally(c for c in cases if name(c) == key))
            for key, _ in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def _figures(counted: Tally, withdrawn: bool, *, in_progress: bool = True) -> tuple[int, ...]:
    """The numbers of one table row: received, finished, (in progress), and withdrawn when the table has it."""
    numbers = (counted.received, counted.finished, *((counted.in_progress,) if in_progress else ()))
    return (*numbers, counted.withdrawn) if withdrawn else numbers


def _numbers(numbers: tuple[int, ...]) -> tuple[Cell, ...]:
    return tuple(cell(str(n), align="center") for n in numbers)


def build_complaints(snapshot: Snapshot, year: int, start: date, end: date, *,
                     thai_digits: bool | None = None, today: date | None = None) -> Document:
    office = office_of(snapshot, thai_digits=thai_digits)
    counts = monthly_counts(snapshot, start, end)
    total = sum((t for _, t in counts), Tally())
    withdrawn = total.withdrawn > 0
    span = w("complaints_span", start=format_thai_date(start), end=format_thai_date(end))
    blocks: list[Block] = [Heading(w("sec_complaints_summary"))]
    if total.received == 0:
        blocks.append(para(w("complaints_none", span=span), indent=True))
    else:
        blocks.append(para(w("complaints_total", span=span, received=total.received, finished=total.finished,
                             in_progress=total.in_progress), indent=True))
        if withdrawn:
            blocks.append(para(w("complaints_withdrawn", withdrawn=total.withdrawn), indent=True))
    rows: list[tuple[Cell, ...]] = [(cell(f"{MONTHS_FULL[first.month - 1]} {first.year + 543}"),
                                     *_numbers(_figures(t, withdrawn))) for first, t in counts]
    rows.append(total_row(w("total"), *_figures(total, withdrawn)))
    headers: tuple[str, ...] = (w("col_month"), w("col_received"), w("col_finished"), w("col_in_progress"))
    widths: tuple[float, ...] = (6.4, 3.2, 3.2, 3.2)
    if withdrawn:
        headers, widths = (*headers, w("col_withdrawn")), (4.8, 2.8, 2.8, 2.8, 2.8)
    blocks += [Heading(w("sec_complaints_months")), Table(headers, tuple(rows), widths, w("cap_complaints", span=span))]
    if total.received:
        categories = tuple(f"{MONTHS_FULL[first.month - 1]} {first.year + 543}" for first, _ in counts)
        blocks.append(Chart(w("chart_complaints", span=span), categories,
                            (Series(w("col_received"), tuple(float(t.received) for _, t in counts)),
                             Series(w("col_finished"), tuple(float(t.finished) for _, t in counts))),
                            maximum=float(max(t.received for _, t in counts)), value_format="{:.0f}"))
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
    withdrawn = case_tally(cases).withdrawn > 0
    blocks: list[Block] = [Heading(w("sec_complaints_category"))]
    for field, header, caption in (("category", "col_category", "cap_complaints_category"),
                                   ("channel", "col_channel", "cap_complaints_channel")):
        counted = counts_by(cases, field)
        by_name: list[tuple[Cell, ...]] = [(cell(name), *_numbers(_figures(t, withdrawn, in_progress=False)))
                                           for name, t in counted]
        total = sum((t for _, t in counted), Tally())
        by_name.append(total_row(w("total"), *_figures(total, withdrawn, in_progress=False)))
        headers: tuple[str, ...] = (w(header), w("col_received"), w("col_finished"))
        widths: tuple[float, ...] = (9.6, 3.2, 3.2)
        if withdrawn:
            headers, widths = (*headers, w("col_withdrawn")), (8.0, 2.8, 2.8, 2.8)
        blocks.append(Table(headers, tuple(by_name), widths, w(caption)))
    closed = [(c.closed - c.received.date()).days for c in cases
              if c.closed and c.status in CLOSED and c.status != WITHDRAWN]
    if closed:
        blocks.append(para(w("complaints_days", closed=len(closed), days=f"{sum(closed) / len(closed):.1f}"),
                           indent=True))
    rated = average_rating(cases)
    if rated:
        blocks.append(para(w("complaints_rating", rated=rated[1], average=f"{rated[0]:.1f}"), indent=True))
    return blocks
