"""The progress report on a year's measures at 6 and 12 months, in the structure of seed 002."""

from __future__ import annotations

from collections import Counter
from datetime import date

from common.thaitext import fiscal_year_bounds, format_thai_date
from handlers.documents.model import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Inline,
    Picture,
    Series,
    Strong,
    Table,
    cell,
    group_row,
    para,
)
from handlers.documents.office import links, measures_of, office_of, period, score
from handlers.documents.sections import numbered_tables
from handlers.ita.rules import INDICATOR_TOOLS, PASS_MARK, YearResult, year_result, years_with_scores
from handlers.measures.evidence import photo_references
from sheets import records as r
from sheets.workbook import Snapshot
from templates import document_words as w

STATUSES = ("เสร็จสิ้น", "กำลังดำเนินการ", "ยังไม่เริ่ม", "ยกเลิก")
CLOSED = ("เสร็จสิ้น", "ยกเลิก")
TOOLS = ("IIT", "EIT", "OIT")
LATE_FILL = "F8D7DA"


def half_year_end(year: int) -> date:
    return date(fiscal_year_bounds(year)[0].year + 1, 3, 31)


def default_as_of(year: int, today: date) -> date:
    """The end of the 12th month once it has passed, else the end of the 6th, else today."""
    year_end = fiscal_year_bounds(year)[1]
    if today > year_end:
        return year_end
    return half_year_end(year) if today > half_year_end(year) else today


def round_label(year: int, as_of: date) -> str:
    start, end = fiscal_year_bounds(year)
    key = "round_12" if as_of == end else "round_6" if as_of == half_year_end(year) else "round_date"
    return w(key, start=format_thai_date(start), end=format_thai_date(as_of))


def build_progress(snapshot: Snapshot, year: int, as_of: date, *, thai_digits: bool | None = None,
                   today: date | None = None) -> Document:
    office = office_of(snapshot, thai_digits=thai_digits)
    measures = measures_of(snapshot, year)
    basis = _basis(snapshot, year)
    blocks: list[Block] = [para(w("progress_intro", org=office.name, basis=basis.fiscal_year if basis else year - 1,
                                  year=year, count=len(measures), as_of=format_thai_date(as_of)), indent=True)]
    blocks += _summary(measures, as_of)
    number = 1
    for tool in (*TOOLS, None):
        chosen = [m for m in measures if _tool(m) == tool]
        if chosen:
            number += 1
            blocks += _tool_section(number, tool, chosen, basis, as_of)
    blocks.append(office.signatures)
    title = (w("progress_title"), w("progress_title_year", year=year), round_label(year, as_of), office.full_name)
    notes = (*office.notes(), *((w("note_no_measures", year=year),) if not measures else ()))
    return Document("progress", title, numbered_tables(blocks), office.thai_digits,
                    f"ita-progress-{year}-{as_of:%Y%m%d}", subject=w("progress_subject", year=year), made=today,
                    notes=notes)


def _basis(snapshot: Snapshot, year: int) -> YearResult | None:
    """The latest ITA result before the measures' year: the result they answer."""
    earlier = [y for y in years_with_scores(snapshot.scores) if y < year]
    if not earlier:
        return None
    return year_result(earlier[0], snapshot.scores, snapshot.rows("เกณฑ์", r.Rule), snapshot.rows("ผลประเมิน", r.Result))


def _tool(measure: r.Measure) -> str | None:
    return INDICATOR_TOOLS.get(measure.indicator_no) if measure.indicator_no else None


def overdue(measure: r.Measure, as_of: date) -> bool:
    return bool(measure.end and measure.end < as_of and measure.status not in CLOSED)


def status_counts(measures: list[r.Measure], as_of: date) -> dict[str, int]:
    counts = Counter(m.status or "ยังไม่เริ่ม" for m in measures)
    return {**{status: counts.get(status, 0) for status in STATUSES},
            "เกินกำหนด": sum(overdue(m, as_of) for m in measures)}


