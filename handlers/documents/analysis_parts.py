"""Parts of the analysis written from the data only: per tool strengths and weaknesses, the next level,
the next year's measures and the data problems. Every sentence states a score, a change, a pass mark or
a guidance text from the sheet; nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from handlers import analysis as a
from handlers.documents.model import Block, Cell, Heading, Paragraph, Table, cell, para
from handlers.documents.office import measures_of, period, score
from handlers.ita_rules import PASS_MARK, IndicatorScore, YearResult
from sheets import records as r
from sheets.workbook import Snapshot
from templates import document_words as w

TOOLS = ("IIT", "EIT", "OIT")
QUESTION_PREFIX = {"IIT": "i", "EIT": "e", "OIT": "o"}
GROUP_FILL = "DCE6F1"


def signed(delta: float | None) -> str:
    if delta is None:
        return "-"
    return f"+{delta:.2f}" if delta > 0 else f"{delta:.2f}" if delta < 0 else "0.00"


def by_tool(result: YearResult, previous: YearResult | None, questions: Sequence[r.Question]) -> list[Block]:
    blocks: list[Block] = [Heading(w("sec_tools"))]
    changes = {c.indicator.number: c.delta for c in a.changes(result, previous)}
    weak_questions = a.weak_questions(questions, result.fiscal_year, count=len(questions))
    for tool in TOOLS:
        indicators = [i for i in result.indicators if i.tool == tool]
        if not indicators:
            continue
        blocks.append(Heading(w("tool_heading", name=w(f"tool_{tool}"), tool=tool,
                                score=score(result.tool_scores.get(tool))), level=2))
        strong = sorted((i for i in indicators if i.passed), key=lambda i: (-i.score, i.number))
        weak = sorted((i for i in indicators if not i.passed), key=lambda i: (i.score, i.number))
        blocks.append(para(w("strengths", count=len(strong)), bold=True))
        blocks += [_line(i, changes.get(i.number), previous) for i in strong] or [para(w("no_strengths"),
                                                                                        bullet=True)]
        blocks.append(para(w("weaknesses", count=len(weak)), bold=True))
        blocks += [_line(i, changes.get(i.number), previous) for i in weak] or [para(w("no_weaknesses"),
                                                                                      bullet=True)]
        mine = [q for q in weak_questions if q.code.strip().lower().startswith(QUESTION_PREFIX[tool])]
        if mine:
            blocks.append(para(w("weak_questions", count=len(mine)), bold=True))
            blocks += [_question(q) for q in mine]
    return blocks


def _line(indicator: IndicatorScore, delta: float | None, previous: YearResult | None) -> Paragraph:
    text = w("indicator_line", number=indicator.number, name=indicator.name, score=score(indicator.score))
    if indicator.passed:
        text += w("line_passed", mark=f"{PASS_MARK:g}")
    else:
        text += w("line_failed", mark=f"{PASS_MARK:g}", gap=f"{PASS_MARK - indicator.score:.2f}")
    if delta is not None and previous is not None:
        key = "line_up" if delta > 0 else "line_down" if delta < 0 else "line_same"
        text += w(key, delta=f"{abs(delta):.2f}", year=previous.fiscal_year)
    return para(text, bullet=True)


def _question(question: r.Question) -> Paragraph:
    text = w("question_line", code=question.code, question=question.question or "", score=score(question.score))
    if question.guidance:
        text += w("question_guidance", guidance=question.guidance)
    return para(text, bullet=True)


def next_level_blocks(result: YearResult) -> list[Block]:
    blocks: list[Block] = [Heading(w("sec_next_level"))]
    target = a.next_level(result)
    if result.overall is None:
        return [*blocks, para(w("overall_incomplete", year=result.fiscal_year), indent=True)]
    if target is None:
        return [*blocks, para(w("top_level", level=result.level), indent=True)]
    blocks.append(para(w("next_level", level=result.level, target=target.level, scheme=result.scheme), indent=True))
    blocks += [para(w("shortfall", what=s.what, score=score(s.score), needed=f"{s.needed:g}", gap=f"{s.gap:.2f}"),
                    bullet=True) for s in target.shortfalls]
    weak = [i for i in sorted(result.indicators, key=lambda i: i.score) if not i.passed]
    if weak:
        names = ", ".join(f"{i.number}. {i.name} ({score(i.score)})" for i in weak)
        blocks.append(para(w("weak_indicators", names=names, mark=f"{PASS_MARK:g}"), indent=True))
    return blocks


def measures_blocks(snapshot: Snapshot, result: YearResult, year: int) -> list[Block]:
    blocks: list[Block] = [Heading(w("sec_measures", year=year))]
    measures = measures_of(snapshot, year)
    if not measures:
        return [*blocks, para(w("no_measures", year=year), indent=True)]
    blocks.append(para(w("measures_intro", year=year, count=len(measures)), indent=True))
    scores = {i.number: i for i in result.indicators}
    rows: list[tuple[Cell, ...]] = []
    current: int | str | None = "start"
    for measure in measures:
        if measure.indicator_no != current:
            current = measure.indicator_no
            rows.append((cell(_group_title(current, scores), bold=True, fill=GROUP_FILL, span=5),))
        rows.append((cell(measure.title), cell(measure.method or "-"), cell(measure.owner or "-"),
                     cell(period(measure.start, measure.end), align="center"), cell(measure.follow_up or "-")))
    headers = (w("col_measure"), w("col_method"), w("col_owner"), w("col_period"), w("col_follow_up"))
    blocks.append(Table(headers, tuple(rows), (3.6, 4.6, 2.6, 2.4, 2.8), w("cap_measures", year=year)))
    return blocks


def _group_title(number: int | None, scores: dict[int, IndicatorScore]) -> str:
    if number is None:
        return w("group_no_indicator")
    indicator = scores.get(number)
    if indicator is None:
        return w("group_indicator", number=number)
    return w("group_indicator_scored", number=number, name=indicator.name, score=score(indicator.score))


def data_problems(result: YearResult) -> list[Block]:
    blocks: list[Block] = [Heading(w("sec_data"))]
    found: list[Block] = []
    if result.published_mismatch and result.published_overall is not None:
        found.append(para(w("published_mismatch", published=score(result.published_overall),
                            computed=score(result.overall)), bullet=True))
    if result.published_overall is None:
        found.append(para(w("no_published", year=result.fiscal_year), bullet=True))
    missing = sorted(set(range(1, 11)) - {i.number for i in result.indicators})
    if missing:
        found.append(para(w("missing_indicators", numbers=", ".join(map(str, missing))), bullet=True))
    return [*blocks, *(found or [para(w("data_ok"), indent=True)])]
