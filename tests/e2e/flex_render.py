"""Flex cards drawn by flex2html (an independent renderer of LINE Flex JSON) in Chromium, and measured.

flex2html is read from ``../shared/tools/flex2html/`` beside the checkout, never copied here. Its script
builds class names ``ExXxs``/``ExXxl``/``Ex3xl`` while its stylesheet defines ``ExXXs``/``ExXXl``/``Ex3Xl``
(known bug, see shared/reference/README.md): the page adds the lower-case aliases of every such rule,
so every size renders as LINE draws it. It also inserts texts as HTML, so the page escapes them first.

    .venv/bin/python -m tests.e2e.flex_render OUT_DIR   # PNGs of the main cards on the demo data
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
FLEX2HTML = ROOT.parent / "shared" / "tools" / "flex2html"
# LINE's bubble widths: each size's max-width (flex2html's .lyItem; a chat 680 px wide reaches them all),
# and a phone's chat (375 px: bubbles take 80 %, so giga and mega are 300 px, kilo 260 px).
CHAT_WIDTHS = {"wide": 680, "phone": 375}
CHAT_WIDTH = CHAT_WIDTHS["wide"]

ALIASES = """
for (const sheet of document.styleSheets) {
  for (const rule of [...sheet.cssRules]) {
    if (!rule.selectorText || !/Ex(XX|[345]X)/.test(rule.selectorText)) continue;
    const selector = rule.selectorText.replace(/Ex(XX)([a-z])/g, 'ExXx$2').replace(/Ex([345])X/g, 'Ex$1x');
    sheet.insertRule(`${selector} { ${rule.style.cssText} }`, sheet.cssRules.length);
  }
}
"""

MEASURE = """
() => {
  const cut = [], lines = [], empty = [];
  for (const p of document.querySelectorAll('#flex .MdTxt p')) {
    const text = p.textContent;
    if (p.scrollWidth > p.clientWidth + 1 || p.scrollHeight > p.clientHeight + 1) cut.push(text);
    if (text.trim() && p.getBoundingClientRect().width < 1) empty.push(text);
  }
  for (const label of document.querySelectorAll('#flex .MdBtn a > div')) {
    if (label.scrollWidth > label.clientWidth + 1) cut.push(label.textContent);
  }
  for (const box of document.querySelectorAll('#flex .MdBx')) {
    if (box.style.width === '2px') lines.push(box.getBoundingClientRect().width);
  }
  const bubbles = [...document.querySelectorAll('#flex .lyItem')].map(b => b.getBoundingClientRect().width);
  const shown = [...document.querySelectorAll('#flex .MdTxt p')].map(p => p.textContent);
  return {cut, lines, empty, bubbles, shown};
}
"""


def page_html() -> str:
    css = (FLEX2HTML / "css" / "flex2html.css").read_text(encoding="utf-8")
    script = (FLEX2HTML / "js" / "flex2html.js").read_text(encoding="utf-8")
    return (f"<!doctype html><html lang='th'><head><meta charset='utf-8'><style>{css}</style>"
            f"<style>body{{margin:0;background:#8CABD9;font-family:'Loma','Garuda',sans-serif}}"
            f".chatbox{{width:{CHAT_WIDTH}px;padding:8px 0}}</style>"
            f"<script>{script}</script></head><body><div class='chatbox'><div id='flex'></div></div>"
            f"<script>{ALIASES}</script></body></html>")


def _escaped(node: Any) -> Any:
    """Texts as HTML (flex2html pastes them in as markup)."""
    if isinstance(node, list):
        return [_escaped(item) for item in node]
    if isinstance(node, dict):
        return {key: (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                      if key == "text" and isinstance(value, str) else _escaped(value)) for key, value in node.items()}
    return node


def texts_of(node: Any) -> list[str]:
    """Every text component's text, in document order."""
    if isinstance(node, list):
        return [text for item in node for text in texts_of(item)]
    if not isinstance(node, dict):
        return []
    own = [node["text"]] if node.get("type") == "text" else []
    return own + [text for key in ("header", "hero", "body", "footer", "contents") if key in node
                  for text in texts_of(node[key])]


