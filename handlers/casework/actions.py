"""Officer actions that ask for text first: ตอบผู้ร้อง, ปิดเรื่อง, เปิดเรื่องอีกครั้ง (ยกเลิก at every step).

Each ends in one keyed row change (state.row_changes) holding what the officer saw when they started,
so an admin's edit in between is never overwritten. Closing asks for the result (ผลการดำเนินการ, for the
office) and then what the complainant is told (ข้อความถึงผู้ร้อง, pushed with the close), and dates the close
today, every time. Reopening empties ปิดเรื่องเมื่อ, the result, the closing message and the rating: the
history tab keeps them (ค่าเดิม), the statistics and /status no longer count or show them; its history row
(การดำเนินการ เปิดเรื่องอีกครั้ง) starts a new round, so the next close is rated again (desk.close_round).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from common.thaitext import format_sheet_date, normalize_input
from handlers.casework.cases import (
    find_case,
    my_name,
    names_a_case,
    officer_refusal,
    officers_only,
    seen_change_id,
)
from handlers.complaints.desk import CLOSED, REOPENED
from handlers.conversation.engine import Command, Context, Flow, Outcome
from handlers.conversation.phrasing import pick
from handlers.conversation.replies import QuickReply, Reply, Text
from sheets.schema import COMPLAINTS
from sheets.workbook import Snapshot
from state.row_changes import CellChange, RowChange
from templates import label, render

FLOW = "case_action"
MAX_TEXT = 1000
CLOSINGS = ("ยุติเรื่อง", "ไม่รับพิจารณา")
COMMAND_LIKE = re.compile(r"^(เรื่องร้องเรียน.*|(รับเรื่อง|ตอบผู้ร้อง|ปิดเรื่อง|เปิดเรื่องอีกครั้ง|บันทึกภายใน|เปลี่ยนสถานะ"
                          r"|ส่งต่อหน่วยงาน|มอบหมาย|เรื่อง)\s*\d{4}-\d{1,6})$")
"""A case command typed in the middle of a step: not taken as the officer's text."""
CANCEL = QuickReply(label("cancel"), text=label("cancel"))
SAME_TEXT = "ใช้ข้อความเดียวกัน"
"""Closing's reply step: tell the complainant the result as typed."""
REPLY_BUTTONS = (QuickReply(SAME_TEXT, text=SAME_TEXT), CANCEL)


def _start(action: str) -> Callable[[Context, Snapshot, str], list[Reply] | Outcome]:
    def start(context: Context, snapshot: Snapshot, rest: str) -> list[Reply] | Outcome:
        case = find_case(snapshot, rest)
        if case is None:
            return [Text(render("case_not_found.txt.j2", text=rest.strip()))]
        if (case.status in CLOSED) != (action == REOPENED):
            template = "case_closed.txt.j2" if case.status in CLOSED else "case_not_closed.txt.j2"
            return [Text(render(template, case=case))]
        seen = {"status": case.status or "", "message": case.message_to_complainant or "",
                "outcome": case.outcome or "", "closed": format_sheet_date(case.closed) if case.closed else "",
                "rating": case.rating or ""}
        data = {"action": action, "case_no": case.case_no, "seen": seen}
        if action == "ปิดเรื่อง":
            buttons = (*[QuickReply(status, text=status) for status in CLOSINGS], CANCEL)
            return Outcome([Text(render("case_ask.txt.j2", action=action, case=case, step="how"), buttons)],
                           next_step="how", data=data, flow=FLOW)
        return Outcome([Text(render("case_ask.txt.j2", action=action, case=case, step="text"), (CANCEL,))],
                       next_step="text", data=data, flow=FLOW)

    return start


def _how_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    how = pick(text, CLOSINGS)
    if how is None:
        buttons = (*[QuickReply(status, text=status) for status in CLOSINGS], CANCEL)
        return Outcome([Text(render("case_bad_choice.txt.j2", choices=CLOSINGS), buttons)], next_step="how",
                       data=data, flow=FLOW)
    return Outcome([Text(render("case_ask.txt.j2", action=data["action"], how=how, step="text",
                                case={"case_no": data["case_no"]}), (CANCEL,))],
                   next_step="text", data={**data, "how": how}, flow=FLOW)


