"""The analysis of a year's ITA result with the next year's measures, in the seeds' order (000, 001, 004):
the NACC's announcement, what ITA is, results by indicator, the years before, defects per tool, questions,
the next level, the measures, proposals, the signatures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from handlers.documents import analysis_parts as parts
from handlers.documents import analysis_tools as tools
from handlers.documents.background import background, explanations
from handlers.documents.model import Block, Cell, Chart, Document, Series, Table, cell, para
from handlers.documents.office import Office, measures_of, office_of, score
from handlers.documents.sections import Sections, numbered_tables
from handlers.ita.rules import PASS_MARK, YearResult, year_result, years_with_scores
from sheets import records as r
from sheets.workbook import Snapshot
from templates import document_words as w

MAX_YEARS = 5
FAIL_FILL = "F8D7DA"
TOOL_ORDER = ("IIT", "EIT", "OIT")


class NoScores(ValueError):
    """The year has no scores; the message says which years do (Thai, for the person who asked)."""


def result_of(snapshot: Snapshot, year: int) -> YearResult:
    return year_result(year, snapshot.scores, snapshot.rows("เกณฑ์", r.Rule), snapshot.rows("ผลประเมิน", r.Result))


def headline(snapshot: Snapshot, result: YearResult) -> tuple[float | None, str | None]:
    """The published overall and level (ผลประเมิน) when there are, else the ones computed from the indicators."""
    return result.overall, result.level


def build_analysis(snapshot: Snapshot, year: int, *, measures_year: int | None = None,
                   thai_digits: bool | None = None, today: date | None = None) -> Document:
    years = years_with_scores(snapshot.scores)
    if year not in years:
        raise NoScores(w("no_scores_for", year=year, years=", ".join(map(str, years)) or w("none")))
    office = office_of(snapshot, thai_digits=thai_digits)
    result = result_of(snapshot, year)
    history = [result_of(snapshot, y) for y in sorted(y for y in years if y <= year)[-MAX_YEARS:]]
    previous = history[-2] if len(history) > 1 and history[-2].fiscal_year == year - 1 else None
    sections = Sections()
    overall, level = headline(snapshot, result)
    rule = next((x for x in snapshot.rows("เกณฑ์", r.Rule) if x.fiscal_year == year), None)
    blocks: list[Block] = [
        *_opening(sections, office, result, overall, level),
        *background(sections, result, rule),
        *_ranked(sections, result),
        *([] if len(history) > 1 else [_year_chart(result)]),
        *explanations(sections, result),
        *(_comparison(sections, history, snapshot) if len(history) > 1 else []),
        *tools.tool_table(sections, result, previous, snapshot.rows("ข้อคำถาม", r.Question), office),
        *tools.question_tables(sections, snapshot.rows("ข้อคำถาม", r.Question), year),
        *parts.next_level_blocks(sections, replace(result, overall=overall, level=level)),
        *parts.measures_blocks(sections, snapshot, result, office, measures_year or year + 1),
        *parts.proposals(sections, office, with_measures=bool(measures_of(snapshot, measures_year or year + 1))),
        office.signatures,
    ]
    title = (w("analysis_title"), w("analysis_title_year", year=year), office.full_name)
    notes = (*office.notes(), *parts.data_notes(snapshot, result, measures_year or year + 1))
    return Document("analysis", title, numbered_tables(blocks), office.thai_digits, f"ita-analysis-{year}",
                    subject=w("analysis_subject", year=year), made=today, notes=notes)


def _opening(sections: Sections, office: Office, result: YearResult, overall: float | None,
             level: str | None) -> list[Block]:
    blocks: list[Block] = [sections.heading(w("sec_overall", year=result.fiscal_year))]
    if overall is None:
        return [*blocks, para(w("overall_incomplete", year=result.fiscal_year), indent=True)]
    verdict = w("passed" if overall >= PASS_MARK else "failed")
    key = "opening" if result.published_overall is not None else "opening_computed"
    blocks.append(para(w(key, org=office.name, year=result.fiscal_year, overall=score(overall), level=level or "-",
                         verdict=verdict, mark=f"{PASS_MARK:g}"), indent=True))
    scores = sorted(result.tool_scores.items(), key=lambda item: _tool_order(item[0]))
    rows = tuple((cell(w(f"tool_{tool}")), cell(tool, align="center"), cell(score(value), align="center"),
                  _verdict(value)) for tool, value in scores)
    total = (cell(w("overall"), bold=True), cell("", align="center"),
             cell(score(overall), align="center", bold=True), cell(level or "-", align="center", bold=True))
    blocks.append(Table((w("col_tool"), w("col_abbr"), w("col_score"), w("col_result")), (*rows, total),
                        (8.0, 2.0, 3.0, 3.0), w("cap_tools")))
    return blocks


def _tool_order(tool: str) -> int:
    return TOOL_ORDER.index(tool) if tool in TOOL_ORDER else 9


def _verdict(value: float) -> Cell:
    passed = value >= PASS_MARK
    return cell(w("passed" if passed else "failed"), align="center", fill=None if passed else FAIL_FILL)


def _ranked(sections: Sections, result: YearResult) -> list[Block]:
    ranked = sorted(result.indicators, key=lambda i: (-i.score, i.number))
    rows = tuple((cell(str(rank), align="center"), cell(f"{i.number}. {i.name}"), cell(i.tool, align="center"),
                  cell(score(i.score), align="center"), _verdict(i.score)) for rank, i in enumerate(ranked, 1))
    blocks: list[Block] = [sections.heading(w("sec_ranked")),
                           Table((w("col_rank"), w("col_indicator"), w("col_tool_short"), w("col_score"),
                                  w("col_result")), rows, (1.6, 6.3, 2.3, 2.3, 3.5), w("cap_ranked"))]
    if ranked:
        top, bottom = ranked[0], ranked[-1]
        blocks.append(para(w("ranked_text", top=top.name, top_score=score(top.score), bottom=bottom.name,
                             bottom_score=score(bottom.score), passed=sum(i.passed for i in ranked),
                             total=len(ranked), mark=f"{PASS_MARK:g}"), indent=True))
    return blocks


def _year_chart(result: YearResult) -> Chart:
    """The indicators of a year with no year before it to compare with: its bars and the pass line."""
    return Chart(w("chart_year", year=result.fiscal_year), tuple(f"{i.number}. {i.name}" for i in result.indicators),
                 (Series(w("col_year", year=result.fiscal_year), tuple(i.score for i in result.indicators)),),
                 reference=PASS_MARK, reference_label=w("pass_line", mark=f"{PASS_MARK:g}"))


def _comparison(sections: Sections, history: list[YearResult], snapshot: Snapshot) -> list[Block]:
    current = history[-1]
    by_year = [{i.number: i.score for i in h.indicators} for h in history]
    previous = by_year[-2]
    rows = []
    for indicator in current.indicators:
        delta = round(indicator.score - previous[indicator.number], 2) if indicator.number in previous else None
        rows.append((cell(f"{indicator.number}. {indicator.name}"),
                     *(cell(score(year.get(indicator.number)), align="center") for year in by_year),
                     cell(parts.signed(delta), align="center")))
    overalls = [headline(snapshot, h)[0] for h in history]
    overall_delta = (round(overalls[-1] - overalls[-2], 2) if None not in overalls[-2:] else None)  # type: ignore[operator]
    rows.append((cell(w("overall"), bold=True), *(cell(score(o), align="center", bold=True) for o in overalls),
                 cell(parts.signed(overall_delta), align="center", bold=True)))
    column = max(1.7, min(2.4, 10.2 / (len(history) + 1)))  # "100.00" on one line, the names still readable
    first = 16.0 - column * (len(history) + 1)
    headers = (w("col_indicator"), *(w("col_year", year=h.fiscal_year) for h in history), w("col_change"))
    return [sections.heading(w("sec_compare", first=history[0].fiscal_year, last=current.fiscal_year)),
            Table(headers, tuple(rows), (first, *(column,) * (len(history) + 1)), w("cap_compare")),
            Chart(w("chart_trend", first=history[0].fiscal_year, last=current.fiscal_year),
                  tuple(f"{i.number}. {i.name}" for i in current.indicators),
                  tuple(Series(w("col_year", year=h.fiscal_year), tuple(year.get(i.number) for i in current.indicators))
                        for h, year in zip(history, by_year, strict=True)),
                  reference=PASS_MARK, reference_label=w("pass_line", mark=f"{PASS_MARK:g}"))]
