"""The public transparency pages in headless Chromium: readable on a phone, printable on A4."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PHONE
from tests.fakes.servers import Served

SHOTS = Path(__file__).parent / "screenshots"


def test_the_pages_fit_a_phone_and_print_on_a4(browser: Browser, demo_server: tuple[Served, Flask]) -> None:
    served, _ = demo_server
    page = browser.new_page(viewport=PHONE)
    SHOTS.mkdir(exist_ok=True)
    for path, name, heading in (("/transparency", "transparency", "ผลการประเมิน ITA"),
                                ("/transparency/complaints", "transparency-complaints", "รายไตรมาส")):
        page.goto(served.url + path)
        expect(page.locator("main")).to_contain_text(heading)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone"
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        pdf = page.pdf(format="A4", print_background=False)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") <= 6
    page.close()
