"""What the public transparency pages show, from one snapshot (pure): the ITA result, measures, the OIT
checklist and complaint counts. Counts only, never a complaint's text, accused, place or complainant. A case its
complainant withdrew is counted as ถอนเรื่อง (a column of the tables once the year has one, always in the CSV), never
as finished nor in progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from common.thaitext import MONTHS_FULL, fiscal_year_bounds, fiscal_year_of
from handlers.complaints.statistics import Tally
from handlers.conversation.years import office_year
from handlers.documents.complaint_report import counts_by, default_period, monthly_counts
from handlers.ita.rules import year_result, years_with_scores
from handlers.oit.standing import PUBLISHED, standing
from sheets import records as r
from sheets.workbook import Snapshot

HALVES = (("ครึ่งปีแรก (ต.ค.–มี.ค.)", 0, 6), ("ครึ่งปีหลัง (เม.ย.–ก.ย.)", 6, 12))
QUARTERS = tuple((f"ไตรมาส {n + 1}", 3 * n, 3 * n + 3) for n in range(4))


@dataclass(frozen=True)
class Period:
    """One row of a table: its name and figures (received = finished + in progress + withdrawn)."""

    name: str
    counted: Tally

    @property
    def received(self) -> int:
        return self.counted.received

    @property
    def finished(self) -> int:
        return self.counted.finished

    @property
    def withdrawn(self) -> int:
        return self.counted.withdrawn

    @property
    def in_progress(self) -> int:
        return self.counted.in_progress


def complaint_years(snapshot: Snapshot, today: date) -> list[int]:
    """Fiscal years a page can be asked for: this year and every year with a complaint, latest first."""
    years = {fiscal_year_of(c.received.date()) for c in snapshot.complaints} | {office_year(snapshot, today)}
    return sorted(years, reverse=True)


def complaint_stats(snapshot: Snapshot, year: int, today: date) -> dict[str, Any]:
    """A fiscal year's counts by month, quarter, half year, category and channel (the documents' counter)."""
    start, end = default_period(year, today)
    months = [Period(f"{MONTHS_FULL[first.month - 1]} {first.year + 543}", counted)
              for first, counted in monthly_counts(snapshot, start, end)]
    cases = [c for c in snapshot.complaints if start <= c.received.date() <= end]
    return {"year": year, "start": start, "end": end, "months": months,
            "quarters": _groups(months, QUARTERS), "halves": _groups(months, HALVES),
            "total": _sum("รวม", months),
            "categories": [Period(*row) for row in counts_by(cases, "category")],
            "channels": [Period(*row) for row in counts_by(cases, "channel")],
            "year_over": end == fiscal_year_bounds(year)[1]}


def _groups(months: list[Period], spans: tuple[tuple[str, int, int], ...]) -> list[Period]:
    """Quarters or halves that have begun, summed from the months (months run from October)."""
    return [_sum(name, months[a:b]) for name, a, b in spans if a < len(months)]


def _sum(name: str, periods: list[Period]) -> Period:
    return Period(name, sum((p.counted for p in periods), Tally()))


def overview(snapshot: Snapshot, today: date) -> dict[str, Any]:
    """The /transparency page: latest ITA result, this year's measures, OIT checklist and complaints."""
    year = office_year(snapshot, today)
    scored = years_with_scores(snapshot.scores)
    results = snapshot.rows("ผลประเมิน", r.Result)
    result = year_result(scored[0], snapshot.scores, snapshot.rows("เกณฑ์", r.Rule), results) if scored else None
    published = next((p for p in results if result and p.fiscal_year == result.fiscal_year), None)
    oit = [i for i in snapshot.rows("OIT", r.OitItem) if i.fiscal_year == year]
    return {"year": year, "result": result, "published": published,
            "measures": [m for m in snapshot.measures if m.fiscal_year == year],
            "oit": [{"item": i, "published": standing(i).state == PUBLISHED} for i in oit],
            "complaints": complaint_stats(snapshot, year, today)}


CSV_TABLES = (("months", "รายเดือน"), ("quarters", "รายไตรมาส"), ("halves", "รายครึ่งปี"),
              ("categories", "ตามประเภท"), ("channels", "ตามช่องทาง"))
"""Every table of /transparency/complaints, in the page's order: (key of ``complaint_stats``, the page's heading)."""


def csv_rows(stats: dict[str, Any]) -> list[list[str]]:
    """The complaint statistics as CSV rows (Thai headers): every table of the page, named in ``ตาราง``, then the
    year's total."""
    rows = [["ปีงบประมาณ", "ตาราง", "รายการ", "รับเรื่อง", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ถอนเรื่อง"]]
    year = str(stats["year"])
    for key, table in CSV_TABLES:
        rows += [[year, table, p.name, *_figures(p)] for p in stats[key]]
    total = stats["total"]
    rows.append([year, "รวมทั้งปี", total.name, *_figures(total)])
    return rows


def _figures(period: Period) -> list[str]:
    return [str(period.received), str(period.finished), str(period.in_progress), str(period.withdrawn)]
