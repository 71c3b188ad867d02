"""The simulator shows what the product does: photos sent to the bot, LINE's buttons, the rich menus, an admin."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image
from playwright.sync_api import Browser, FilePayload, Page, expect

from tests.e2e import flex_render
from tests.e2e.test_simulator import SHOTS, send

BUTTONS = """
buttons => buttons.map(b => {
  const style = getComputedStyle(b);
  return {label: b.textContent.trim(), height: Math.round(b.getBoundingClientRect().height),
          background: style.backgroundColor, color: style.color};
})
"""


def say(page: Page, text: str) -> None:
    """Send ``text`` and wait for the bot's answer to it."""
    before = page.locator(".row.bot").count()
    send(page, text)
    expect(page.locator(".row.bot")).to_have_count(before + 1, timeout=15000)


def persona(page: Page, name: str) -> None:
    page.select_option("#persona", label=name)


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, format="PNG")
    return out.getvalue()


def test_photos_reach_the_complaint_flow_through_lines_content_endpoint(page: Page) -> None:
    for text in ("ร้องเรียน", "จัดซื้อจัดจ้าง", "ถัดไป", "มีการฮั้วประมูลงานถนนสายหลัก", "ถัดไป", "ข้าม", "ข้าม"):
        say(page, text)
    say(page, "๑๕ ต.ค. ๖๙")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ขั้นที่ 6/7")
    page.click("#attach")
    page.click("#sample-photo")
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ได้รับแล้ว 1 รูป", timeout=15000)
    page.click("#attach")
    photos = [FilePayload(name=f"{n}.png", mimeType="image/png", buffer=png(c)) for n, c in (("a", "#c0392b"),
                                                                                              ("b", "#1e4e79"))]
    page.set_input_files("#photo-file", photos)
    expect(page.locator(".bot .bubble-text").last).to_contain_text("ได้รับแล้ว 3 รูป", timeout=15000)
    expect(page.locator(".user img.photo")).to_have_count(3)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "simulator-photos.png"))


def test_not_an_image_is_refused_in_thai(page: Page) -> None:
    page.click("#attach")
    page.set_input_files("#photo-file", FilePayload(name="a.txt", mimeType="text/plain", buffer=b"hello"))
    expect(page.locator(".note").last).to_contain_text("ส่งได้เฉพาะรูปภาพ", timeout=15000)


def test_buttons_are_drawn_as_flex2html_draws_them(page: Page, browser: Browser) -> None:
    persona(page, "เจ้าหน้าที่รับเรื่องร้องเรียน วิชัย ตรงธรรม")
    say(page, "เรื่อง 2570-0001")
    card = page.locator(".flex-bubble").last
    expect(card).to_contain_text("2570-0001")
    ours = card.locator(".flex-button").evaluate_all(BUTTONS)
    assert ours and all(b["height"] == 40 for b in ours), ours  # height sm, not 4 px
    message: dict[str, Any] = page.evaluate("() => logs[current.userId].filter(e => e.message && e.message.type "
                                            "=== 'flex').pop().message")
    other = browser.new_page(viewport={"width": 420, "height": 900})
    other.set_content(flex_render.page_html())
    flex_render.draw(other, message["contents"], 375)
    theirs = other.locator("#flex .MdBtn a").evaluate_all(BUTTONS)
    other.close()
    assert [b["label"] for b in ours] == [b["label"] for b in theirs]
    for mine, reference in zip(ours, theirs, strict=True):
        assert (mine["height"], mine["background"], mine["color"]) == (
            reference["height"], reference["background"], reference["color"]), (mine, reference)
    styles = {(b["background"], b["color"]) for b in ours}
    assert ("rgb(30, 78, 121)", "rgb(255, 255, 255)") in styles, "primary with the card's colour"
    assert ("rgb(220, 223, 229)", "rgb(17, 17, 17)") in styles, "secondary in LINE's grey, not green"
    SHOTS.mkdir(exist_ok=True)
    card.screenshot(path=str(SHOTS / "simulator-case-buttons.png"))


def test_each_persona_sees_its_rich_menu_and_a_tap_sends_its_command(page: Page) -> None:
    expect(page.locator("#menu-bar")).to_be_visible(timeout=15000)
    expect(page.locator("#rich-menu button")).to_have_count(4)
    expect(page.locator("#rich-menu img")).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "simulator-richmenu-citizen.png"))
    page.locator("#rich-menu button").nth(1).click()
    expect(page.locator(".row.user").last).to_contain_text("ร้องเรียน")
    expect(page.locator(".row.bot").last).to_contain_text("ขั้นที่", timeout=15000)
    persona(page, "เจ้าหน้าที่ สมศรี ใจดี")
    expect(page.locator("#rich-menu button")).to_have_count(5, timeout=15000)
    page.locator("#menu-bar").click()
    expect(page.locator("#rich-menu")).to_be_hidden()
    page.locator("#menu-bar").click()
    expect(page.locator("#rich-menu")).to_be_visible()
    page.screenshot(path=str(SHOTS / "simulator-richmenu-staff.png"))
    persona(page, "กลุ่ม LINE เจ้าหน้าที่ (ดูอย่างเดียว)")
    expect(page.locator("#menu-bar")).to_be_hidden()
    expect(page.locator("#rich-menu")).to_be_hidden()


def test_the_admin_persona_receives_what_is_pushed_to_admins(page: Page) -> None:
    say(page, "ลงทะเบียน 246810")
    say(page, "สมชาย ทดลองระบบ")
    say(page, "กองคลัง")
    persona(page, "ผู้ดูแลระบบ ประภา รักษ์งาน")
    expect(page.locator("#chat")).to_contain_text("สมชาย ทดลองระบบ", timeout=15000)
    expect(page.locator("#rich-menu button")).to_have_count(5, timeout=15000)
    page.screenshot(path=str(SHOTS / "simulator-admin.png"))
