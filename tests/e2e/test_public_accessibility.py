"""Every public page and state in Chromium: axe-core (WCAG 2.1 AA) finds nothing, at 390 px and desktop width.

axe-core comes from the axe-playwright-python dev dependency, which ships axe.min.js: no network at test time.
Each state is also screenshotted (tests/e2e/screenshots/public-*.png) for people to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, saved_to_workbook
from tests.fakes.servers import Served

SHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}
AXE = Axe()


def violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now: rule, impact and the first nodes."""
    results = AXE.run(page, options=WCAG_21_AA).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in results]


def luminance(rgb: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def style(page: Page, selector: str, prop: str) -> str:
    return str(page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}"))


@pytest.fixture
def pages(browser: Browser, demo_server: tuple[Served, Flask]) -> Iterator[Callable[[dict[str, int]], Page]]:
    contexts = []

    def open_page(viewport: dict[str, int]) -> Page:
        context = browser.new_context(viewport=viewport, locale="th-TH")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def check(page: Page, name: str, width: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"public-{name}-{width}.png"), full_page=True)
    assert violations(page) == [], f"{name} at {width}"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways at {width}"


@pytest.mark.parametrize(("viewport", "width"), [(PHONE, "390"), (DESKTOP, "desktop")])
def test_every_public_page_and_state_has_no_axe_violation(pages: Callable[[dict[str, int]], Page],
                                                          demo_server: tuple[Served, Flask],
                                                          viewport: dict[str, int], width: str) -> None:
    url = demo_server[0].url
    page = pages(viewport)
    for path, name in (("/", "landing"), ("/complaint", "complaint"), ("/status", "status"),
                       ("/transparency", "transparency"), ("/transparency/complaints", "transparency-complaints"),
                       ("/privacy", "privacy"), ("/nowhere", "not-found")):
        page.goto(url + path)
        check(page, name, width)

    page.goto(url + "/complaint")
    page.click("#submit")
    expect(page).to_have_title(re.compile("^มีข้อผิดพลาด"))
    check(page, "complaint-errors", width)

    page.select_option("#category", "จัดซื้อจัดจ้าง")
    page.fill("#details", "ผู้รับเหมาถนนสายหลักเป็นญาติของเจ้าหน้าที่")
    page.fill("#incident_date", "ทุกวันศุกร์")
    page.click("#submit")
    receipt = page.locator("#receipt").inner_text()
    check(page, "receipt", width)
    saved_to_workbook(demo_server[1])  # the lookup's add and withdraw forms are for a case already in the sheet

    page.goto(url + "/status")
    page.fill("#receipt", "AAAA-BBBB-CC")
    page.click("#check")
    expect(page.locator("#receipt-error")).to_contain_text("ไม่พบเรื่อง")
    check(page, "status-not-found", width)

    page.fill("#receipt", receipt)
    page.click("#check")
    expect(page.locator("#status-value")).to_have_text("ได้รับเรื่องแล้ว รอเจ้าหน้าที่ตรวจสอบ")
    check(page, "status-found", width)

    page.click("#more-send")
    expect(page.locator("#more-text-error")).to_be_visible()
    check(page, "status-more-error", width)

    page.click("#withdraw-ask")
    expect(page.locator("#confirm-withdraw")).to_be_visible()
    check(page, "status-withdraw-confirm", width)


def test_axe_does_find_a_violation(pages: Callable[[dict[str, int]], Page]) -> None:
    """The run is real: a page with an unlabelled field and an image without alt text fails."""
    page = pages(PHONE)
    page.set_content('<html lang="th"><title>t</title><main><img src="x.png"><input id="a"></main></html>')
    found = " ".join(violations(page))
    assert "image-alt" in found and "label" in found


def test_errors_take_the_focus_and_the_receipt_stays(pages: Callable[[dict[str, int]], Page],
                                                     demo_server: tuple[Served, Flask]) -> None:
    url = demo_server[0].url
    page = pages(PHONE)
    page.goto(url + "/complaint")
    page.fill("#details", "มีการเรียกเงินใต้โต๊ะ")
    page.click("#submit")
    expect(page.locator(".error-summary")).to_be_visible()  # the answer page, not the one being left
    expect(page.locator("#category")).to_be_focused()  # the first invalid field (autofocus, applied after load)
    page.click(".error-summary a[href='#category']")
    assert page.evaluate("location.hash") == "#category"

    page.goto(url + "/status")
    page.fill("#receipt", "k7m2 9qxa 3f")
    page.click("#check")
    expect(page.locator("#receipt-error")).to_be_visible()  # the "not found" page has loaded
    expect(page.locator("#receipt")).to_have_value("k7m2 9qxa 3f")
    expect(page.locator("#receipt")).to_be_focused()


def test_borders_and_the_focus_ring_stand_out_three_to_one(pages: Callable[[dict[str, int]], Page],
                                                           demo_server: tuple[Served, Flask]) -> None:
    page = pages(PHONE)
    page.goto(demo_server[0].url + "/complaint")
    card = style(page, "form.card", "backgroundColor")
    for field in ("#category", "#details", "#accused", "#incident_date"):
        assert contrast(style(page, field, "borderTopColor"), card) >= 3, field
    page.focus("#photos")
    page.keyboard.press("Tab")  # focus from the keyboard: the :focus-visible ring
    assert page.evaluate("document.activeElement.id") == "submit"
    ring = style(page, "#submit", "outlineColor")
    assert float(style(page, "#submit", "outlineWidth").removesuffix("px")) >= 2
    assert contrast(ring, style(page, "#submit", "backgroundColor")) >= 3 or \
        float(style(page, "#submit", "outlineOffset").removesuffix("px")) > 0, "the ring is apart from the button"
    assert contrast(ring, card) >= 3, "the ring against the card around the button"


def test_the_receipt_is_on_one_line_on_a_phone(pages: Callable[[dict[str, int]], Page],
                                               demo_server: tuple[Served, Flask]) -> None:
    page = pages({"width": 320, "height": 640})
    page.goto(demo_server[0].url + "/complaint")
    page.select_option("#category", "อื่น ๆ")
    page.fill("#details", "มีการเรียกเงินใต้โต๊ะ")
    page.click("#submit")
    lines = page.eval_on_selector("#receipt", "e => { const r = document.createRange(); r.selectNodeContents(e); "
                                              "return new Set([...r.getClientRects()].map(x => x.top)).size; }")
    assert lines == 1


def test_table_regions_take_the_keyboard(pages: Callable[[dict[str, int]], Page],
                                         demo_server: tuple[Served, Flask]) -> None:
    page = pages(PHONE)
    page.goto(demo_server[0].url + "/transparency")
    region = page.locator("div.scroll[role=region]").first
    region.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "region"