def _text_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    words = " ".join((context.raw_text or text).split())[:MAX_TEXT]
    if len(words) < 2 or COMMAND_LIKE.match(normalize_input(words)):
        command = len(words) >= 2
        return Outcome([Text(render("case_need_text.txt.j2", action=data["action"], command=command), (CANCEL,))],
                       next_step="text", data=data, flow=FLOW)
    if data["action"] == "ปิดเรื่อง":
        ask = render("case_ask.txt.j2", action="ปิดเรื่อง", step="reply", case=data, same=SAME_TEXT,
                     how=data.get("how", ""))
        return Outcome([Text(ask, REPLY_BUTTONS)], next_step="reply", data={**data, "outcome": words}, flow=FLOW)
    return _submit(context, data, words)


def _reply_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    """Closing's second text: what the complainant is told (or the result again, with one tap)."""
    if pick(text, (SAME_TEXT,)):
        return _submit(context, data, data["outcome"])
    words = " ".join((context.raw_text or text).split())[:MAX_TEXT]
    if len(words) < 2 or COMMAND_LIKE.match(normalize_input(words)):
        reply = render("case_need_text.txt.j2", action="ข้อความถึงผู้ร้อง", command=len(words) >= 2)
        return Outcome([Text(reply, REPLY_BUTTONS)], next_step="reply", data=data, flow=FLOW)
    return _submit(context, data, words)


def _submit(context: Context, data: Mapping[str, Any], words: str) -> Outcome:
    if context.row_changes is None or context.snapshot is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    name = my_name(context, context.snapshot)
    action = data["action"]
    cells = _cells(action, data, words, format_sheet_date(context.now.date()))
    note = data.get("outcome", words)
    change = RowChange(COMPLAINTS.name, "เลขที่เรื่อง", data["case_no"], cells,
                       seen_change_id(context, data["case_no"], action, *(f"{c.old}>{c.new}" for c in cells)),
                       action=action, by=name, note=note, at=format_sheet_date(context.now), notify=context.user_id)
    context.row_changes.submit(change)
    return Outcome([Text(render("case_done.txt.j2", action=action, case_no=data["case_no"], cells=cells))])


def _cells(action: str, data: Mapping[str, Any], words: str, today: str) -> tuple[CellChange, ...]:
    seen = data["seen"]
    if action == "ตอบผู้ร้อง":
        return (CellChange("ข้อความถึงผู้ร้อง", seen["message"], words),)
    if action == "ปิดเรื่อง":
        return (CellChange("สถานะ", seen["status"], data["how"]),
                CellChange("ผลการดำเนินการ", seen["outcome"], data["outcome"]),
                CellChange("ข้อความถึงผู้ร้อง", seen["message"], words),
                CellChange("ปิดเรื่องเมื่อ", seen.get("closed", ""), today))
    cleared = (("ปิดเรื่องเมื่อ", "closed"), ("ผลการดำเนินการ", "outcome"), ("ข้อความถึงผู้ร้อง", "message"),
               ("ความพึงพอใจ", "rating"))
    return (CellChange("สถานะ", seen["status"], "กำลังตรวจสอบ"),
            *(CellChange(header, seen[key], "") for header, key in cleared if seen.get(key)))


COMMANDS = tuple(Command((action,), officers_only(_start(action)), names_a_case)
                 for action in ("ตอบผู้ร้อง", "ปิดเรื่อง", REOPENED))
FLOWS = (Flow(FLOW, {"how": _how_step, "text": _text_step, "reply": _reply_step}, officer_refusal,
              keeps_text=frozenset({"text", "reply"})),)
"""A ตอบผู้ร้อง (or closing) text that arrives after the timeout is kept and offered back (conversation.kept)."""
