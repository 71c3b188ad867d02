"""Commands anyone may use: the menu and the public ITA result (ITA results are public)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.conversation.engine import Command, Context, Flow, Outcome
from handlers.conversation.menu import menu, menu_buttons_for
from handlers.conversation.replies import Flex, QuickReply, Reply, Text
from handlers.conversation.years import LATEST_WORD, asked_year, current_year, names_a_year, parse_year
from handlers.ita.rules import PASS_MARK, year_result, years_with_scores
from sheets import records as r
from templates import label, render, render_json

YEAR_FLOW = "ita_year"
MAX_YEAR_BUTTONS = 12  # LINE allows 13 quick replies; one is ยกเลิก


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
