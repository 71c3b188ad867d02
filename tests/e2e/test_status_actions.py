"""Issue 36 in a browser at 390 px: after the receipt lookup on /status, add information, then withdraw (asked
first); what the page says at each step."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import saved_to_workbook
from tests.fakes.servers import Served


def test_add_then_withdraw_from_the_status_page(browser: Browser, demo_server: tuple[Served, Flask]) -> None:
    served, app = demo_server
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="th-TH")
    page.goto(served.url + "/complaint")
    page.select_option("#category", "จัดซื้อจัดจ้าง")
    page.fill("#details", "ผู้รับเหมาถนนสายหลักเป็นญาติของเจ้าหน้าที่")
    page.click("#submit")
    receipt = page.locator("#receipt").inner_text()
    saved_to_workbook(app)

    page.goto(served.url + "/status")
    page.fill("#receipt", receipt)
    page.click("#check")
    expect(page.locator("#filed-details")).to_have_text("ผู้รับเหมาถนนสายหลักเป็นญาติของเจ้าหน้าที่")
    page.fill("#more-text", "สัญญาเลขที่ 12/2569")
    page.click("#more-send")
    expect(page.locator("#done")).to_contain_text("ส่งข้อมูลเพิ่มเติมถึงเจ้าหน้าที่แล้ว")
    page.click("#withdraw-ask")
    expect(page.locator("#confirm-withdraw")).to_contain_text("ยืนยันถอนเรื่องเลขที่ 2570-0004")
    page.click("#withdraw-yes")
    expect(page.locator("#done")).to_contain_text("ถอนเรื่องแล้ว")
    page.close()
