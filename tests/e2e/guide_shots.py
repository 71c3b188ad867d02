"""The guides' screenshots: the demo simulator driven in Chromium at a phone's width, one PNG per shot.

Run ``make guides`` (or ``PYTHONPATH=. .venv/bin/python -m tests.e2e.guide_shots [--only NAME ...]``) after a
feature changes what people see; it writes ``docs/img/<name>.png``. ``SHOT_NAMES`` is the list the guides
must use, checked by ``tests/unit/test_guides.py`` without a browser.
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

OUT = Path(__file__).resolve().parents[2] / "docs" / "img"
WIDTH, HEIGHT = 390, 760
"""A phone's width, as the browser tests use; tall enough for a step and its buttons."""
TIMEOUT = 20000
RECEIPT = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}")
CITIZEN, STAFF, OFFICER = "ประชาชน (ผู้ใช้ทั่วไป)", "เจ้าหน้าที่ สมศรี ใจดี", "เจ้าหน้าที่รับเรื่องร้องเรียน วิชัย ตรงธรรม"
STAFF_GROUP, OFFICER_GROUP = "กลุ่ม LINE เจ้าหน้าที่ (ดูอย่างเดียว)", "กลุ่ม LINE ผู้รับเรื่องร้องเรียน (ดูอย่างเดียว)"


ADMIN = "ผู้ดูแลระบบ ประภา รักษ์งาน"
NO_MENU_CSS = "body.no-menu #rich-menu { display: none !important; }"
"""The rich menu folded away for every shot but the menu's own: the chat keeps the whole window."""


@dataclass
class Demo:
    """What the shots share: the server's address, the year, and what earlier shots left (a receipt, a case)."""

    url: str
    year: int
    jobs_token: str
    receipt: str = ""
    case: str = ""


@dataclass(frozen=True)
class WebPage:
    """A public web page in its own tab: the shot is the top of it, what fits the phone's screen."""

    page: Page


@dataclass(frozen=True)
class Shot:
    name: str
    persona: str
    steps: Callable[[Page, Demo], Locator | WebPage | None]
    """Drives the page; returns the element to photograph, a web page's top, or None for the chat as the person
    sees it."""
    after: tuple[str, ...] = ()
    """Messages sent once the picture is taken, to leave the persona outside any step."""
    keep: bool = False
    """Keep what the chat already shows (a group's notices arrive before the shot starts)."""
    menu: bool = False
    """Show the persona's rich menu under the message box."""


def send(page: Page, text: str) -> None:
    page.fill("#message", text)
    page.click("#send")


def last_text(page: Page, words: str) -> None:
    from playwright.sync_api import expect
    expect(page.locator(".bot .bubble-text").last).to_contain_text(words, timeout=TIMEOUT)


def answered(page: Page, text: str) -> None:
    """Sends ``text`` and waits for the bot's next message, whatever it says."""
    before = page.locator("#chat .row.bot").count()
    send(page, text)
    page.wait_for_function(f"document.querySelectorAll('#chat .row.bot').length > {before}", timeout=TIMEOUT)
    page.wait_for_function("window.pollsRunning === 0", timeout=TIMEOUT)


def tap(page: Page, label: str) -> None:
    page.locator("#quick-replies button", has_text=label).first.click()


def last_card(page: Page, words: str) -> Locator:
    from playwright.sync_api import expect
    card = page.locator(".flex-bubble").last
    expect(card).to_contain_text(words, timeout=TIMEOUT)
    return card


# --- ประชาชน -------------------------------------------------------------------------------------------

