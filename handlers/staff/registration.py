"""ลงทะเบียน <code>: a staff member asks for access; the admins get อนุมัติ / ระงับ buttons (handlers.staff.approvals)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from common.thaitext import compact, format_sheet_date, normalize_input
from handlers.conversation.engine import Command, Context, Flow, Notice, Outcome
from handlers.conversation.menu import menu_buttons_for
from handlers.conversation.phrasing import affirms, closest, fit_label, trim_particles
from handlers.conversation.replies import QuickReply, Text
from handlers.ita.units import listed_units
from handlers.staff.approvals import decision_buttons
from sheets.schema import STAFF
from templates import label, render

FLOW = "register"
MAX_NAME = 100
HONORIFICS = ("คุณ", "นาย", "นาง", "น.ส.", "ด.ต.", "ดร.", "ว่าที่", "พ.", "ร.", "จ.", "ส.", "Mr", "Ms", "Mrs", "Dr")
"""A name that starts with one of these is not prefixed with คุณ (นางสาว starts with นาง)."""


def addressed(name: str) -> str:
    """How the bot calls someone: คุณ + name, unless the name already carries a title (คุณนางสาว… reads wrong)."""
    return name if name.startswith(HONORIFICS) else f"คุณ{name}"


def register(context: Context, rest: str) -> Outcome:
    snapshot = context.snapshot
    if snapshot is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    own = next((m for m in snapshot.staff if m.line_user_id == context.user_id), None)
    if own is not None:
        return Outcome([Text(render("register_known.txt.j2", status=own.status), menu_buttons_for(context))])
    expected = normalize_input(snapshot.settings.get("registration_code", "")).replace(" ", "")
    if not expected or normalize_input(rest).replace(" ", "") != expected:
        return Outcome([Text(render("register_bad_code.txt.j2", given=bool(rest)), menu_buttons_for(context))])
    return Outcome([Text(render("register_ask_name.txt.j2"), (QuickReply(label("cancel"), text=label("cancel")),))],
                   next_step="name", flow=FLOW)


def _name_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    name = " ".join(trim_particles(context.raw_text or text).split())[:MAX_NAME]
    if len(name) < 2:
        return Outcome([Text(render("register_ask_name.txt.j2"))], next_step="name", flow=FLOW)
    return Outcome([Text(render("register_ask_unit.txt.j2", name=addressed(name)), _unit_buttons(context))],
                   next_step="unit", data={"name": name}, flow=FLOW)


def _unit_buttons(context: Context, first: str = "") -> tuple[QuickReply, ...]:
    """The office's units as buttons (``first`` leading), then ยกเลิก; LINE shows 13 at most."""
    units = [first] * bool(first) + [unit for unit in _units(context) if unit != first]
    return (*[QuickReply(fit_label(unit), text=unit) for unit in units[:12]],
            QuickReply(label("cancel"), text=label("cancel")))


def _unit_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    """A unit from the office's list (typed loosely or tapped); one not on it is kept when typed twice."""
    if context.writer is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    typed = " ".join(text.split())[:MAX_NAME]
    units = _units(context)
    if data.get("suggested") and affirms(context.raw_text):
        return _register(context, data, data["suggested"], listed=True)
    choice = closest(typed, units)
    if choice is not None and choice.sure:
        return _register(context, data, choice.name, listed=True)
    if typed and (not units or compact(typed) == compact(data.get("typed_unit", ""))):
        return _register(context, data, typed, listed=not units)
    suggestion = choice.name if choice else ""
    reply = render("register_unit_check.txt.j2", typed=typed, suggestion=suggestion)
    return Outcome([Text(reply, _unit_buttons(context, suggestion))], next_step="unit",
                   data={**data, "typed_unit": typed, "suggested": suggestion}, flow=FLOW)


def _register(context: Context, data: Mapping[str, Any], unit: str, *, listed: bool) -> Outcome:
    assert context.writer is not None
    row = {"ชื่อ": data["name"], "หน่วยงาน": unit, "บทบาท": "staff", "LINE userId": context.user_id,
           "สถานะ": "รออนุมัติ", "ลงทะเบียนเมื่อ": format_sheet_date(context.now)}
    context.writer.submit(STAFF, row)
    notice = Text(render("register_notice.txt.j2", name=data["name"], unit=unit, listed=listed),
                  decision_buttons(context.user_id, data["name"]))
    admins: list[Notice] = [(m.line_user_id, notice) for m in (context.snapshot.staff if context.snapshot else ())
                            if m.role == "admin" and m.status == "อนุมัติ" and m.line_user_id]
    return Outcome([Text(render("register_done.txt.j2", name=data["name"], unit=unit), menu_buttons_for(context))],
                   notices=admins)


def _units(context: Context) -> list[str]:
    """The office's list of units (``units`` in ตั้งค่า) when it has one; else those its rows name."""
    if context.snapshot is None:
        return []
    if listed := listed_units(context.snapshot):
        return listed
    names = {m.unit for m in context.snapshot.staff if m.unit} | {m.owner for m in context.snapshot.measures
                                                                   if m.owner}
    return sorted(names)


COMMANDS = (Command(("ลงทะเบียน", "register"), register),)
FLOWS = (Flow(FLOW, {"name": _name_step, "unit": _unit_step}),)