def draw(page: Page, contents: dict[str, Any], chat_width: int = CHAT_WIDTH, alt_text: str = "card") -> dict[str, Any]:
    """Renders one Flex container and returns what is cut, the widths of 2 px lines and of each bubble."""
    page.evaluate("w => { const c = document.querySelector('.chatbox'); c.style.width = w + 'px';"
                  " document.getElementById('flex').innerHTML = ''; }", chat_width)
    message = {"type": "flex", "altText": alt_text, "contents": _escaped(contents)}
    page.evaluate("m => flex2html('flex', m)", message)
    result: dict[str, Any] = page.evaluate(MEASURE)
    return result


def screenshot(page: Page, path: Path) -> None:
    page.locator("#flex .LySlider").first.screenshot(path=str(path))


WORK_ON_THE_FIRST_CASE = (("บันทึกภายใน 2570-0001", "โทรสอบถามกองช่างแล้ว รอสำเนาสัญญาจ้าง"),
                          ("ตอบผู้ร้อง 2570-0001", "กำลังเรียกเอกสารการจัดซื้อจากกองช่าง คาดว่าจะแจ้งผลภายใน 7 วัน"),
                          ("มอบหมาย 2570-0001", "ประภา รักษ์งาน"))
"""What the officer does before the case-card shot, so its "การดำเนินการล่าสุด" has rows."""


def worked_demo(folder: Path, workbook: Any) -> Any:  # pragma: no cover - used by main only
    """The demo workbook after the officer's actions on 2570-0001, written by the bot's own flusher."""
    from datetime import datetime

    from handlers.conversation.engine import Incoming
    from sheets.flusher import Flusher
    from sheets.workbook import parse_workbook
    from tests.conftest import FakeClock
    from tests.fakes.bot_messages import PEOPLE, make_assistant

    folder.mkdir(parents=True, exist_ok=True)
    clock = FakeClock(datetime(2026, 11, 19, 10, 0))
    officer = make_assistant(folder, clock, row_changes=True)
    for turns in WORK_ON_THE_FIRST_CASE:
        for text in turns:
            officer.respond(Incoming("text", PEOPLE["officer"], text), parse_workbook(workbook.read_tables(), clock()))
        clock.advance(2 * 86_400)
    Flusher(officer.row_changes.outbox, workbook, clock).drain()  # type: ignore[union-attr]
    return parse_workbook(workbook.read_tables(), clock())


def main(out: Path) -> None:  # pragma: no cover - a tool for the issue's before/after pictures
    import tempfile
    from datetime import datetime

    from playwright.sync_api import sync_playwright

    from demo.workbook import create_demo_workbook
    from handlers.conversation.engine import Incoming
    from handlers.conversation.replies import Flex
    from sheets.local import LocalWorkbook
    from sheets.workbook import parse_workbook
    from tests.conftest import FakeClock
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS
    from tests.fakes.bot_messages import LAST_YEAR, PEOPLE, TODAY, make_assistant, sized

    folder = Path(tempfile.mkdtemp())
    workbook = LocalWorkbook(folder / "ita.xlsx")
    create_demo_workbook(workbook, TODAY)
    snapshots = sized(parse_workbook(workbook.read_tables(), datetime(2026, 11, 23, 9)))
    assistant = make_assistant(folder, FakeClock())
    snapshots["worked"] = worked_demo(folder / "worked", workbook)
    shots = {"public-score": ("demo", f"คะแนน ITA {LAST_YEAR}"), "staff-score": ("demo", "คะแนน"),
             "analysis": ("demo", "วิเคราะห์"), "oit": ("demo", "OIT"), "measures": ("demo", "มาตรการ"),
             "oit-45-items": ("large", "OIT"), "staff-score-100": ("large", "คะแนน"),
             "case-card": ("worked", "เรื่อง 2570-0001", "officer")}
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page(viewport={"width": CHAT_WIDTH, "height": 900})
        page.set_content(page_html())
        for name, (size, command, *role) in shots.items():
            who = PEOPLE[role[0] if role else "staff"]
            replies = assistant.respond(Incoming("text", who, command), snapshots[size]).replies
            card = next(reply for reply in replies if isinstance(reply, Flex))
            for width_name, width in CHAT_WIDTHS.items():
                found = draw(page, card.contents, width)
                screenshot(page, out / f"{name}-{width_name}.png")
                shown = {k: v for k, v in found.items() if v and k != "shown"}
                print(name, width_name, json.dumps(shown, ensure_ascii=False))
        browser.close()


if __name__ == "__main__":  # pragma: no cover
    main(Path(sys.argv[1]))
