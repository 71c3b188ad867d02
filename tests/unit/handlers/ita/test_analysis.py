"""Analysis as the seeds write it: weaknesses, strengths, change, and what blocks the next level."""

from handlers.ita.analysis import changes, next_level, strengths, weak_tools, weaknesses
from handlers.ita.rules import year_result
from sheets.records import Score


def scores(year: int, values: list[float]) -> list[Score]:
    return [Score(n + 1, year, n + 1, f"ตัวชี้วัด {n + 1}", None, value) for n, value in enumerate(values)]


MUAKLEK = scores(2564, [92.62, 80.29, 87.95, 81.93, 83.48, 96.61, 96.72, 94.59, 84.64, 37.50]) + \
    scores(2565, [100.00, 99.63, 99.91, 99.66, 99.65, 95.28, 96.13, 95.53, 72.43, 37.50])
PHONONG = scores(2568, [90.10, 85.25, 90.10, 73.33, 74.75, 97.73, 97.00, 95.60, 59.25, 90.00])


def test_muaklek_2564_and_2565() -> None:
    old = year_result(2564, MUAKLEK, [], [])
    new = year_result(2565, MUAKLEK, [], [])
    assert round(old.overall or 0, 2) == 78.80 and old.level == "B"
    assert [i.number for i in weaknesses(new)] == [10, 9]
    assert [i.number for i in strengths(new)] == [1, 3, 4]
    delta = {c.indicator.number: c.delta for c in changes(new, old)}
    assert delta[2] == 19.34 and delta[10] == 0.0
    nxt = next_level(new)
    assert nxt is not None and nxt.level == "A" and nxt.shortfalls[0].gap == 4.39


def test_phonong_2568_names_its_blockers() -> None:
    result = year_result(2568, PHONONG, [], [])
    assert round(result.overall or 0, 2) == 83.69 and result.level == "ต้องปรับปรุง" and not result.published_mismatch
    nxt = next_level(result)
    assert nxt is not None and nxt.level == "ผ่าน"
    assert [(s.what, s.score, s.needed, s.gap) for s in nxt.shortfalls] == [("คะแนนรวม", 83.69, 85.0, 1.31)]
    assert [(s.what, s.gap) for s in weak_tools(result)] == [("IIT", 2.29), ("OIT", 10.38)]


def test_five_level_blockers_name_each_weak_tool() -> None:
    result = year_result(2569, scores(2569, [99, 99, 99, 99, 99, 83.4, 83.4, 83.4, 99, 99]), [], [])
    assert result.level == "ผ่าน"
    nxt = next_level(result)
    assert nxt is not None and nxt.level == "ผ่านดี"
    assert [(s.what, s.score, s.gap) for s in nxt.shortfalls] == [("EIT", 83.4, 1.6)]


def test_top_levels_have_no_next() -> None:
    assert next_level(year_result(2565, scores(2565, [99] * 10), [], [])) is None
    assert next_level(year_result(2569, scores(2569, [99] * 10), [], [])) is None
