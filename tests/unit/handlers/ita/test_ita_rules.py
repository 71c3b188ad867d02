"""The ITA rules reproduce the published results in the seeds (DESIGN §2)."""

import pytest

from handlers.ita.rules import level_five, level_seven, year_result
from sheets.records import Result, Rule, Score


def scores(year: int, values: list[float]) -> list[Score]:
    return [Score(n + 1, year, n + 1, f"ตัวชี้วัด {n + 1}", None, value) for n, value in enumerate(values)]


def test_published_overall_scores_of_the_seeds_are_reproduced() -> None:
    bangjak = year_result(2565, scores(2565, [99.93, 98.73, 97.58, 98.73, 98.77, 98.24, 97.05, 90.87, 97.78, 100]),
                          [], [])
    assert round(bangjak.overall or 0, 2) == 97.80 and bangjak.level == "AA"
    muaklek = year_result(2565, scores(2565, [100, 99.63, 99.91, 99.66, 99.65, 95.28, 96.13, 95.53, 72.43, 37.5]),
                          [], [Result(2, 2565, 80.61, "B", None)])
    assert round(muaklek.overall or 0, 2) == 80.61 and muaklek.level == "B" and not muaklek.published_mismatch


def test_a_published_overall_that_disagrees_is_flagged() -> None:
    phonong = year_result(2568, scores(2568, [90.10, 85.25, 90.10, 73.33, 74.75, 97.73, 97.00, 95.60, 59.25, 90]),
                          [], [Result(2, 2568, 90.1, None, None)])
    assert round(phonong.computed_overall or 0, 2) == 83.69 and phonong.published_mismatch
    assert phonong.overall == 90.1, "the NACC's published figure is the headline"
    assert phonong.scheme == "5 ระดับ" and phonong.level == "ผ่าน", "its level, from the published figure"


def test_the_published_level_is_the_headline_level() -> None:
    year = year_result(2565, scores(2565, [90] * 10), [], [Result(2, 2565, 80.61, "B", None)])
    assert (year.overall, year.level, year.published_mismatch) == (80.61, "B", True)
    assert round(year.computed_overall or 0, 2) == 90.0 and year.complete


def test_weights_and_scheme_come_from_the_rules_tab() -> None:
    rule = Rule(2, 2565, 0.2, 0.2, 0.6, "5 ระดับ")
    result = year_result(2565, scores(2565, [100] * 8 + [50, 50]), [rule], [])
    assert result.overall == pytest.approx(70) and result.level == "ต้องปรับปรุง"


def test_missing_tool_means_no_overall() -> None:
    assert year_result(2569, scores(2569, [90] * 5), [], []).overall is None


@pytest.mark.parametrize(("overall", "level"), [(95, "AA"), (94.99, "A"), (85, "A"), (75, "B"), (65, "C"),
                                                (55, "D"), (50, "E"), (49.99, "F")])
def test_seven_levels(overall: float, level: str) -> None:
    assert level_seven(overall) == level


def test_five_levels_one_weak_tool_blocks_the_top() -> None:
    assert level_five(96, {"IIT": 99, "EIT": 94, "OIT": 97}) == "ผ่านดี"
    assert level_five(96, {"IIT": 99, "EIT": 84, "OIT": 97}) == "ผ่าน"
    assert level_five(96, {"IIT": 99, "EIT": 96, "OIT": 97}) == "ผ่านดีเยี่ยม"
    assert level_five(84.99, {"IIT": 90, "EIT": 90, "OIT": 80}) == "ต้องปรับปรุง"
    assert level_five(69.99, {"IIT": 90, "EIT": 90, "OIT": 40}) == "ต้องปรับปรุงโดยด่วน"
