"""Colours that must be told apart on the cards are, by WCAG's contrast ratio (3:1 for graphics, 4.5:1 for text)."""

from __future__ import annotations

from typing import Any

from handlers.conversation.replies import Flex
from handlers.staff.assistant import Assistant
from sheets.records import OitItem
from sheets.workbook import Snapshot
from tests.unit.conftest import LAST_YEAR, STAFF, talk, with_rows


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula() -> None:
    assert round(contrast("#2E7D32", "#1B5E20"), 1) == 1.5, "the old OIT bar, as issue 14 measured it"
    assert round(contrast("#FFFFFF", "#000000")) == 21


def _oit_bar(card: Flex) -> tuple[str, dict[str, Any]]:
    header = card.contents["header"]
    return header["backgroundColor"], header["contents"][2]


def test_oit_progress_bar_is_visible_empty_full_and_between(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    for published in (0, 20, 43):
        items = tuple(OitItem(i + 2, 2570, f"O{i + 1}", "หัวข้อ", None, "เผยแพร่แล้ว" if i < published else "ต้องแก้ไข",
                              None, None, None) for i in range(43))
        (card,) = talk(assistant, with_rows(demo_snapshot, "OIT", items), STAFF, "OIT")
        assert isinstance(card, Flex)
        background, bar = _oit_bar(card)
        done, todo = (part["backgroundColor"] for part in bar["contents"])
        assert contrast(bar["borderColor"], background) >= 3, "the bar's outline shows on the header"
        assert contrast(todo, background) >= 3 and contrast(done, todo) >= 3
        assert [part["flex"] for part in bar["contents"]] == [published, 43 - published]


def test_score_changes_read_on_the_header(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    (card,) = talk(assistant, demo_snapshot, STAFF, f"คะแนน {LAST_YEAR}")
    assert isinstance(card, Flex)
    change = next(t for t in card.contents["header"]["contents"] if t.get("text", "").startswith("▲"))
    assert contrast(change["color"], card.contents["header"]["backgroundColor"]) >= 4.5
    for colour in ("#FFCDD2", "#B9F6CA"):  # falls and rises in the header
        assert contrast(colour, card.contents["header"]["backgroundColor"]) >= 4.5
