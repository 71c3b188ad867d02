"""A citizen without LINE: the web form in Chromium, the receipt, and an officer's edit seen on /status."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import saved_to_workbook
from tests.fakes.servers import Served
from tests.fakes.sheet_edits import edit_complaint


def test_web_complaint_receipt_and_status_after_an_officer_edit(browser: Browser,
                                                                demo_server: tuple[Served, Flask]) -> None:
    served, app = demo_server
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="th-TH")
    page.goto(served.url + "/complaint")
    page.select_option("#category", "จัดซื้อจัดจ้าง")
    page.fill("#details", "ผู้รับเหมาถนนสายหลักเป็นญาติของเจ้าหน้าที่")
    page.fill("#accused", "กองช่าง")
    page.fill("#incident_date", "1/11/2569")
    page.click("#submit")
    expect(page.locator("#case-no")).to_have_text("2570-0004")
    receipt = page.locator("#receipt").inner_text()
    assert len(receipt) == 12

    workbook = saved_to_workbook(app)
    edit_complaint(workbook.path, "2570-0004", {"สถานะ": "กำลังตรวจสอบ",
                                                "ข้อความถึงผู้ร้อง": "ได้รับเอกสารแล้ว กำลังตรวจสอบสัญญา"})

    page.goto(served.url + "/status")
    page.fill("#receipt", receipt.lower().replace("-", " "))
    page.click("#check")
    expect(page.locator("#status-value")).to_have_text("เจ้าหน้าที่กำลังตรวจสอบเรื่องของคุณ")
    expect(page.locator("#officer-message")).to_have_text("ได้รับเอกสารแล้ว กำลังตรวจสอบสัญญา")
    expect(page.locator("#rate")).to_have_count(0)

    edit_complaint(workbook.path, "2570-0004", {"สถานะ": "ยุติเรื่อง", "ปิดเรื่องเมื่อ": "3/12/2569",
                                                "ข้อความถึงผู้ร้อง": "ผู้รับเหมาถูกตัดสิทธิ์ประมูลแล้ว"})
    page.goto(served.url + "/status")
    page.fill("#receipt", receipt)
    page.click("#check")
    expect(page.locator("#status-value")).to_have_text("ปิดเรื่องแล้ว: ดำเนินการเสร็จสิ้น")
    page.select_option("#score", "4")
    page.click("#send-rating")
    expect(page.locator("#rating-value")).to_have_text("4")
    expect(page.locator("#rate")).to_have_count(0)
    page.close()
