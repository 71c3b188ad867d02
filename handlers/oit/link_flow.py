"""ส่งลิงก์ <ข้อ> [url]: the owning unit (or an admin) hands in the URL of a published OIT item.

The link must be http(s) and pass the OIT link check at once (the injected ``LinkCheck``); then ลิงก์, สถานะ เผยแพร่แล้ว and
อัปเดตล่าสุด go into the item's row of this fiscal year through the keyed row update. When the site cannot be reached
the link is saved รอตรวจ (handlers.oit.standing) and the oit-links job checks it and tells the sender.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from common.thaitext import compact, format_sheet_date, normalize_input
from handlers.casework.cases import my_name
from handlers.conversation.engine import Command, Context, Flow, Outcome
from handlers.conversation.phrasing import trim_particles
from handlers.conversation.ports import LinkCheck
from handlers.conversation.replies import QuickReply, Reply, Text
from handlers.conversation.years import current_year
from handlers.measures.units import UPDATED, is_web_link, may_update, owner_guard, staff_guard, submit_update
from handlers.oit.links import CHECKED, OK, RESULT, checked_text
from handlers.oit.standing import PENDING, pending_cell
from sheets.records import OitItem
from sheets.schema import OIT
from sheets.workbook import Snapshot
from templates import label, render

FLOW = "oit_link"
COMMAND = "ส่งลิงก์"
PUBLISHED = "เผยแพร่แล้ว"
ITEM = re.compile(r"^[Oo]\s*(\d{1,3})(?:\s+(\S+))?$")
CANCEL = QuickReply(label("cancel"), text=label("cancel"))


def names_an_item(rest: str) -> bool:
    """``ส่งลิงก์ O10`` or ``ส่งลิงก์ o10 https://…``; a sentence after the word is not the command."""
    return bool(ITEM.match(normalize_input(rest).strip()))


def link_command(item: str) -> str:
    """What the ส่งลิงก์ button of an OIT item sends."""
    return f"{COMMAND} {item.upper()}"


def oit_year(context: Context, snapshot: Snapshot) -> int | None:
    """The year the OIT card shows: the current one, else the latest in the tab."""
    items = snapshot.rows(OIT.name, OitItem)
    if not items:
        return None
    year = current_year(context, snapshot)
    return year if any(i.fiscal_year == year for i in items) else max(i.fiscal_year for i in items)


def _find(context: Context, snapshot: Snapshot, number: str) -> tuple[OitItem | None, int | None]:
    year = oit_year(context, snapshot)
    wanted = f"o{int(number)}"
    item = next((i for i in snapshot.rows(OIT.name, OitItem) if i.fiscal_year == year
                 and _code(i.item) == wanted), None)
    return item, year


def _code(text: str) -> str:
    folded = compact(text)
    digits = folded[1:]
    return f"o{int(digits)}" if folded.startswith("o") and digits.isdecimal() else folded


def commands(checker: LinkCheck | None) -> tuple[Command, ...]:
    """The ส่งลิงก์ command with its link check (None: links cannot be checked, so none is taken)."""

    def start(context: Context, snapshot: Snapshot, rest: str) -> Outcome:
        match = ITEM.match(normalize_input(rest).strip())
        assert match is not None
        item, year = _find(context, snapshot, match.group(1))
        shown = f"O{int(match.group(1))}"
        if item is None or year is None:
            return Outcome([Text(render("oit_link.txt.j2", step="not_found", code=shown, year=year))])
        if not may_update(context, snapshot, item.owner):
            return Outcome([Text(render("oit_link.txt.j2", step="refused", code=shown, item=item))])
        data = {"key": item.item, "code": item.item.upper(), "title": item.title, "year": year,
                "seen": {"ลิงก์": item.link or "", "สถานะ": item.status or "", RESULT: item.link_check or "",
                         CHECKED: item.checked_at or "",
                         UPDATED: format_sheet_date(item.updated) if item.updated else ""}}
        url = _as_typed(context, match.group(2) or "")
        return _take(context, url, data, checker) if url else _ask(data)

    return (Command((COMMAND,), staff_guard(start), names_an_item),)


def _as_typed(context: Context, url: str) -> str:
    """The link as the person typed it (``rest`` is folded: NFKC, Thai digits)."""
    return next((word for word in context.raw_text.split() if normalize_input(word) == url), url) if url else ""


def _ask(data: Mapping[str, Any], problem: str = "", reason: str = "") -> Outcome:
    text = render("oit_link.txt.j2", step="ask", data=data, problem=problem, reason=reason)
    return Outcome([Text(text, (CANCEL,))], next_step="url", data=data, flow=FLOW)


def _take(context: Context, url: str, data: Mapping[str, Any], checker: LinkCheck | None) -> Outcome:
    if not is_web_link(url):
        return _ask(data, "not_link")
    if checker is None or context.row_changes is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    seen = data["seen"]
    if seen["ลิงก์"] == url and seen["สถานะ"] == PUBLISHED and not seen[RESULT].startswith(PENDING):
        return Outcome([Text(render("oit_link.txt.j2", step="same", data=data))])
    website = context.snapshot.settings.get("website", "") if context.snapshot else ""
    passed, verdict = checker.check(url, fiscal_year=int(data["year"]), website=website)
    if passed is None:
        return _save_pending(context, url, data, verdict)
    if not passed:
        return _ask(data, "unreachable", verdict)
    # The link check's own columns too, so the card and the public pages never show the old link's verdict.
    checked = {RESULT: verdict or OK, CHECKED: checked_text(context.now)}
    submit_update(context, OIT.name, ("ข้อ", data["key"]), seen, {"ลิงก์": url, "สถานะ": PUBLISHED, **checked},
                  "ส่งลิงก์ OIT", also=(("ปีงบประมาณ", str(data["year"])),))
    return Outcome([Text(render("oit_link.txt.j2", step="done", data=data, url=url),
                         (QuickReply(label("oit"), text=label("oit")),))])


def _save_pending(context: Context, url: str, data: Mapping[str, Any], why: str) -> Outcome:
    """The site did not answer: the link is kept as รอตรวจ (status unchanged) for the oit-links job to check and
    to tell the sender; nothing public changes until then."""
    assert context.snapshot is not None
    cells = {"ลิงก์": url, RESULT: pending_cell(my_name(context, context.snapshot), why, context.now),
             CHECKED: checked_text(context.now)}
    submit_update(context, OIT.name, ("ข้อ", data["key"]), data["seen"], cells, "ส่งลิงก์ OIT (รอตรวจ)",
                  also=(("ปีงบประมาณ", str(data["year"])),))
    return Outcome([Text(render("oit_link.txt.j2", step="pending", data=data, url=url, reason=why),
                         (QuickReply(label("oit"), text=label("oit")),))])


def flows(checker: LinkCheck | None) -> tuple[Flow, ...]:
    def url_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
        url = trim_particles(context.raw_text or text) if context.kind == "text" else ""
        return _take(context, url, data, checker)

    return (Flow(FLOW, {"url": url_step}, owner_guard(_owner, _refused)),)


def _owner(snapshot: Snapshot, data: Mapping[str, Any]) -> str | None:
    item = next((i for i in snapshot.rows(OIT.name, OitItem) if i.fiscal_year == data["year"]
                 and _code(i.item) == _code(data["key"])), None)
    return item.owner if item else None


def _refused(data: Mapping[str, Any], owner: str | None) -> Reply:
    return Text(render("oit_link.txt.j2", step="refused", code=data["code"], item={"owner": owner}))
