"""Commands anyone may use: the menu and the public ITA result (ITA results are public)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from common.thaitext import fiscal_year_of, normalize_input
from handlers.conversation.engine import Command, Context, Flow, Outcome
from handlers.conversation.replies import Flex, QuickReply, Reply, Text
from handlers.ita.rules import PASS_MARK, year_result, years_with_scores
from sheets import records as r
from sheets.workbook import Snapshot
from templates import label, render, render_json

YEAR_FLOW = "ita_year"
MAX_YEAR_BUTTONS = 12  # LINE allows 13 quick replies; one is ยกเลิก
LATEST_WORD = "ล่าสุด"
YEAR_WORDS = (("ปีนี้", 0), ("ปีที่แล้ว", -1), ("ปีที่ผ่านมา", -1), ("ปีก่อน", -1), ("ปีหน้า", 1))
"""Year words, relative to the current fiscal year, for every command that takes a year."""


CITIZEN_BUTTONS = ("ita_score", "complain", "follow_case", "menu")
STAFF_BUTTONS = ("staff_score", "analysis", "measures", "oit", "ita_score", "complain", "menu")
OFFICER_BUTTONS = ("complaint_summary", *STAFF_BUTTONS)


def menu_buttons_for(context: Context) -> tuple[QuickReply, ...]:
    keys = {"citizen": CITIZEN_BUTTONS, "staff": STAFF_BUTTONS}.get(context.role, OFFICER_BUTTONS)
    return tuple(QuickReply(label(key), text=label(key)) for key in keys)


def staff_refusal(context: Context) -> list[Reply] | None:
    """Fails closed: no snapshot, or a person who is not approved staff, gets a refusal (None: go on)."""
    if context.snapshot is None:
        return [Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))]
    if context.role == "citizen":
        status = next((m.status for m in context.snapshot.staff if m.line_user_id == context.user_id), None)
        return [Text(render("staff_only.txt.j2", status=status), menu_buttons_for(context))]
    return None


def menu(context: Context) -> Reply:
    role_label = label(f"role_{context.role}") if context.role != "citizen" else ""
    return Text(render("menu.txt.j2", role_label=role_label, staff=context.role != "citizen",
                       officer=context.role in ("officer", "admin"), example_year=context.example_year),
                menu_buttons_for(context))


def web_form(context: Context) -> str:
    """Where to complain on the web: the admin's complaint_web_url, else the bot's own /complaint."""
    settings = context.snapshot.settings if context.snapshot else {}
    return settings.get("complaint_web_url", "").strip() or context.web_form_url


def parse_year(text: str, this_year: int | None = None) -> int | None:
    """A Buddhist-era year from '2565', '๒๕๖๕', '65', 'ปี 2565', a Christian-era '2022', or ปีที่แล้ว/ปีนี้/ปีหน้า."""
    offset = year_word_offset(text)
    if offset is not None:
        return None if this_year is None else this_year + offset
    digits = "".join(ch for ch in normalize_input(text) if ch.isdecimal())
    if not digits or len(digits) not in (2, 4):
        return None
    year = int(digits)
    if year < 100:
        return 2500 + year
    return year + 543 if 1900 <= year < 2400 else year


def year_word_offset(text: str) -> int | None:
    """-1 for ปีที่แล้ว/ปีก่อน, 0 for ปีนี้, 1 for ปีหน้า; None when the text has no year word."""
    compact = "".join(text.split())
    return next((offset for word, offset in YEAR_WORDS if word in compact), None)


def names_a_year(text: str) -> bool:
    return year_word_offset(text) is not None or any(ch.isdecimal() for ch in text)


def office_year(snapshot: Snapshot, today: date) -> int:
    """The fiscal year the office works in: ``current_fiscal_year`` in ตั้งค่า, else today's."""
    return parse_year(snapshot.settings.get("current_fiscal_year", "")) or fiscal_year_of(today)


def current_year(context: Context, snapshot: Snapshot) -> int:
    return office_year(snapshot, context.now.date())


def ita_score(context: Context, rest: str) -> Outcome:
    if context.snapshot is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    years = years_with_scores(context.snapshot.scores)
    if not years:
        return Outcome([Text(render("no_scores.txt.j2"), menu_buttons_for(context))])
    if names_a_year(rest):
        return _show_or_ask(context, rest, years)
    if len(years) == 1 or LATEST_WORD in rest:  # "คะแนน ITA ปีล่าสุด": the newest year
        return Outcome([_result_card(context, years[0])])
    return Outcome([Text(render("ask_year.txt.j2", years=years), _year_buttons(years))], next_step="year",
                   flow=YEAR_FLOW)


def _ask_year_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    if context.snapshot is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    return _show_or_ask(context, text, years_with_scores(context.snapshot.scores))


def _show_or_ask(context: Context, text: str, years: list[int]) -> Outcome:
    assert context.snapshot is not None
    year = parse_year(text, current_year(context, context.snapshot))
    if year in years:
        return Outcome([_result_card(context, year)])
    return Outcome([Text(render("bad_year.txt.j2", text=asked_year(text, year), years=years), _year_buttons(years))],
                   next_step="year", flow=YEAR_FLOW)


def asked_year(text: str, year: int | None) -> str:
    """What the user typed, with the year a year word stands for: ปีที่แล้ว (2569)."""
    return f"{text.strip()} ({year})" if year is not None and year_word_offset(text) is not None else text


def _year_buttons(years: list[int]) -> tuple[QuickReply, ...]:
    buttons = [QuickReply(label("latest_year" if n == 0 else "year").format(year=year),
                          text=f"{label('ita_score')} {year}")
               for n, year in enumerate(years[:MAX_YEAR_BUTTONS])]
    return (*buttons, QuickReply(label("cancel"), text=label("cancel")))


def _result_card(context: Context, year: int) -> Reply:
    assert context.snapshot is not None
    snapshot = context.snapshot
    result = year_result(year, snapshot.scores, snapshot.rows("เกณฑ์", r.Rule), snapshot.rows("ผลประเมิน", r.Result))
    if not result.complete:
        return Text(render("incomplete_year.txt.j2", result=result), menu_buttons_for(context))
    failed = [item for item in result.indicators if not item.passed]
    values = {"result": result, "org": context.org, "pass_mark": PASS_MARK, "failed": failed}
    return Flex(render("public_score.alt.j2", **values), render_json("public_score.json.j2", **values),
                menu_buttons_for(context))


COMMANDS = (
    Command(("เมนู", "menu", "help", "ช่วยเหลือ", "?", "เริ่ม", "start", "สวัสดี", "hello", "hi"),
            lambda context, rest: Outcome([menu(context)])),
    Command(("คะแนน ITA", "ผล ITA", "score"), ita_score),
)
FLOWS = (Flow(YEAR_FLOW, {"year": _ask_year_step}),)