def _summary(measures: list[r.Measure], as_of: date) -> list[Block]:
    blocks: list[Block] = [Heading(f"1. {w('sec_progress_summary')}")]
    if not measures:
        return [*blocks, para(w("no_measures_year"), indent=True)]
    counts = status_counts(measures, as_of)
    total = len(measures)
    def row(label: str, count: int, **style: object) -> tuple[Cell, ...]:
        return (cell(label, **style), cell(str(count), align="center", **style),
                cell(f"{100 * count / total:.1f}", align="center", **style))

    rows = tuple(row(w(f"status_{name}"), counts[name]) for name in STATUSES)
    rows += (row(w("total"), total, bold=True), row(w("of_which", what=w("status_เกินกำหนด")), counts["เกินกำหนด"]))
    blocks.append(Table((w("col_status"), w("col_count"), w("col_percent")), rows, (8.0, 4.0, 4.0),
                        w("cap_progress_summary", as_of=format_thai_date(as_of))))
    average = sum(max(0.0, min(100.0, m.progress or 0.0)) for m in measures) / total
    blocks.append(para(w("progress_average", average=f"{average:.1f}", done=counts["เสร็จสิ้น"], total=total,
                         late=counts["เกินกำหนด"]), indent=True))
    blocks.append(Chart(w("chart_progress", as_of=format_thai_date(as_of)),
                        tuple(w(f"status_{name}") for name in counts),
                        (Series(w("series_measures"), tuple(float(count) for count in counts.values())),),
                        maximum=float(max(total, 1)), value_format="{:.0f}"))
    return blocks


def _tool_section(number: int, tool: str | None, measures: list[r.Measure], basis: YearResult | None,
                  as_of: date) -> list[Block]:
    """Seed 002: a table per tool, each indicator's issue written once, over its measures, kept with the first."""
    heading = (w("tool_section", name=w(f"tool_{tool}"), tool=tool) if tool
               else w("tool_section_other"))
    rows: list[tuple[Cell, ...]] = []
    current: int | str | None = "start"
    for measure in measures:
        if measure.indicator_no != current:
            current = measure.indicator_no
            rows.append(group_row(_issue(measure.indicator_no, basis), 4))
        late = overdue(measure, as_of)
        rows.append((cell(_what(measure)), cell(_done(measure, as_of), fill=LATE_FILL if late else None),
                     cell(measure.owner or "-"), cell(period(measure.start, measure.end), align="center")))
    headers = (w("col_measure_method"), w("col_done"), w("col_owner"), w("col_period"))
    return [Heading(f"{number}. {heading}"),
            Table(headers, tuple(rows), (4.6, 5.6, 3.0, 2.8)),
            *[block for measure in measures for block in _photos(measure)]]


def _photos(measure: r.Measure) -> list[Block]:
    """The evidence photos sent in LINE, under a line naming their measure."""
    references = photo_references(measure.evidence)
    if not references:
        return []
    caption = w("evidence_photos", title=measure.title, count=len(references))
    return [para(caption, bold=True), *[Picture(reference, w("evidence_photo", title=measure.title, n=n),
                                                w("photo_missing", n=n)) for n, reference in enumerate(references, 1)]]


def _issue(number: int | None, basis: YearResult | None) -> str:
    if number is None:
        return w("group_no_indicator")
    indicator = next((i for i in (basis.indicators if basis else ()) if i.number == number), None)
    if indicator is None or basis is None:
        return w("group_indicator", number=number)
    values = {"number": number, "name": indicator.name, "year": basis.fiscal_year, "score": score(indicator.score)}
    if indicator.passed:
        return w("issue_kept", **values)
    return w("issue", **values, gap=f"{PASS_MARK - indicator.score:.2f}")


def _what(measure: r.Measure) -> tuple[Inline, ...]:
    return (Strong(measure.title), *((f"\n{measure.method}",) if measure.method else ()))


def _done(measure: r.Measure, as_of: date) -> tuple[Inline, ...]:
    progress = max(0.0, min(100.0, measure.progress or 0.0))
    parts: list[Inline] = [w("done_status", status=measure.status or "ยังไม่เริ่ม", progress=f"{progress:.0f}")]
    if overdue(measure, as_of) and measure.end:
        parts.append(w("done_late", days=(as_of - measure.end).days))
    if measure.follow_up:
        parts.append(w("done_follow_up", text=measure.follow_up))
    evidence = links(measure.evidence)
    if evidence:
        parts += [w("done_evidence"), *evidence]
    return tuple(parts)
