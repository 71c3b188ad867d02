"""The demo as a newcomer uses it: the LINE simulator in headless Chromium, talking to the real bot."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LAST_YEAR

SHOTS = Path(__file__).parent / "screenshots"


def send(page: Page, text: str) -> None:
    page.fill("#message", text)
    page.click("#send")


def test_menu_quick_reply_and_ita_score(page: Page) -> None:
    send(page, "เมนู")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("สิ่งที่ทำได้ที่นี่", timeout=15000)
    expect(page.locator("#quick-replies button")).to_have_text(["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"])

    page.click("#quick-replies button:has-text('คะแนน ITA')")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ปีงบประมาณใด", timeout=15000)
    expect(page.locator("#quick-replies button").first).to_have_text(f"ปี {LAST_YEAR} (ล่าสุด)")

    send(page, f"คะแนน ITA {LAST_YEAR}")
    card = page.locator(".flex-bubble").last
    expect(card).to_contain_text(f"ผลการประเมิน ITA ปีงบประมาณ {LAST_YEAR}", timeout=15000)
    expect(card).to_contain_text("80.61")
    expect(card).to_contain_text("ระดับ ต้องปรับปรุง")
    expect(card).to_contain_text("การป้องกันการทุจริต")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "simulator.png"), full_page=True)


def test_follow_and_persona_switch(page: Page) -> None:
    page.click("#follow")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ขอบคุณที่เพิ่ม", timeout=15000)
    page.select_option("#persona", index=1)
    send(page, "เมนู")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("คุณใช้งานในฐานะเจ้าหน้าที่", timeout=15000)


def test_staff_cards_render(page: Page) -> None:
    page.select_option("#persona", index=1)
    send(page, "คะแนน")
    expect(page.locator(".flex-bubble").last).to_contain_text(f"คะแนน ITA ปีงบประมาณ {LAST_YEAR}", timeout=15000)
    expect(page.locator(".flex-bubble").last).to_contain_text("เส้นดำ = เกณฑ์ผ่าน 85")
    SHOTS.mkdir(exist_ok=True)
    page.locator(".flex-bubble").last.screenshot(path=str(SHOTS / "score-card.png"))
    send(page, "วิเคราะห์")
    expect(page.locator(".flex-bubble").last).to_contain_text("ข้อบกพร่องที่ต้องแก้ไขโดยเร่งด่วน", timeout=15000)
    expect(page.locator(".flex-bubble").last).to_contain_text("ขาด 4.39")
    send(page, "มาตรการ ทุกหน่วยงาน")  # มาตรการ alone: the person's own unit
    carousel = page.locator(".flex-carousel").last
    expect(carousel).to_contain_text("เกินกำหนด", timeout=15000)
    expect(carousel.locator(".flex-bubble")).to_have_count(8)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "staff.png"), full_page=False)
    send(page, "OIT")
    expect(page.locator(".flex-bubble").last).to_contain_text("เผยแพร่แล้ว", timeout=15000)
