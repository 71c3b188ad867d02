"""The simulator on a phone (390 px): one header row, the message box in view, history kept across a reload."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE
from tests.e2e.test_simulator import send

SHOTS = Path(__file__).parent / "screenshots"


def test_the_header_is_one_row_and_the_message_box_is_in_view(page: Page) -> None:
    assert page.viewport_size == PHONE
    header = page.locator("header").bounding_box()
    box = page.locator("#message").bounding_box()
    assert header and box
    assert header["height"] <= 56, f"the header takes {header['height']} px"
    assert box["y"] + box["height"] <= PHONE["height"], "the message box starts below the fold"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    send(page, "เมนู")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("สิ่งที่ทำได้ที่นี่", timeout=15000)
    box = page.locator("#message").bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], "a long answer does not push the box away"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "simulator-390.png"))


def test_a_reload_keeps_both_sides_of_the_conversation(page: Page) -> None:
    send(page, "คะแนน ITA 2566")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ไม่พบคะแนนของปี", timeout=15000)
    send(page, "เมนู")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("สิ่งที่ทำได้ที่นี่", timeout=15000)
    expect(page.locator(".bot .bubble-text").nth(-2)).to_contain_text("ออกจากขั้นตอน")
    page.reload()
    expect(page.locator(".user .bubble-text")).to_have_text(["คะแนน ITA 2566", "เมนู"])
    expect(page.locator(".bot .bubble-text").last).to_contain_text("สิ่งที่ทำได้ที่นี่")
    order = page.locator("#chat .row").evaluate_all("rows => rows.map(r => r.classList.contains('user') ? 'u' : 'b')")
    assert order[:2] == ["u", "b"] and order.count("u") == 2
    expect(page.locator("#quick-replies button")).to_have_text(["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"])


def test_inviting_the_bot_to_a_group_shows_its_greeting(page: Page) -> None:
    page.select_option("#persona", label="กลุ่ม LINE เจ้าหน้าที่ (ดูอย่างเดียว)")
    expect(page.locator("#composer")).to_be_hidden()
    page.click("#join")
    greeting = page.locator(".bot .bubble-text").last
    expect(greeting).to_contain_text("เข้ากลุ่มนี้แล้ว", timeout=15000)
    expect(greeting).to_contain_text("กลุ่มนี้ตั้งไว้แล้วเป็น: staff_group_id")


def test_overlapping_polls_show_each_answer_once(page: Page) -> None:
    send(page, "ITA คืออะไร")
    send(page, "ปีงบประมาณเริ่มเมื่อไร")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("1 ตุลาคม", timeout=15000)
    page.wait_for_function("window.pollsRunning === 0", timeout=20000)  # both polls done, neither added twice
    expect(page.locator(".bot .bubble-text", has_text="การประเมินคุณธรรม")).to_have_count(1)
    expect(page.locator(".bot .bubble-text", has_text="1 ตุลาคม")).to_have_count(1)
