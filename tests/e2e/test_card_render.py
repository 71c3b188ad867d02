"""Every card, at every data size, drawn by flex2html in Chromium at LINE's bubble widths: nothing cut.

A text that ends in "…" (its content wider or taller than its box), a text squeezed to no width, a text
of the card not on the page, or a 2 px pass line drawn thinner than 1.5 px fails the test, naming the
card, the chat width and the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.sync_api import Browser, Page

from handlers.conversation.replies import Flex
from sheets.local import LocalWorkbook
from sheets.workbook import parse_workbook
from tests.conftest import FakeClock
from tests.e2e.flex_render import CHAT_WIDTHS, FLEX2HTML, draw, page_html, texts_of
from tests.fakes.bot_messages import TODAY, cards, make_assistant, sized

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def every_card(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Flex]:
    from demo.workbook import create_demo_workbook

    folder = tmp_path_factory.mktemp("cards")
    workbook = LocalWorkbook(folder / "ita.xlsx")
    create_demo_workbook(workbook, TODAY)
    snapshots = sized(parse_workbook(workbook.read_tables(), datetime(2026, 11, 23, 9)))
    return cards(make_assistant(folder, FakeClock()), snapshots)


@pytest.fixture(scope="module")
def flex_page(browser: Browser) -> Iterator[Page]:
    assert (FLEX2HTML / "js" / "flex2html.js").is_file(), f"flex2html must be at {FLEX2HTML} (shared/ beside us)"
    page = browser.new_page(viewport={"width": max(CHAT_WIDTHS.values()), "height": 900})
    page.set_content(page_html())
    yield page
    page.close()


def test_every_card_reads_whole_at_every_width(flex_page: Page, every_card: dict[str, Flex]) -> None:
    assert len(every_card) > 40 and {"demo", "large", "empty"} <= {name.split(":")[0] for name in every_card}
    problems = []
    for name, card in every_card.items():
        for width_name, width in CHAT_WIDTHS.items():
            found = draw(flex_page, card.contents, width)
            where = f"{name} ({width_name} {width}px)"
            problems += [f"{where}: cut {text!r}" for text in found["cut"]]
            problems += [f"{where}: no width {text!r}" for text in found["empty"]]
            problems += [f"{where}: pass line {line:.2f}px" for line in found["lines"] if line < 1.5]
            if found["shown"] != texts_of(card.contents):
                problems.append(f"{where}: texts missing or changed")
            if card.contents.get("type") == "bubble" and "staff:คะแนน#" in name:
                assert len(found["lines"]) == 10, f"{where}: the 85 line on each indicator"
    assert not problems, "\n".join(problems[:40])


def test_the_renderer_sees_a_cut_text(flex_page: Page) -> None:
    """The measure works: a long unwrapped score row is reported cut, the 85 line with default flex is lost."""
    row = {"type": "box", "layout": "horizontal", "contents": [
        {"type": "text", "text": "10. การป้องกันการทุจริต", "size": "xs", "flex": 6},
        {"type": "text", "text": "100.00 ▲12.34", "size": "xs", "flex": 3}]}
    line = {"type": "box", "layout": "horizontal", "height": "8px", "contents": [
        {"type": "box", "layout": "vertical", "contents": [], "flex": 3750},
        {"type": "box", "layout": "vertical", "contents": [], "flex": 4750},
        {"type": "box", "layout": "vertical", "contents": [], "width": "2px", "backgroundColor": "#333333"},
        {"type": "box", "layout": "vertical", "contents": [], "flex": 0},
        {"type": "box", "layout": "vertical", "contents": [], "flex": 1500}]}
    bubble = {"type": "bubble", "size": "giga", "body": {"type": "box", "layout": "vertical", "contents": [row, line]}}
    found = draw(flex_page, bubble, CHAT_WIDTHS["phone"])
    assert found["cut"] == ["100.00 ▲12.34"] and found["lines"][0] < 1.5

