"""A unit's staff member updates a measure from the มาตรการ card in the simulator: button, quick replies, 100 %."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.test_simulator import send

SHOTS = Path(__file__).parent / "screenshots"


def test_the_update_button_of_a_measure_leads_through_the_choices(page: Page) -> None:
    page.select_option("#persona", index=1)  # สมศรี ใจดี, สำนักปลัดเทศบาล
    send(page, "มาตรการ สำนักปลัดเทศบาล")
    card = page.locator(".flex-bubble").last
    expect(card).to_contain_text("M2570-10", timeout=15000)  # the carousel's last bubble
    card.locator(".flex-button", has_text="อัปเดต").first.click()
    expect(page.locator(".bot .bubble-text").last).to_contain_text("เลือกสิ่งที่จะอัปเดต", timeout=15000)
    expect(page.locator("#quick-replies button")).to_have_text(["ความคืบหน้า", "สถานะ", "การติดตามผล", "หลักฐาน",
                                                                "ยกเลิก"])
    page.click("#quick-replies button:has-text('ความคืบหน้า')")
    expect(page.locator("#quick-replies button").first).to_have_text("0", timeout=15000)
    page.click("#quick-replies button:has-text('100')")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("บันทึกแล้ว · ความคืบหน้า (%): 100", timeout=15000)
    expect(page.locator("#quick-replies button").first).to_have_text("เสร็จสิ้น")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "measure-update.png"))
