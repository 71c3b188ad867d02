"""Per tool, as seed 004's table: the indicators and their scores, the defects to fix urgently, what to
develop; then the question-level tables with their guidance when ข้อคำถาม has the year's data."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.documents.background import develop_text
from handlers.documents.model import Block, Cell, Table, cell
from handlers.documents.office import Office, score
from handlers.documents.sections import Sections
from handlers.ita import analysis as a
from handlers.ita.rules import PASS_MARK, IndicatorScore, YearResult
from sheets import records as r
from templates import document_words as w

TOOLS = ("IIT", "EIT", "OIT")
QUESTION_PREFIX = {"IIT": "i", "EIT": "e", "OIT": "o"}
FAIL_FILL = "F8D7DA"


def _of_tool(questions: Sequence[r.Question], tool: str) -> list[r.Question]:
    return [q for q in questions if q.code.strip().lower().startswith(QUESTION_PREFIX[tool])]


def tool_table(sections: Sections, result: YearResult, previous: YearResult | None,
               questions: Sequence[r.Question], office: Office) -> list[Block]:
    changes = {c.indicator.number: c.delta for c in a.changes(result, previous)}
    weak_questions = a.weak_questions(questions, result.fiscal_year, count=len(questions))
    rows: list[tuple[Cell, ...]] = []
    for tool in TOOLS:
        indicators = sorted((i for i in result.indicators if i.tool == tool), key=lambda i: i.number)
        if indicators:
            rows.append(_tool_row(tool, indicators, changes, previous, _of_tool(weak_questions, tool), office))
    headers = (w("col_ita_indicator"), w("col_defects"), w("col_develop"))
    return [sections.heading(w("sec_tools")),
            Table(headers, tuple(rows), (5.0, 5.5, 5.5), w("cap_defects", year=result.fiscal_year))]


def _tool_row(tool: str, indicators: list[IndicatorScore], changes: dict[int, float | None],
              previous: YearResult | None, weak_questions: list[r.Question], office: Office) -> tuple[Cell, ...]:
    lines = [w("tool_cell", name=w(f"tool_{tool}"), tool=tool)]
    lines += [w("indicator_cell", number=i.number, name=i.name, score=score(i.score)) for i in indicators]
    weak = [i for i in indicators if not i.passed]
    if weak:
        defects = [w("defects_some", tool=tool, mark=f"{PASS_MARK:g}")]
        defects += [_defect(i, changes.get(i.number), previous) for i in weak]
        defects += [w("question_defect", code=shown_code(q), question=q.question or "", score=score(q.score))
                    for q in weak_questions]
    else:
        defects = [w("defects_none", tool=tool, mark=f"{PASS_MARK:g}", count=len(indicators))]
    develop = [w("develop_line", name=i.name, develop=develop_text(i.number)) for i in weak]
    kept = [str(i.number) for i in indicators if i.passed]
    if kept:
        develop.append(w("develop_keep", org=office.name, numbers=", ".join(kept)))
    return cell("\n".join(lines)), cell("\n".join(defects)), cell("\n".join(develop))


def _defect(indicator: IndicatorScore, delta: float | None, previous: YearResult | None) -> str:
    text = w("defect_line", number=indicator.number, name=indicator.name, score=score(indicator.score),
             gap=f"{PASS_MARK - indicator.score:.2f}")
    if delta is not None and previous is not None and delta:
        text += w("line_up" if delta > 0 else "line_down", delta=f"{abs(delta):.2f}", year=previous.fiscal_year)
    return text


def shown_code(question: r.Question) -> str:
    """A question's number as the NACC's reports print it: "O13", "I1" (upper case, whatever was typed)."""
    return question.code.strip().upper()


def question_tables(sections: Sections, questions: Sequence[r.Question], year: int) -> list[Block]:
    """Every question of the year with a score, per tool, below-85 shaded, with its แนวทางการพัฒนา."""
    scored = [q for q in questions if q.fiscal_year == year and q.score is not None]
    if not scored:
        return []
    blocks: list[Block] = [sections.heading(w("sec_questions", year=year))]
    for tool in TOOLS:
        mine = sorted(_of_tool(scored, tool), key=lambda q: (len(q.code.strip()), q.code.strip().lower()))
        if not mine:
            continue
        rows = tuple((cell(shown_code(q), align="center"), cell(q.question or "-"),
                      cell(score(q.score), align="center",
                           fill=FAIL_FILL if (q.score or 0) < PASS_MARK else None),
                      cell(q.guidance or "-")) for q in mine)
        blocks.append(Table((w("col_question_no"), w("col_question"), w("col_score"), w("col_guidance")), rows,
                            (1.6, 6.6, 2.4, 5.4), w("cap_questions", name=w(f"tool_{tool}"), tool=tool)))
    return blocks
