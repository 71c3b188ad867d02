"""The simulator draws cards at LINE's sizes: bubble widths, type scale, nothing cut, the 85 line visible."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from demo import line_fake_spec
from tests.e2e.conftest import LAST_YEAR
from tests.e2e.test_simulator import send

pytestmark = pytest.mark.e2e

MEASURE = """
() => {
  const bubble = [...document.querySelectorAll('.flex-bubble')].pop();
  const texts = [...bubble.querySelectorAll('.flex-text')];
  return {
    width: bubble.getBoundingClientRect().width,
    chat: bubble.parentElement.getBoundingClientRect().width,
    cut: texts.filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent),
    sizes: Object.fromEntries(texts.map(t => [t.textContent, getComputedStyle(t).fontSize])),
    lines: [...bubble.querySelectorAll('.flex-box')].filter(b => b.style.width === '2px')
                                                     .map(b => b.getBoundingClientRect().width),
  };
}
"""


def test_staff_score_card_at_lines_sizes(page: Page) -> None:
    page.select_option("#persona", index=1)
    send(page, "คะแนน")
    expect(page.locator(".flex-bubble").last).to_contain_text(f"คะแนน ITA ปีงบประมาณ {LAST_YEAR}", timeout=15000)
    found = page.evaluate(MEASURE)
    assert abs(found["width"] - min(0.8 * found["chat"], 500)) < 1, "80 % of the chat up to giga's 500 px, as LINE"
    assert not found["cut"], found["cut"]
    assert found["sizes"]["100.00"] == "13px" and found["sizes"]["80.61"] == "35px", "LINE's xs and 3xl"
    assert found["lines"] == [2] * 10


def test_the_simulator_posts_events_as_line_describes_them(page: Page) -> None:
    validator = line_fake_spec.load(line_fake_spec.WEBHOOK)
    assert validator is not None
    bodies: list[dict[str, Any]] = []
    page.on("request", lambda r: bodies.append(json.loads(r.post_data or "{}"))
            if r.url.endswith("/callback") else None)
    page.click("#follow")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ขอบคุณที่เพิ่ม", timeout=15000)
    send(page, "ร้องเรียน")
    expect(page.locator("#quick-replies button").first).to_be_visible(timeout=15000)
    page.locator("#quick-replies button").first.click()
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ขั้นที่ 2/7", timeout=15000)
    kinds = {event["type"] for body in bodies for event in body["events"]}
    assert {"follow", "message"} <= kinds, kinds
    assert all(validator.errors("CallbackRequest", body) == [] for body in bodies), bodies
