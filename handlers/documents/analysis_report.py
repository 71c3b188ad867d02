"""The analysis of a year's ITA result with the next year's measures, in the seeds' structure (000, 001, 004)."""

from __future__ import annotations

from handlers.documents import analysis_parts as parts
from handlers.documents.model import Block, Cell, Chart, Document, Heading, Series, Table, cell, para
from handlers.documents.office import Office, office_of, score
from handlers.ita_rules import PASS_MARK, YearResult, year_result, years_with_scores
from sheets import records as r
from sheets.workbook import Snapshot
from templates import document_words as w

MAX_YEARS = 5
FAIL_FILL = "F8D7DA"


class NoScores(ValueError):
    """The year has no scores in คะแนน; the message says which years do (Thai)."""


def result_of(snapshot: Snapshot, year: int) -> YearResult:
    return year_result(year, snapshot.scores, snapshot.rows("เกณฑ์", r.Rule), snapshot.rows("ผลประเมิน", r.Result))


def build_analysis(snapshot: Snapshot, year: int, *, measures_year: int | None = None,
                   thai_digits: bool | None = None) -> Document:
    years = years_with_scores(snapshot.scores)
    if year not in years:
        raise NoScores(w("no_scores_for", year=year, years=", ".join(map(str, years)) or w("none")))
    office = office_of(snapshot, thai_digits=thai_digits)
    result = result_of(snapshot, year)
    history = [result_of(snapshot, y) for y in sorted(y for y in years if y <= year)[-MAX_YEARS:]]
    previous = history[-2] if len(history) > 1 and history[-2].fiscal_year == year - 1 else None
    blocks: list[Block] = [
        *_overall(office, result),
        *_ranked(result),
        *_comparison(history),
        *parts.by_tool(result, previous, snapshot.rows("ข้อคำถาม", r.Question)),
        *parts.next_level_blocks(result),
        *parts.measures_blocks(snapshot, result, measures_year or year + 1),
        *parts.data_problems(result),
        office.signatures,
    ]
    title = (w("analysis_title"), w("analysis_title_year", year=year), office.full_name)
    return Document("analysis", title, tuple(blocks), office.thai_digits, f"ita-analysis-{year}",
                    subject=w("analysis_subject", year=year))


def _overall(office: Office, result: YearResult) -> list[Block]:
    blocks: list[Block] = [Heading(w("sec_overall"))]
    if result.overall is None:
        return [*blocks, para(w("overall_incomplete", year=result.fiscal_year), indent=True)]
    verdict = w("passed" if result.overall >= PASS_MARK else "failed")
    blocks.append(para(w("overall_text", org=office.name, year=result.fiscal_year, overall=score(result.overall),
                         level=result.level, scheme=result.scheme, verdict=verdict), indent=True))
    tools = sorted(result.tool_scores.items(), key=lambda item: _tool_order(item[0]))
    rows = tuple((cell(w(f"tool_{tool}")), cell(tool, align="center"), cell(score(value), align="center"),
                  _verdict(value)) for tool, value in tools)
    total = (cell(w("overall"), bold=True), cell("", align="center"),
             cell(score(result.overall), align="center", bold=True), cell(result.level or "-", align="center",
                                                                           bold=True))
    blocks.append(Table((w("col_tool"), w("col_abbr"), w("col_score"), w("col_result")), (*rows, total),
                        (8.0, 2.0, 3.0, 3.0), w("cap_tools")))
    return blocks


def _tool_order(tool: str) -> int:
    return ("IIT", "EIT", "OIT").index(tool) if tool in ("IIT", "EIT", "OIT") else 9


def _verdict(value: float) -> Cell:
    passed = value >= PASS_MARK
    return cell(w("passed" if passed else "failed"), align="center", fill=None if passed else FAIL_FILL)


def _ranked(result: YearResult) -> list[Block]:
    ranked = sorted(result.indicators, key=lambda i: (-i.score, i.number))
    rows = tuple((cell(str(rank), align="center"), cell(f"{i.number}. {i.name}"), cell(i.tool, align="center"),
                  cell(score(i.score), align="center"), _verdict(i.score)) for rank, i in enumerate(ranked, 1))
    blocks: list[Block] = [Heading(w("sec_ranked")),
                           Table((w("col_rank"), w("col_indicator"), w("col_tool_short"), w("col_score"),
                                  w("col_result")), rows, (1.6, 7.4, 2.0, 2.4, 2.6), w("cap_ranked"))]
    if ranked:
        top, bottom = ranked[0], ranked[-1]
        blocks.append(para(w("ranked_text", top=top.name, top_score=score(top.score), bottom=bottom.name,
                             bottom_score=score(bottom.score), passed=sum(i.passed for i in ranked),
                             total=len(ranked), mark=f"{PASS_MARK:g}"), indent=True))
    return blocks


def _comparison(history: list[YearResult]) -> list[Block]:
    current = history[-1]
    blocks: list[Block] = [Heading(w("sec_compare"))]
    if len(history) == 1:
        blocks.append(para(w("compare_none", year=current.fiscal_year), indent=True))
    by_year = [{i.number: i.score for i in h.indicators} for h in history]
    previous = by_year[-2] if len(history) > 1 else {}
    rows = []
    for indicator in current.indicators:
        delta = round(indicator.score - previous[indicator.number], 2) if indicator.number in previous else None
        rows.append((cell(f"{indicator.number}. {indicator.name}"),
                     *(cell(score(year.get(indicator.number)), align="center") for year in by_year),
                     cell(parts.signed(delta), align="center")))
    overall_delta = (round(current.overall - history[-2].overall, 2) if len(history) > 1 and current.overall
                     is not None and history[-2].overall is not None else None)
    rows.append((cell(w("overall"), bold=True), *(cell(score(h.overall), align="center", bold=True) for h in history),
                 cell(parts.signed(overall_delta), align="center", bold=True)))
    first = 16.0 - 2.4 * (len(history) + 1)
    headers = (w("col_indicator"), *(w("col_year", year=h.fiscal_year) for h in history), w("col_change"))
    blocks.append(Table(headers, tuple(rows), (first, *(2.4,) * (len(history) + 1)), w("cap_compare")))
    blocks.append(Chart(w("chart_trend", first=history[0].fiscal_year, last=current.fiscal_year),
                        tuple(f"{i.number}. {i.name}" for i in current.indicators),
                        tuple(Series(w("col_year", year=h.fiscal_year),
                                     tuple(year.get(i.number) for i in current.indicators))
                              for h, year in zip(history, by_year, strict=True)),
                        reference=PASS_MARK, reference_label=w("pass_line", mark=f"{PASS_MARK:g}")))
    return blocks

