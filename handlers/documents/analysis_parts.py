"""The end of the analysis: what blocks the next level, the next year's measures with the meeting that
adopted them, the proposals (เห็นควรพิจารณา); and the data problems, which go to the person who asked."""

from __future__ import annotations

from handlers.documents.model import Block, Cell, Paragraph, Table, cell, group_row, para
from handlers.documents.office import Office, long_date, measures_of, period, score
from handlers.documents.sections import DOTS, Sections
from handlers.ita import analysis as a
from handlers.ita.rules import PASS_MARK, IndicatorScore, YearResult
from sheets.workbook import Snapshot
from templates import document_words as w


def signed(delta: float | None) -> str:
    if delta is None:
        return "-"
    return f"+{delta:.2f}" if delta > 0 else f"{delta:.2f}" if delta < 0 else "0.00"


def next_level_blocks(sections: Sections, result: YearResult) -> list[Block]:
    blocks: list[Block] = [sections.heading(w("sec_next_level"))]
    target = a.next_level(result)
    if result.overall is None:
        return [*blocks, para(w("overall_incomplete", year=result.fiscal_year), indent=True)]
    if target is None:
        return [*blocks, para(w("top_level", level=result.level), indent=True)]
    blocks.append(para(w("next_level", level=result.level, target=target.level, scheme=result.scheme), indent=True,
                       keep_with_next=True))
    blocks += [para(w("shortfall", what=s.what, score=score(s.score), needed=f"{s.needed:g}", gap=f"{s.gap:.2f}"),
                    bullet=True) for s in target.shortfalls]
    weak = [i for i in sorted(result.indicators, key=lambda i: i.score) if not i.passed]
    if weak:
        names = ", ".join(f"{i.number}. {i.name} ({score(i.score)})" for i in weak)
        blocks.append(para(w("weak_indicators", names=names, mark=f"{PASS_MARK:g}"), indent=True))
    return blocks


def measures_blocks(sections: Sections, snapshot: Snapshot, result: YearResult, office: Office,
                    year: int) -> list[Block]:
    blocks: list[Block] = [sections.heading(w("sec_measures", year=year))]
    measures = measures_of(snapshot, year)
    if not measures:
        return [*blocks, para(w("no_measures", year=year), indent=True)]
    meeting = long_date(office.meeting) if office.meeting else DOTS
    blocks.append(para(w("measures_meeting", org=office.name, date=meeting, executive=office.executive_title or DOTS,
                         year=year, count=len(measures)), indent=True))
    scores = {i.number: i for i in result.indicators}
    rows: list[tuple[Cell, ...]] = []
    current: int | str | None = "start"
    for measure in measures:
        if measure.indicator_no != current:
            current = measure.indicator_no
            rows.append(group_row(_group_title(current, scores), 5))
        rows.append((cell(measure.title), cell(measure.method or "-"), cell(measure.owner or "-"),
                     cell(period(measure.start, measure.end), align="center"), cell(measure.follow_up or "-")))
    headers = (w("col_measure"), w("col_method"), w("col_owner"), w("col_period"), w("col_follow_up"))
    blocks.append(Table(headers, tuple(rows), (3.0, 3.8, 3.0, 2.8, 3.4), w("cap_measures", year=year)))
    return blocks


def _group_title(number: int | None, scores: dict[int, IndicatorScore]) -> str:
    if number is None:
        return w("group_no_indicator")
    indicator = scores.get(number)
    if indicator is None:
        return w("group_indicator", number=number)
    return w("group_indicator_scored", number=number, name=indicator.name, score=score(indicator.score))


def proposals(sections: Sections, office: Office, *, with_measures: bool) -> list[Block]:
    """Seed 000's "เห็นควรพิจารณา"; the second asks to set the measures when the sheet has none yet."""
    keys = ("propose_1", "propose_2" if with_measures else "propose_2_no_measures")
    items: list[Paragraph] = [para(w(key, org=office.name), indent=True) for key in keys]
    return [sections.heading(w("sec_proposals")), para(w("propose_intro"), indent=True, keep_with_next=True), *items]


def data_notes(snapshot: Snapshot, result: YearResult, measures_year: int) -> tuple[str, ...]:
    """Problems with the sheet's data, for the person who asked (LINE, CLI), never for the page."""
    found: list[str] = []
    if result.published_mismatch and result.published_overall is not None:
        found.append(w("published_mismatch", published=score(result.published_overall),
                       computed=score(result.computed_overall)))
    if result.published_overall is None:
        found.append(w("no_published", year=result.fiscal_year))
    missing = sorted(set(range(1, 11)) - {i.number for i in result.indicators})
    if missing:
        found.append(w("missing_indicators", numbers=", ".join(map(str, missing))))
    if not measures_of(snapshot, measures_year):
        found.append(w("note_no_measures", year=measures_year))
    return tuple(found)
