"""What ITA is in the year assessed (tools, weights when known, levels, the pass mark) and what each
indicator measures, as seeds 000 and 001 explain them."""

from __future__ import annotations

from handlers.documents.model import Block, Table, cell, para
from handlers.documents.office import score
from handlers.documents.sections import Sections
from handlers.ita.analysis import FIVE_LEVELS
from handlers.ita.rules import PASS_MARK, SEVEN_LEVELS, YearResult
from sheets import records as r
from templates import document_words as w

TOOL_INDICATORS = {"IIT": "1–5", "EIT": "6–8", "OIT": "9–10"}


def background(sections: Sections, result: YearResult, rule: r.Rule | None) -> list[Block]:
    weights = _weights(rule)
    blocks: list[Block] = [sections.heading(w("sec_background", year=result.fiscal_year)),
                           para(w("background_intro", year=result.fiscal_year), indent=True)]
    for number, tool in enumerate(("IIT", "EIT", "OIT"), 1):
        weight = w("background_weight", weight=f"{100 * weights[tool]:g}") if tool in weights else ""
        blocks.append(para(w("background_tool", number=number, name=w(f"tool_{tool}"), english=w(f"tool_en_{tool}"),
                             tool=tool, weight=weight, indicators=TOOL_INDICATORS[tool]), indent=True))
    return [*blocks, *levels(result.scheme)]


def levels(scheme: str) -> list[Block]:
    """The year's levels as a table, as seed 004 shows them (in a run-on sentence LibreOffice broke the
    Thai-digit score ranges across lines: "(๗" / "๐–๘๔.๙๙")."""
    mark = f"{PASS_MARK:g}"
    if scheme == "5 ระดับ":
        rows = tuple((name, w(f"level_crit_{name}", mark=mark)) for name in reversed(FIVE_LEVELS))
    else:
        ceilings = ("100", *(f"{floor - 0.01:g}" for floor, _ in SEVEN_LEVELS[:-1]))
        rows = tuple((name, w("level_range", low=floor, high=high))
                     for (floor, name), high in zip(SEVEN_LEVELS, ceilings, strict=True))
    table = Table((w("col_level"), w("col_level_score")),
                  tuple((cell(name, align="center"), cell(text)) for name, text in rows), (5.0, 11.0))
    return [para(w("levels_intro", count=len(rows)), indent=True, keep_with_next=True), table,
            para(w("levels_pass", mark=mark), indent=True)]


def _weights(rule: r.Rule | None) -> dict[str, float]:
    """The year's weights when เกณฑ์ states them; unknown otherwise (the defaults are a guess, not a fact)."""
    if rule is None or None in (rule.weight_iit, rule.weight_eit, rule.weight_oit):
        return {}
    return {"IIT": rule.weight_iit or 0.0, "EIT": rule.weight_eit or 0.0, "OIT": rule.weight_oit or 0.0}


def explanations(sections: Sections, result: YearResult) -> list[Block]:
    """One numbered paragraph per indicator: its score, what it measures, what to develop when below 85."""
    blocks: list[Block] = []
    for indicator in sorted(result.indicators, key=lambda i: i.number):
        verdict = w("passed" if indicator.passed else "failed")
        text = w("explain", sub=sections.next_sub(), number=indicator.number, name=indicator.name,
                 score=score(indicator.score), verdict=verdict, tool=indicator.tool,
                 about=w(f"about_{indicator.number}") if 1 <= indicator.number <= 10 else "")
        passed = indicator.passed
        text += (w("explain_keep", keep=indicator_text("keep", indicator.number)) if passed
                 else w("explain_develop", develop=develop_text(indicator.number)))
        blocks.append(para(text, indent=True))
    return blocks


def develop_text(number: int) -> str:
    """What to develop for an indicator below 85 (the seeds' wording, by indicator)."""
    return indicator_text("develop", number)


def indicator_text(kind: str, number: int) -> str:
    """The wording of one of the ten indicators (``develop_3``, ``keep_3``), or the general one."""
    return w(f"{kind}_{number}") if 1 <= number <= 10 else w(f"{kind}_other")
