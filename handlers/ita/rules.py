"""The ITA scoring rules of DESIGN §2: weighted overall, pass mark, 7- and 5-level ratings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

from sheets.records import Result, Rule, Score

PASS_MARK = 85.0
DEFAULT_WEIGHTS = {"IIT": 0.30, "EIT": 0.30, "OIT": 0.40}
INDICATOR_TOOLS = {1: "IIT", 2: "IIT", 3: "IIT", 4: "IIT", 5: "IIT", 6: "EIT", 7: "EIT", 8: "EIT", 9: "OIT", 10: "OIT"}
SEVEN_LEVELS = ((95, "AA"), (85, "A"), (75, "B"), (65, "C"), (55, "D"), (50, "E"), (0, "F"))
MISMATCH_TOLERANCE = 0.05


@dataclass(frozen=True)
class IndicatorScore:
    number: int
    name: str
    tool: str
    score: float

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK


@dataclass(frozen=True)
class YearResult:
    """A year's result: ``overall``/``level`` are the headline, the published figure (ผลประเมิน) when there is one."""

    fiscal_year: int
    indicators: tuple[IndicatorScore, ...]
    tool_scores: dict[str, float]
    overall: float | None
    level: str | None
    scheme: str
    published_overall: float | None
    computed_overall: float | None = None
    """What the indicator scores compute to; a difference with the published figure is a data problem for staff."""

    @property
    def complete(self) -> bool:
        return self.computed_overall is not None

    @property
    def published_mismatch(self) -> bool:
        return (self.published_overall is not None and self.computed_overall is not None
                and abs(self.published_overall - self.computed_overall) > MISMATCH_TOLERANCE)


FIRST_FIVE_LEVEL_YEAR = 2566
"""The NACC moved to the 5-level rating in fiscal 2566 (DESIGN §2)."""


def default_scheme(fiscal_year: int) -> str:
    """7 levels up to 2565, 5 levels from 2566; a year's row in เกณฑ์ overrides this."""
    return "7 ระดับ" if fiscal_year < FIRST_FIVE_LEVEL_YEAR else "5 ระดับ"


def years_with_scores(scores: Iterable[Score]) -> list[int]:
    """Newest first."""
    return sorted({score.fiscal_year for score in scores}, reverse=True)


def level_seven(overall: float) -> str:
    return next(label for floor, label in SEVEN_LEVELS if overall >= floor)


def level_five(overall: float, tool_scores: dict[str, float]) -> str:
    lowest_tool = min(tool_scores.values())
    if overall >= 95 and lowest_tool >= 95:
        return "ผ่านดีเยี่ยม"
    if overall >= 85 and lowest_tool >= 85:
        return "ผ่านดี"
    if overall >= 85:
        return "ผ่าน"
    return "ต้องปรับปรุง" if overall >= 70 else "ต้องปรับปรุงโดยด่วน"


def year_result(year: int, scores: Sequence[Score], rules: Sequence[Rule], results: Sequence[Result]) -> YearResult:
    indicators = _indicators(year, scores)
    rule = next((r for r in rules if r.fiscal_year == year), None)
    weights = _weights(rule)
    scheme = (rule.rating_scheme if rule and rule.rating_scheme else None) or default_scheme(year)
    by_tool: dict[str, list[float]] = {}
    for indicator in indicators:
        by_tool.setdefault(indicator.tool, []).append(indicator.score)
    tool_scores = {tool: fmean(values) for tool, values in by_tool.items()}
    computed = None
    if set(tool_scores) >= set(weights):
        computed = sum(weights[tool] * tool_scores[tool] for tool in weights)
    published = next((r for r in results if r.fiscal_year == year and r.overall is not None), None)
    overall = published.overall if published else computed
    level = None
    if published and published.level:
        level = published.level
    elif overall is not None and (published or computed is not None):
        level = level_seven(overall) if scheme == "7 ระดับ" else level_five(overall, tool_scores or {"": overall})
    return YearResult(year, indicators, tool_scores, overall, level, scheme,
                      published.overall if published else None, computed)


def _indicators(year: int, scores: Sequence[Score]) -> tuple[IndicatorScore, ...]:
    chosen: dict[int, Score] = {}
    for score in scores:
        if score.fiscal_year == year:
            chosen.setdefault(score.indicator_no, score)
    return tuple(IndicatorScore(no, s.indicator or "", s.tool or INDICATOR_TOOLS[no], s.score)
                 for no, s in sorted(chosen.items()))


def _weights(rule: Rule | None) -> dict[str, float]:
    if rule is None or None in (rule.weight_iit, rule.weight_eit, rule.weight_oit):
        return dict(DEFAULT_WEIGHTS)
    return {"IIT": rule.weight_iit or 0.0, "EIT": rule.weight_eit or 0.0, "OIT": rule.weight_oit or 0.0}
