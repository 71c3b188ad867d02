"""The Sheets fake must read A1 ranges as the real API does, or the Google contract tests prove nothing."""

import pytest

from tests.fakes.a1 import A1Range, parse_a1


@pytest.mark.parametrize(("text", "expected"), [
    ("'เรื่องร้องเรียน'!A1", A1Range("เรื่องร้องเรียน", 1, 1, 1, 1)),
    ("'คะแนน'", A1Range("คะแนน")),
    ("'It''s'!B2:C", A1Range("It's", 2, 2, None, 3)),
    ("'มาตรการ'!1:1", A1Range("มาตรการ", 1, 1, 1, None)),
    ("Sheet1!A:A", A1Range("Sheet1", 1, 1, None, 1)),
    ("A1:C3", A1Range(None, 1, 1, 3, 3)),
])
def test_ranges(text: str, expected: A1Range) -> None:
    assert parse_a1(text) == expected


def test_a_bare_name_is_a_sheet_when_such_a_sheet_exists() -> None:
    assert parse_a1("OIT", frozenset({"OIT"})) == A1Range("OIT")


@pytest.mark.parametrize("text", ["'unclosed!A1", "'x'!A1:%", "'x'!1A"])
def test_unparseable_ranges_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        parse_a1(text)
