"""The demo's staff ask for a document in the simulator: a card with the chart, buttons that download it."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LAST_YEAR
from tests.unit.documents.readback import read_docx

SHOTS = Path(__file__).parent / "screenshots"


def test_staff_get_a_card_with_the_chart_and_working_download_buttons(page: Page) -> None:
    page.select_option("#persona", index=1)
    page.fill("#message", "รายงาน")
    page.click("#send")
    expect(page.locator("#quick-replies button")).to_have_text(
        ["วิเคราะห์ผล ITA", "ความก้าวหน้ามาตรการ", "สถิติร้องเรียน", "ยกเลิก"], timeout=15000)
    page.click("#quick-replies button:has-text('วิเคราะห์ผล ITA')")
    card = page.locator(".flex-bubble").last
    expect(card).to_contain_text("รายงานการวิเคราะห์ผลการประเมิน", timeout=15000)
    expect(card).to_contain_text(f"ประจำปีงบประมาณ พ.ศ. {LAST_YEAR}")
    picture = card.locator("img").first
    expect(picture).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth === 1800", arg=picture.element_handle(),
                           timeout=30000)
    SHOTS.mkdir(exist_ok=True)
    card.screenshot(path=str(SHOTS / "report-card.png"))
    docx = re.findall(r"https?://\S+/documents/\S+", card.get_attribute("title") or "")[0]  # the alt text
    response = page.request.get(docx)
    assert response.status == 200 and response.headers["cache-control"] == "no-store"
    assert read_docx(response.body()).table_after("ตารางที่ ๑")[-1] == ["คะแนนรวม", "", "๘๐.๖๑", "ต้องปรับปรุง"]
