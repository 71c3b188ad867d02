"""What ITA is in the year assessed (tools, weights when known, levels, the pass mark) and what each
indicator measures, as seeds 000 and 001 explain them."""

from __future__ import annotations

from handlers.documents.model import Block, para
from handlers.documents.office import score
from handlers.documents.sections import Sections
from handlers.ita_rules import PASS_MARK, YearResult
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
                             tool=tool, weight=weight, indicators=TOOL_INDICATORS[tool]), bullet=True))
    scheme = "levels_five" if result.scheme == "5 ระดับ" else "levels_seven"
    blocks.append(para(w(scheme, mark=f"{PASS_MARK:g}"), indent=True))
    return blocks


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
        text += w("explain_keep") if passed else w("explain_develop", develop=develop_text(indicator.number))
        blocks.append(para(text, indent=True))
    return blocks


def develop_text(number: int) -> str:
    """What to develop for an indicator below 85 (the seeds' wording, by indicator)."""
    return w(f"develop_{number}") if 1 <= number <= 10 else w("develop_other")
