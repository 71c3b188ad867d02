"""Staff commands: score card, analysis, pending measures, OIT checklist. Approved staff only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from common.thaitext import format_thai_date
from handlers.conversation.engine import Command, Context
from handlers.conversation.menu import menu_buttons_for, staff_only
from handlers.conversation.phrasing import fit_label
from handlers.conversation.replies import Flex, QuickReply, Reply, Text
from handlers.conversation.years import asked_year, current_year, names_a_year, parse_year
from handlers.ita import analysis as a
from handlers.ita.rules import YearResult, year_result, years_with_scores
from handlers.measures.staleness import CLOSED, STALE_DAYS, stale_by_unit
from handlers.measures.units import same_unit
from handlers.oit.standing import NOT_PUBLISHED, PUBLISHED, standing
from handlers.staff.scope import (
    find_unit,
    for_my_unit,
    office_units,
    overdue_command,
    owns_measures,
    owns_oit_items,
    read_scope,
)
from sheets import records as r
from sheets.workbook import Snapshot
from templates import label, render, render_json

MAX_CARDS = 10
MAX_OIT_ITEMS = 15
"""OIT items one card lists, earliest deadline first (45 would be 37 KB, past LINE's 30 KB a bubble)."""
OVERDUE_WORDS = ("ค้างส่ง", "เกินกำหนด", "overdue")


def _result(snapshot: Snapshot, year: int) -> YearResult:
    return year_result(year, snapshot.scores, snapshot.rows("เกณฑ์", r.Rule), snapshot.rows("ผลประเมิน", r.Result))


def _complete_result(context: Context, snapshot: Snapshot, rest: str) -> YearResult | Reply:
    """The asked year's result (the latest by default), or the reply that explains why there is none."""
    years = years_with_scores(snapshot.scores)
    if not years:
        return Text(render("no_scores.txt.j2"), menu_buttons_for(context))
    year = parse_year(rest, current_year(context, snapshot)) if rest else years[0]
    if year not in years:
        return Text(render("year_not_found.txt.j2", text=asked_year(rest, year), years=years),
                    menu_buttons_for(context))
    result = _result(snapshot, year)
    if not result.complete:
        return Text(render("incomplete_year.txt.j2", result=result), menu_buttons_for(context))
    return result


def score_card(context: Context, snapshot: Snapshot, rest: str) -> list[Reply]:
    result = _complete_result(context, snapshot, rest)
    if not isinstance(result, YearResult):
        return [result]
    year = result.fiscal_year
    previous = _result(snapshot, year - 1) if year - 1 in years_with_scores(snapshot.scores) else None
    rows = [{"item": c.indicator, "arrow": _arrow(c.delta), "delta": c.delta or 0.0}
            for c in a.changes(result, previous)]
    change_text, change_delta = "", 0.0
    if previous and previous.overall is not None and result.overall is not None:
        change_delta = round(result.overall - previous.overall, 2)
        change_text = f"{_arrow(change_delta)} จากปี {year - 1}"
    values = {"result": result, "org": context.org, "rows": rows, "change_text": change_text,
              "change_delta": change_delta,
              "passed": sum(i.passed for i in result.indicators), "weakest": min(result.indicators,
                                                                                key=lambda i: i.score)}
    return [Flex(render("staff_score.alt.j2", **values), render_json("staff_score.json.j2", **values),
                 menu_buttons_for(context))]


def _arrow(delta: float | None) -> str:
    if delta is None:
        return ""
    return f"▲{delta:.2f}" if delta > 0 else f"▼{-delta:.2f}" if delta < 0 else "="


def analysis_card(context: Context, snapshot: Snapshot, rest: str) -> list[Reply]:
    result = _complete_result(context, snapshot, rest)
    if not isinstance(result, YearResult):
        return [result]
    year = result.fiscal_year
    values = {"result": result, "org": context.org, "weak": a.weaknesses(result), "strong": a.strengths(result),
              "next_level": a.next_level(result), "weak_tools": a.weak_tools(result),
              "questions": a.weak_questions(snapshot.rows("ข้อคำถาม", r.Question), year),
              "problems": len(snapshot.problems)}
    return [Flex(render("analysis.alt.j2", **values), render_json("analysis.json.j2", **values),
                 menu_buttons_for(context))]


@dataclass(frozen=True)
class MeasureView:
    record: r.Measure
    overdue_days: int
    end_text: str
    progress: float


def measures(context: Context, snapshot: Snapshot, rest: str) -> list[Reply]:
    year = current_year(context, snapshot)
    today = context.now.date()
    pending = [m for m in snapshot.measures if m.fiscal_year == year and m.status not in CLOSED]
    scope, chosen = _filter_measures(pending, rest, today, office_units(snapshot))
    units = sorted({m.owner for m in pending if m.owner})
    every_unit = [QuickReply(label("all_units"), text=f"{label('measures')} {label('all_units')}")] * bool(scope)
    buttons = (*every_unit, *[QuickReply(fit_label(unit), text=f"{label('measures')} {unit}") for unit in units[:11]],
               QuickReply(label("overdue_only"), text=overdue_command(scope)))
    if not chosen:
        return [Text(render("measures_none.txt.j2", scope=scope, year=year, units=units), buttons)]
    views = sorted((_view(m, today) for m in chosen), key=lambda v: (-v.overdue_days, v.record.end or date.max))
    shown = views[:MAX_CARDS]
    summary = render("measures.txt.j2", scope=scope, year=year, total=len(views), shown=len(shown),
                     overdue=sum(1 for v in views if v.overdue_days), stale=stale_by_unit(chosen, today),
                     stale_days=STALE_DAYS)
    return [Text(summary), Flex(summary, render_json("measures.json.j2", measures=shown), buttons)]


def _filter_measures(pending: list[r.Measure], rest: str, today: date,
                     units: tuple[str, ...]) -> tuple[str, list[r.Measure]]:
    text = " ".join(rest.split())
    if not text:
        return "", pending
    if text.casefold() in OVERDUE_WORDS:
        return text, [m for m in pending if m.end and m.end < today]
    number = parse_indicator(text)
    if number is not None:
        return f"ตัวชี้วัดที่ {number}", [m for m in pending if m.indicator_no == number]
    scope = read_scope(text, units)
    if scope is not None and (scope.unit or scope.overdue or scope.all_units):
        chosen = [m for m in pending if same_unit(m.owner, scope.unit)] if scope.unit else pending
        if scope.overdue:
            chosen = [m for m in chosen if m.end and m.end < today]
        return " ".join(filter(None, (scope.unit, label("overdue_only") * scope.overdue))), chosen
    wanted = text.replace(" ", "").casefold()
    return text, [m for m in pending if m.owner and wanted in m.owner.replace(" ", "").casefold()]


def parse_indicator(text: str) -> int | None:
    digits = "".join(ch for ch in text if ch.isdecimal())
    cleaned = text.replace("ตัวชี้วัดที่", "").replace("ตัวชี้วัด", "").strip()
    if digits and cleaned == digits and 1 <= int(digits) <= 10:
        return int(digits)
    return None


def _view(measure: r.Measure, today: date) -> MeasureView:
    overdue = (today - measure.end).days if measure.end and measure.end < today else 0
    end_text = format_thai_date(measure.end) if measure.end else "ไม่ระบุ"
    return MeasureView(measure, overdue, end_text, max(0.0, min(100.0, measure.progress or 0.0)))


@dataclass(frozen=True)
class OitView:
    record: r.OitItem
    due_text: str
    late: bool
    status: str = ""
    """What the card says: the sheet's status, or ต้องแก้ไข and the verdict when the link check found it broken."""


def _oit_status(item: r.OitItem) -> str:
    """ต้องแก้ไข or รอตรวจ with why (handlers.oit.standing), else the sheet's status."""
    shown = standing(item)
    return (item.status or "ไม่ระบุสถานะ") if shown.state == NOT_PUBLISHED else shown.text


def _oit_year(context: Context, snapshot: Snapshot, items: tuple[r.OitItem, ...], rest: str) -> int | Reply:
    """The year asked (the office's current one, else the latest with items), or why it has no items."""
    year = current_year(context, snapshot)
    if names_a_year(rest):
        asked = parse_year(rest, year)
        years = sorted({i.fiscal_year for i in items}, reverse=True)
        if asked not in years:
            return Text(render("oit_year_not_found.txt.j2", text=asked_year(rest, asked), years=years),
                        menu_buttons_for(context))
        return asked
    return year if any(i.fiscal_year == year for i in items) else max(i.fiscal_year for i in items)


def oit_card(context: Context, snapshot: Snapshot, rest: str) -> list[Reply]:
    items = snapshot.rows("OIT", r.OitItem)
    if not items:
        return [Text(render("oit_none.txt.j2"), menu_buttons_for(context))]
    found = find_unit(rest, office_units(snapshot)) if read_scope(rest, office_units(snapshot)) else None
    unit, rest = (found[0], found[1].strip()) if found else ("", rest)
    year = _oit_year(context, snapshot, items, rest)
    if not isinstance(year, int):
        return [year]
    this_year = [i for i in items if i.fiscal_year == year]
    buttons = menu_buttons_for(context)
    if unit:
        this_year = [i for i in this_year if same_unit(i.owner, unit)]
        buttons = (QuickReply(label("all_units"), text=f"{label('oit')} {label('all_units')}"), *buttons)
        if not this_year:
            return [Text(render("oit_unit_none.txt.j2", unit=unit, year=year), buttons)]
    today = context.now.date()
    todo = sorted((i for i in this_year if standing(i).state != PUBLISHED), key=lambda i: i.due or date.max)
    views = [OitView(i, f"กำหนด {format_thai_date(i.due)}" if i.due else "ไม่ระบุกำหนดส่ง",
                     bool(i.due and i.due < today), _oit_status(i)) for i in todo]
    values = {"year": year, "published": len(this_year) - len(todo), "total": len(this_year),
              "items": views[:MAX_OIT_ITEMS], "hidden": max(0, len(views) - MAX_OIT_ITEMS),
              "late": sum(v.late for v in views), "unit": unit}
    return [Flex(render("oit.alt.j2", **values), render_json("oit.json.j2", **values), buttons)]


COMMANDS = (
    Command(("คะแนน", "scores"), staff_only(score_card)),
    Command(("วิเคราะห์", "analysis", "analyse", "analyze"), staff_only(analysis_card)),
    Command(("มาตรการ", "measures"), for_my_unit(staff_only(measures), owns_measures)),
    Command(("OIT",), for_my_unit(staff_only(oit_card), owns_oit_items)),
)
