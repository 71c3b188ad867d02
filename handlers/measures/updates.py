"""อัปเดต <รหัส>: the owning unit's staff (or an admin) set a measure's progress, status, follow-up and evidence.

Each choice is one keyed row change holding what the person saw, with อัปเดตล่าสุด set to today (Bangkok);
the same choices come back after every change until ยกเลิก. An admin's edit in between is never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from common.thaitext import compact, format_sheet_date, normalize_input
from handlers.conversation.engine import Command, Context, Flow, Outcome
from handlers.conversation.phrasing import affirms, pick, trim_particles
from handlers.conversation.replies import QuickReply, Reply, Text
from handlers.measures.evidence import photo_line, with_photo
from handlers.measures.evidence_links import photo_card
from handlers.measures.units import (
    UPDATED,
    is_web_link,
    may_update,
    names_a_code,
    owner_guard,
    staff_guard,
    submit_update,
)
from sheets.records import Measure
from sheets.schema import MEASURE_STATUSES, MEASURES
from sheets.workbook import Snapshot
from templates import label, render

FLOW = "measure_update"
COMMAND = "อัปเดต"
FIELDS = {"ความคืบหน้า": "ความคืบหน้า (%)", "สถานะ": "สถานะ", "การติดตามผล": "การติดตามผล", "หลักฐาน": "หลักฐาน"}
"""Quick-reply label → the มาตรการ column it sets."""
PERCENTS = ("0", "25", "50", "75", "100")
DONE = "เสร็จสิ้น"
CONFIRM = "ยืนยัน"
MAX_NOTE = 1000
NUMBER = re.compile(r"^\d+(\.\d+)?$")
OWN_COMMAND = re.compile(r"^(อัปเดต|ส่งลิงก์)\s*[A-Za-z0-9]")
CANCEL = QuickReply(label("cancel"), text=label("cancel"))
STATUS_WORDS = {status: status for status in MEASURE_STATUSES} | {"ยกเลิกมาตรการ": "ยกเลิก"}
"""The ยกเลิก status is sent as ยกเลิกมาตรการ: ยกเลิก alone leaves the step, as everywhere."""


def find_measure(snapshot: Snapshot, text: str) -> Measure | None:
    wanted = compact(text)
    return next((m for m in reversed(snapshot.measures) if compact(m.code) == wanted), None)


def percent_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def update_command(code: str) -> str:
    """What the อัปเดต button of a measure sends."""
    return f"{COMMAND} {code}"


def _seen(measure: Measure) -> dict[str, str]:
    return {"สถานะ": measure.status or "", "ความคืบหน้า (%)": percent_text(measure.progress),
            "การติดตามผล": measure.follow_up or "", "หลักฐาน": measure.evidence or "",
            UPDATED: format_sheet_date(measure.updated) if measure.updated else ""}


def _start(context: Context, snapshot: Snapshot, rest: str) -> Outcome:
    measure = find_measure(snapshot, rest)
    if measure is None:
        return Outcome([Text(render("measure_not_found.txt.j2", text=normalize_input(rest).strip()))])
    if not may_update(context, snapshot, measure.owner):
        return Outcome([Text(render("measure_update_refused.txt.j2", code=measure.code, owner=measure.owner))])
    data = {"code": measure.code, "title": measure.title, "seen": _seen(measure)}
    return _menu(data, photo_card(context.evidence, measure.code, measure.evidence))


def _menu(data: Mapping[str, Any], replies: list[Reply], *, note: str = "",
          saved: Mapping[str, str] | None = None) -> Outcome:
    seen = data["seen"]
    done_first = seen["ความคืบหน้า (%)"] == "100" and seen["สถานะ"] != DONE
    choices = ((DONE,) if done_first else ()) + tuple(FIELDS)
    buttons = (*[QuickReply(choice, text=choice) for choice in choices], CANCEL)
    text = render("measure_update.txt.j2", data=data, seen=seen, note=note, saved=saved or {},
                  offer_done=done_first)
    return Outcome([*replies, Text(text, buttons)], next_step="menu", data=data, flow=FLOW)


def _ask(data: Mapping[str, Any], step: str, *, problem: str = "") -> Outcome:
    statuses = tuple(word for word in STATUS_WORDS if word != "ยกเลิก")
    options = {"progress": PERCENTS, "status": statuses, "confirm": (CONFIRM,)}.get(step, ())
    buttons = (*[QuickReply(option, text=option) for option in options], CANCEL)
    text = render("measure_update_ask.txt.j2", step=step, data=data, seen=data["seen"], problem=problem)
    return Outcome([Text(text, buttons)], next_step=step, data=data, flow=FLOW)


def _menu_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    choice = pick(text, (*FIELDS, DONE))
    if choice == DONE:
        return _status_step(context, DONE, data)
    step = {"ความคืบหน้า": "progress", "สถานะ": "status", "การติดตามผล": "follow_up", "หลักฐาน": "evidence"}
    if choice not in step:
        return _menu(data, [], note="choose")
    return _ask(data, step[choice])


def _write(context: Context, data: Mapping[str, Any], new: Mapping[str, str], action: str) -> Outcome:
    seen = data["seen"]
    if all(seen.get(header, "") == value for header, value in new.items()):
        return _menu(data, [], note="same")
    if context.row_changes is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    rounds = int(data.get("rounds", 0))
    now_seen = submit_update(context, MEASURES.name, ("รหัส", data["code"]), seen, new, action, round_no=rounds)
    return _menu({**data, "seen": now_seen, "rounds": rounds + 1}, [], note="saved", saved=new)


def _progress_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    typed = normalize_input(text).replace(" ", "").rstrip("%")
    if not NUMBER.match(typed):
        return _ask(data, "progress", problem="not_number")
    value = float(typed)
    if value > 100:
        return _ask(data, "progress", problem="over")
    return _write(context, data, {"ความคืบหน้า (%)": percent_text(value)}, "อัปเดตความคืบหน้า")


def _status_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    status = STATUS_WORDS.get(pick(text, tuple(STATUS_WORDS)) or "")
    if status is None:
        return _ask(data, "status", problem="choose")
    progress = data["seen"]["ความคืบหน้า (%)"]
    if status == DONE and (not progress or float(progress) < 100):
        return _ask(data, "confirm")
    return _write(context, data, {"สถานะ": status}, "อัปเดตสถานะ")


def _confirm_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    if text.strip() != CONFIRM and not affirms(context.raw_text):
        return _menu(data, [], note="not_done")
    return _write(context, data, {"สถานะ": DONE}, "อัปเดตสถานะ")


def _follow_up_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    words = " ".join((context.raw_text or text).split())[:MAX_NOTE]
    if context.kind != "text" or len(words) < 2 or OWN_COMMAND.match(normalize_input(words)):
        return _ask(data, "follow_up", problem="need_text")
    return _write(context, data, {"การติดตามผล": words}, "อัปเดตการติดตามผล")


def _evidence_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    if context.kind == "image":
        return _photo(context, text, data)
    if text.strip() in FIELDS or (text.strip() == DONE and data.get("photos")):
        return _menu_step(context, text, data)
    link = trim_particles(context.raw_text or text)
    if context.kind != "text" or not is_web_link(link):
        return _ask(data, "evidence", problem="not_link")
    old = data["seen"]["หลักฐาน"]
    if link in old.split():
        return _menu(data, [], note="same")
    return _write(context, data, {"หลักฐาน": f"{old}\n{link}" if old else link}, "อัปเดตหลักฐาน")


COMMANDS = (Command((COMMAND,), staff_guard(_start), names_a_code),)
def _owner(snapshot: Snapshot, data: Mapping[str, Any]) -> str | None:
    measure = find_measure(snapshot, data["code"])
    return measure.owner if measure else None


def _refused(data: Mapping[str, Any], owner: str | None) -> Reply:
    return Text(render("measure_update_refused.txt.j2", code=data["code"], owner=owner))


FLOWS = (Flow(FLOW, {"menu": _menu_step, "progress": _progress_step, "status": _status_step,
                     "confirm": _confirm_step, "follow_up": _follow_up_step, "evidence": _evidence_step},
              owner_guard(_owner, _refused)),)


def _photo(context: Context, reference: str, data: Mapping[str, Any]) -> Outcome:
    """A photo kept by the bot (re-encoded, no metadata): the cell's photo line says how many and which."""
    if not reference:
        return _ask(data, "evidence", problem="bad_photo")
    old = data["seen"]["หลักฐาน"]
    cell = with_photo(old, reference)
    if context.row_changes is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    now_seen = submit_update(context, MEASURES.name, ("รหัส", data["code"]), data["seen"], {"หลักฐาน": cell},
                             "อัปเดตหลักฐาน")
    after = {**data, "seen": now_seen, "photos": True}
    shown = _menu(after, photo_card(context.evidence, data["code"], cell), note="photo",
                  saved={"หลักฐาน": photo_line(cell)})
    return Outcome(shown.replies, next_step="evidence", data=after, flow=FLOW)

