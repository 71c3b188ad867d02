"""What every office writes by hand each year (DESIGN §2): weaknesses, strengths, change, blockers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers.ita.rules import PASS_MARK, SEVEN_LEVELS, IndicatorScore, YearResult
from sheets.records import Question

FIVE_LEVELS = ("ต้องปรับปรุงโดยด่วน", "ต้องปรับปรุง", "ผ่าน", "ผ่านดี", "ผ่านดีเยี่ยม")
TOOLS = ("IIT", "EIT", "OIT")


@dataclass(frozen=True)
class Shortfall:
    """Something below what the next level needs: 'EIT 83.40 ต้องถึง 85 (ขาด 1.60)'."""

    what: str
    score: float
    needed: float

    @property
    def gap(self) -> float:
        return round(self.needed - self.score, 2)


@dataclass(frozen=True)
class NextLevel:
    level: str
    shortfalls: tuple[Shortfall, ...]


@dataclass(frozen=True)
class Change:
    indicator: IndicatorScore
    previous: float | None

    @property
    def delta(self) -> float | None:
        return None if self.previous is None else round(self.indicator.score - self.previous, 2)


def weaknesses(result: YearResult) -> list[IndicatorScore]:
    """Indicators below the pass mark, weakest first."""
    return sorted((i for i in result.indicators if not i.passed), key=lambda i: i.score)


def strengths(result: YearResult, count: int = 3) -> list[IndicatorScore]:
    """The best indicators at or above the pass mark: what to keep."""
    return sorted((i for i in result.indicators if i.passed), key=lambda i: -i.score)[:count]


def changes(result: YearResult, previous: YearResult | None) -> list[Change]:
    before = {i.number: i.score for i in previous.indicators} if previous else {}
    return [Change(indicator, before.get(indicator.number)) for indicator in result.indicators]


def weak_questions(questions: Sequence[Question], year: int, count: int = 5) -> list[Question]:
    scored = [q for q in questions if q.fiscal_year == year and q.score is not None and q.score < PASS_MARK]
    return sorted(scored, key=lambda q: q.score or 0.0)[:count]


def next_level(result: YearResult) -> NextLevel | None:
    """The next level up and exactly what stands in its way; None at the top, without an overall, or when the
    published level is not one of the year's scheme (a data problem the staff card reports, never a crash)."""
    labels = FIVE_LEVELS if result.scheme == "5 ระดับ" else tuple(label for _, label in SEVEN_LEVELS)
    level = result.level
    if result.overall is None or level is None or level not in labels:
        return None
    if result.scheme == "5 ระดับ":
        return _next_five(result.overall, result.tool_scores, level)
    return _next_seven(result.overall, level)


def _next_seven(overall: float, level: str) -> NextLevel | None:
    labels = [label for _, label in SEVEN_LEVELS]
    index = labels.index(level)
    if index == 0:
        return None
    floor, label = SEVEN_LEVELS[index - 1]
    return NextLevel(label, (Shortfall("คะแนนรวม", round(overall, 2), floor),))


def _next_five(overall: float, tools: dict[str, float], level: str) -> NextLevel | None:
    index = FIVE_LEVELS.index(level)
    if index == len(FIVE_LEVELS) - 1:
        return None
    target = FIVE_LEVELS[index + 1]
    overall_needed = {"ต้องปรับปรุง": 70.0, "ผ่าน": 85.0, "ผ่านดี": 85.0, "ผ่านดีเยี่ยม": 95.0}[target]
    shortfalls = []
    if overall < overall_needed:
        shortfalls.append(Shortfall("คะแนนรวม", round(overall, 2), overall_needed))
    if target in ("ผ่านดี", "ผ่านดีเยี่ยม"):
        shortfalls += [Shortfall(tool, round(tools[tool], 2), overall_needed) for tool in TOOLS
                       if tools.get(tool, 0.0) < overall_needed]
    return NextLevel(target, tuple(shortfalls))


def weak_tools(result: YearResult) -> list[Shortfall]:
    """Tools below the pass mark: in the 5-level scheme each one blocks ผ่านดี by itself."""
    return [Shortfall(tool, round(score, 2), PASS_MARK) for tool, score in sorted(result.tool_scores.items())
            if score < PASS_MARK]