def rich_menu(page: Page, demo: Demo) -> None:
    """The persona's rich menu, opened under the message box (the chat left empty)."""
    from playwright.sync_api import expect
    page.wait_for_timeout(500)  # the persona's menu on its way
    expect(page.locator("#rich-menu img")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("[...document.querySelectorAll('#rich-menu img')].every(i => i.complete)", timeout=TIMEOUT)


def citizen_menu(page: Page, demo: Demo) -> None:
    send(page, "เมนู")
    last_text(page, "สิ่งที่ทำได้ที่นี่")


def citizen_score(page: Page, demo: Demo) -> Locator:
    send(page, f"คะแนน ITA {demo.year - 1}")
    return last_card(page, f"ผลการประเมิน ITA ปีงบประมาณ {demo.year - 1}")


def citizen_how_to_complain(page: Page, demo: Demo) -> None:
    send(page, "ร้องเรียนยังไงคะ")
    page.locator("#quick-replies button", has_text="ร้องเรียน").first.wait_for(timeout=TIMEOUT)


def citizen_complaint_start(page: Page, demo: Demo) -> None:
    send(page, "ร้องเรียน")
    last_text(page, "ขั้นที่ 1/7")


def citizen_complaint_details(page: Page, demo: Demo) -> None:
    send(page, "ร้องเรียน")
    last_text(page, "ขั้นที่ 1/7")
    tap(page, "จัดซื้อจัดจ้าง")
    last_text(page, "ขั้นที่ 2/7")
    send(page, "มีการฮั้วประมูลงานถนนซอย 3 ผู้รับเหมาเป็นญาติของเจ้าหน้าที่")
    last_text(page, "รับข้อความแล้ว")


def citizen_complaint_photo(page: Page, demo: Demo) -> None:
    send(page, "ถัดไป")
    last_text(page, "ขั้นที่ 3/7")
    send(page, "กองช่าง")
    last_text(page, "ขั้นที่ 4/7")
    send(page, "ถนนซอย 3 หน้าตลาดสด")
    last_text(page, "ขั้นที่ 5/7")
    send(page, "สัปดาห์ที่แล้ว")
    last_text(page, "ขั้นที่ 6/7")
    page.evaluate("logs[current.userId] = logs[current.userId].slice(-1); redraw();")  # step 6 and the photo only
    page.click("#attach")
    page.click("#sample-photo")
    last_text(page, "ได้รับแล้ว 1 รูป")
    page.wait_for_function("[...document.querySelectorAll('#chat img.photo')].every(i => i.complete)", timeout=TIMEOUT)


def citizen_complaint_summary(page: Page, demo: Demo) -> None:
    send(page, "ถัดไป")
    last_text(page, "ขั้นที่ 7/7")
    send(page, "รับแจ้งเตือน")
    last_text(page, "ตรวจสอบก่อนส่ง")


def citizen_receipt(page: Page, demo: Demo) -> None:
    send(page, "ยืนยันส่ง")
    last_text(page, "เลขรับเรื่องของคุณ")
    text = page.locator(".bot .bubble-text", has_text="เลขรับเรื่องของคุณ").last.inner_text()
    found = RECEIPT.search(text)
    number = re.search(r"เลขที่เรื่อง (\d{4}-\d{4})", text)
    assert found and number, text
    demo.receipt, demo.case = found.group(0), number.group(1)


def citizen_follow(page: Page, demo: Demo) -> None:
    send(page, f"ติดตาม {demo.receipt}")
    last_text(page, demo.case)
    page.locator("#quick-replies button", has_text="ถอนเรื่อง").first.wait_for(timeout=TIMEOUT)


def citizen_withdraw_ask(page: Page, demo: Demo) -> None:
    send(page, f"ติดตาม {demo.receipt}")
    page.locator("#quick-replies button", has_text="ถอนเรื่อง").first.wait_for(timeout=TIMEOUT)
    tap(page, "ถอนเรื่อง")
    last_text(page, "ยืนยันถอนเรื่อง")
    page.locator("#quick-replies button", has_text="ไม่ถอน").first.wait_for(timeout=TIMEOUT)
    page.evaluate("""() => { const log = logs[current.userId];  // the picture starts at the tap
        logs[current.userId] = log.slice(log.findLastIndex(e => e.who === "user")); redraw(); }""")


def citizen_rate(page: Page, demo: Demo) -> None:
    """The push that tells the complainant the case is closed, with its 1–5 buttons (not tapped: the picture shows
    them). The officer's close reaches the sheet through the outbox first; complaint-sync is run until it is told."""
    import httpx
    push = f"ความคืบหน้าเรื่องร้องเรียนเลขที่ {demo.case}"
    deadline = time.monotonic() + 90
    while not page.locator(".bot .bubble-text", has_text=push).filter(has_text="พอใจ").count():
        assert time.monotonic() < deadline, "the close push never came"
        httpx.post(f"{demo.url}/jobs/complaint-sync", headers={"Authorization": f"Bearer {demo.jobs_token}"},
                   timeout=60)
        page.click("#refresh")
        page.wait_for_timeout(1500)
        page.wait_for_function("window.pollsRunning === 0", timeout=TIMEOUT)
    page.evaluate("""words => { const log = logs[current.userId];
        const i = log.findLastIndex(e => e.message && JSON.stringify(e.message).includes(words));
        logs[current.userId] = log.slice(i); redraw(); }""", push)
    page.locator("#quick-replies button", has_text="5").first.wait_for(timeout=TIMEOUT)


def web_page(page: Page, demo: Demo, path: str) -> Page:
    """A public web page in its own tab at the same phone width (the simulator tab stays as it is)."""
    web = page.context.new_page()
    web.goto(demo.url + path)
    return web


def citizen_web_form(page: Page, demo: Demo) -> Locator:
    web = web_page(page, demo, "/complaint")
    web.select_option("#category", label="เรียกรับเงิน/ของขวัญ")
    web.fill("#details", "เจ้าหน้าที่งานทะเบียนขอเงินค่าดำเนินการเพิ่ม 500 บาท โดยไม่มีใบเสร็จ")
    web.fill("#accused", "งานทะเบียน")
    return web.locator("form.card")


def citizen_web_status(page: Page, demo: Demo) -> Locator:
    web = web_page(page, demo, "/status")
    web.fill("#receipt", demo.receipt)
    web.click("#check")
    web.get_by_text(demo.case).first.wait_for(timeout=TIMEOUT)
    web.locator("#withdraw-ask").wait_for(timeout=TIMEOUT)  # an open case: the add and withdraw forms
    return web.locator("body")


def citizen_privacy(page: Page, demo: Demo) -> WebPage:
    web = web_page(page, demo, "/privacy")
    web.get_by_text("ผู้ควบคุมข้อมูลส่วนบุคคล").first.wait_for(timeout=TIMEOUT)
    return WebPage(web)


def citizen_register(page: Page, demo: Demo) -> None:
    send(page, "ลงทะเบียน 246810")
    last_text(page, "กรุณาพิมพ์ชื่อ")
    send(page, "มานี มีสุข")
    last_text(page, "สังกัดหน่วยงานใด")
    tap(page, "กองคลัง")
    last_text(page, "ส่งคำขอลงทะเบียนแล้ว")


# --- เจ้าหน้าที่ -----------------------------------------------------------------------------------------

def staff_score(page: Page, demo: Demo) -> Locator:
    send(page, "คะแนน")
    return last_card(page, "เส้นดำ = เกณฑ์ผ่าน 85")


def staff_analysis(page: Page, demo: Demo) -> Locator:
    send(page, "วิเคราะห์")
    return last_card(page, "ข้อบกพร่องที่ต้องแก้ไขโดยเร่งด่วน")


def staff_measures(page: Page, demo: Demo) -> None:
    send(page, "มาตรการ")
    last_card(page, "อัปเดต")
    page.locator("#quick-replies button", has_text="ทุกหน่วยงาน").first.wait_for(timeout=TIMEOUT)


def staff_update(page: Page, demo: Demo) -> None:
    send(page, "มาตรการ สำนักปลัดเทศบาล")
    card = last_card(page, "อัปเดต")
    card.locator(".flex-button", has_text="อัปเดต").first.click()
    last_text(page, "เลือกสิ่งที่จะอัปเดต")
    tap(page, "ความคืบหน้า")
    page.locator("#quick-replies button", has_text="75").wait_for(timeout=TIMEOUT)
    tap(page, "75")
    last_text(page, "บันทึกแล้ว")


def staff_oit(page: Page, demo: Demo) -> Locator:
    send(page, "OIT")
    return last_card(page, "เผยแพร่แล้ว")


def staff_send_link(page: Page, demo: Demo) -> None:
    """A link handed in and checked against the demo's own office website (no internet needed)."""
    send(page, "ส่งลิงก์ O15")
    last_text(page, "ลิงก์")
    answered(page, "https://www.muaklek.go.th/oit/o15")
    last_text(page, "O15")


def staff_report(page: Page, demo: Demo) -> None:
    send(page, "รายงาน")
    page.locator("#quick-replies button").first.wait_for(timeout=TIMEOUT)


def staff_report_card(page: Page, demo: Demo) -> Locator:
    send(page, "รายงาน ร้องเรียน")
    return last_card(page, "PDF")


# --- เจ้าหน้าที่รับเรื่องร้องเรียน ---------------------------------------------------------------------------

def officer_group_notice(page: Page, demo: Demo) -> None:
    page.locator(".bot", has_text=demo.case).last.wait_for(timeout=TIMEOUT)


def officer_cases(page: Page, demo: Demo) -> None:
    send(page, "เรื่องร้องเรียน")
    page.locator(".bot", has_text=demo.case).last.wait_for(timeout=TIMEOUT)


def officer_case_card(page: Page, demo: Demo) -> Locator:
    send(page, f"เรื่อง {demo.case}")
    return last_card(page, "รับเรื่อง")


def officer_reply(page: Page, demo: Demo) -> None:
    send(page, f"รับเรื่อง {demo.case}")
    last_text(page, demo.case)
    send(page, f"ตอบผู้ร้อง {demo.case}")
    last_text(page, "พิมพ์ข้อความถึงผู้ร้อง")
    send(page, "ได้รับเรื่องแล้ว กำลังตรวจสอบเอกสารการจัดซื้อ จะแจ้งผลภายใน 15 วัน")
    last_text(page, "บันทึก ตอบผู้ร้อง")


def officer_close(page: Page, demo: Demo) -> None:
    send(page, f"ปิดเรื่อง {demo.case}")
    page.locator("#quick-replies button", has_text="ยุติเรื่อง").wait_for(timeout=TIMEOUT)


def officer_closed(page: Page, demo: Demo) -> None:
    send(page, "ยุติเรื่อง")
    last_text(page, "พิมพ์ผลการดำเนินการ")
    answered(page, "ตรวจสอบแล้ว ให้กองช่างทบทวนการจัดซื้อและแจ้งผลต่อคณะกรรมการ")
    last_text(page, "ข้อความแจ้งผลถึงผู้ร้อง")
    answered(page, "ใช้ข้อความเดียวกัน")  # step 3: what the complainant is told, here the result as typed
    last_text(page, "บันทึก")
    page.evaluate("""words => { const log = logs[current.userId];  // the picture starts at step 3
        const i = log.findLastIndex(e => e.message && JSON.stringify(e.message).includes(words));
        logs[current.userId] = log.slice(i); redraw(); }""", "ข้อความแจ้งผลถึงผู้ร้อง")


# --- ผู้ดูแลระบบ ------------------------------------------------------------------------------------------

def admin_approve(page: Page, demo: Demo) -> None:
    """What reaches the admin after the citizen registered (citizen-register): the request and its two buttons."""
    notice = "มีคำขอลงทะเบียนเจ้าหน้าที่ใหม่"
    page.locator(".bot .bubble-text", has_text=notice).last.wait_for(timeout=TIMEOUT)
    page.evaluate("""words => { const log = logs[current.userId];
        const i = log.findLastIndex(e => e.message && JSON.stringify(e.message).includes(words));
        logs[current.userId] = log.slice(i); redraw(); }""", notice)
    page.locator("#quick-replies button", has_text="อนุมัติ").first.wait_for(timeout=TIMEOUT)


def admin_group_join(page: Page, demo: Demo) -> None:
    page.click("#join")
    last_text(page, "เข้ากลุ่มนี้แล้ว")


def admin_weekly_digest(page: Page, demo: Demo) -> Locator:
    import httpx
    answer = httpx.post(f"{demo.url}/jobs/weekly-digest", headers={"Authorization": f"Bearer {demo.jobs_token}"},
                        timeout=60)
    assert answer.status_code < 300, answer.text
    page.click("#refresh")
    return last_card(page, "สรุปประจำสัปดาห์")


SHOTS: tuple[Shot, ...] = (
    Shot("citizen-richmenu", CITIZEN, rich_menu, menu=True),
    Shot("citizen-menu", CITIZEN, citizen_menu),
    Shot("citizen-score", CITIZEN, citizen_score),
    Shot("citizen-how-to-complain", CITIZEN, citizen_how_to_complain),
    Shot("citizen-complaint-start", CITIZEN, citizen_complaint_start, after=("ยกเลิก",)),
    Shot("citizen-complaint-details", CITIZEN, citizen_complaint_details),
    Shot("citizen-complaint-photo", CITIZEN, citizen_complaint_photo),
    Shot("citizen-complaint-summary", CITIZEN, citizen_complaint_summary),
    Shot("citizen-receipt", CITIZEN, citizen_receipt),
    Shot("citizen-follow", CITIZEN, citizen_follow),
    Shot("citizen-withdraw-ask", CITIZEN, citizen_withdraw_ask, after=("ไม่ถอน",)),
    Shot("citizen-web-status", CITIZEN, citizen_web_status),
    Shot("officer-group-notice", OFFICER_GROUP, officer_group_notice, keep=True),
    Shot("officer-cases", OFFICER, officer_cases),
    Shot("officer-case-card", OFFICER, officer_case_card),
    Shot("officer-reply", OFFICER, officer_reply),
    Shot("officer-close", OFFICER, officer_close),
    Shot("officer-closed", OFFICER, officer_closed),
    Shot("citizen-rate", CITIZEN, citizen_rate, keep=True),
    Shot("citizen-web-form", CITIZEN, citizen_web_form),
    Shot("citizen-privacy", CITIZEN, citizen_privacy),
    Shot("citizen-register", CITIZEN, citizen_register),
    Shot("admin-approve", ADMIN, admin_approve, keep=True),
    Shot("staff-richmenu", STAFF, rich_menu, menu=True),
    Shot("staff-score", STAFF, staff_score),
    Shot("staff-analysis", STAFF, staff_analysis),
    Shot("staff-measures", STAFF, staff_measures),
    Shot("staff-update", STAFF, staff_update, after=("ยกเลิก",)),
    Shot("staff-oit", STAFF, staff_oit),
    Shot("staff-send-link", STAFF, staff_send_link, after=("ยกเลิก",)),
    Shot("staff-report", STAFF, staff_report, after=("ยกเลิก",)),
    Shot("staff-report-card", STAFF, staff_report_card),
    Shot("admin-group-join", STAFF_GROUP, admin_group_join),
    Shot("admin-weekly-digest", STAFF_GROUP, admin_weekly_digest),
)
"""In order: later shots use what earlier ones left (the citizen's receipt, the case the officer works); the
citizen registers last, as from then on the demo's citizen is a staff member waiting for approval."""
SHOT_NAMES: tuple[str, ...] = tuple(shot.name for shot in SHOTS)


def shrink(path: Path) -> None:
    """A palette PNG: chat screenshots have few colours, so 128 of them keep the text sharp at a fifth the size."""
    from PIL import Image
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def fresh_chat(page: Page, shot: Shot) -> None:
    """The persona's chat, emptied once its history has loaded: each picture shows its own conversation only."""
    page.evaluate(f"document.body.classList.toggle('no-menu', {'false' if shot.menu else 'true'})")
    page.select_option("#persona", label=shot.persona)
    page.wait_for_function("window.pollsRunning === 0", timeout=TIMEOUT)
    if not shot.keep:
        page.evaluate("logs[current.userId] = []; redraw();")


def take(page: Page, shot: Shot, demo: Demo) -> Path:
    fresh_chat(page, shot)
    target = shot.steps(page, demo)
    page.wait_for_timeout(400)  # the last bubble's scroll into view
    path = OUT / f"{shot.name}.png"
    if isinstance(target, WebPage):
        target.page.screenshot(path=str(path))  # the top of a web page, as a phone first shows it
        target.page.close()
    elif target is not None:
        card_shot(target, path)
    else:
        page.screenshot(path=str(path))
        crop_to_chat(page, path, whole_bottom=shot.menu)
    shrink(path)
    for text in shot.after:
        send(page, text)
        page.wait_for_timeout(800)
    return path


def card_shot(target: Locator, path: Path) -> None:
    """A card whole: the window is made taller than the card first (a tall card in the scrolling chat came out
    with the simulator's header over it)."""
    page = target.page
    box = target.bounding_box()
    tall = int(box["height"]) + 200 if box else HEIGHT
    if tall > HEIGHT:
        page.set_viewport_size({"width": WIDTH, "height": tall})
        page.wait_for_timeout(300)
    target.scroll_into_view_if_needed()
    target.screenshot(path=str(path))
    if tall > HEIGHT:
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def crop_to_chat(page: Page, path: Path, whole_bottom: bool = False) -> None:
    """Header, the conversation and the buttons under it; the empty chat between them and the message box left out.
    ``whole_bottom`` keeps everything from the buttons down: the message box, the menu bar and the rich menu."""
    from PIL import Image
    rows = page.locator("#chat > *")
    last = rows.last.bounding_box() if rows.count() else page.locator("#chat").bounding_box()
    quick = page.locator("#quick-replies").bounding_box()
    if last is None or quick is None:
        return
    talk_end = int(last["y"] + (last["height"] if rows.count() else 0)) + 12
    quick_top, quick_end = int(quick["y"]), int(quick["y"] + quick["height"])
    with Image.open(path) as image:
        top = image.crop((0, 0, image.width, min(talk_end, quick_top)))
        buttons = image.crop((0, quick_top, image.width, image.height if whole_bottom else quick_end))
    if not whole_bottom and not page.locator("#quick-replies button").count():
        buttons = buttons.crop((0, 0, buttons.width, 0))
    whole = Image.new("RGB", (top.width, top.height + buttons.height))
    whole.paste(top, (0, 0))
    whole.paste(buttons, (0, top.height))
    whole.save(path)


def run(only: set[str]) -> list[Path]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request of the simulator's polling
    from flask import Flask  # noqa: F401  (the demo app's type, imported here to keep the module light)
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from app import create_demo_app, runtime_of
    from cli.service import not_ready
    from common.config import Config
    from common.thaitext import fiscal_year_of
    from demo.workbook import create_demo_workbook
    from sheets.local import LocalWorkbook
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS

    work = Path(tempfile.mkdtemp(prefix="guide-shots-"))
    today = datetime.now().date()
    workbook = work / "ita.xlsx"
    create_demo_workbook(LocalWorkbook(workbook), today)
    server = make_server("127.0.0.1", 0, not_ready, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    token = "guide-shots-jobs-token"
    config = Config(store="local", workbook_path=workbook, data_dir=work / "var", jobs_token=token)
    app, _ = create_demo_app(config, url, ("s" * 32, "token", "k" * 32))
    server.app = app
    threading.Thread(target=server.serve_forever, daemon=True).start()
    demo = Demo(url, fiscal_year_of(today), token)
    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="th-TH")
            page = context.new_page()
            page.goto(url + "/simulator")
            page.add_style_tag(content=NO_MENU_CSS)
            for shot in SHOTS:
                if not only or shot.name in only:
                    written.append(take(page, shot, demo))
                else:
                    fresh_chat(page, shot)
                    shot.steps(page, demo)  # a later shot may need what this one leaves
                    for text in shot.after:
                        send(page, text)
                        page.wait_for_timeout(800)
                print(f"{shot.name}: ok", flush=True)
            browser.close()
    finally:
        server.shutdown()
        runtime_of(app).stop()
        shutil.rmtree(work, ignore_errors=True)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=[], help="names of shots to write (all are driven)")
    names = set(parser.parse_args().only)
    unknown = names - set(SHOT_NAMES)
    if unknown:
        parser.error(f"unknown shots: {', '.join(sorted(unknown))}")
    for path in run(names):
        print(f"{path.relative_to(OUT.parents[1])}  {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
