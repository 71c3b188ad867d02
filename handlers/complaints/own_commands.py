"""In LINE, by receipt: ``ดูเรื่อง``, ``เพิ่มข้อมูล`` and ``ถอนเรื่อง`` (typed with the receipt, or the buttons under
``ติดตาม``'s answer, which act on the case just looked up). Withdrawal asks for confirmation first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from common.thaitext import compact, normalize_input
from handlers.complaints import own_case
from handlers.complaints.desk import CaseView, clean_text
from handlers.complaints.lookup import RECEIPT_SHAPE, look_up
from handlers.complaints.status_words import citizen_status
from handlers.conversation.engine import Command, Context, Flow, Outcome
from handlers.conversation.menu import menu_buttons_for
from handlers.conversation.phrasing import affirms, pick
from handlers.conversation.replies import QuickReply, Text
from templates import label, render

FLOW = "own_case"
READ, MORE, WITHDRAW = "read", "more", "withdraw"
KEYWORDS = {READ: ("ดูเรื่อง",), MORE: ("เพิ่มข้อมูล", "เพิ่มรูป"), WITHDRAW: ("ถอนเรื่อง",)}
"""ขอถอนเรื่อง, ขอเพิ่มข้อมูล… work too: the polite reading drops ขอ/อยาก and ครับ/ค่ะ."""
SEND_WORDS = ("ส่งข้อมูลเพิ่มเติม", "ส่ง", "เสร็จ", "ส่งเลย")
CANCEL = QuickReply(label("cancel"), text=label("cancel"))


def case_buttons(view: CaseView) -> tuple[QuickReply, ...]:
    """The buttons under a looked-up case (their texts are not command words, so the step takes them)."""
    keys = ("own_read", "own_more", "own_withdraw") if own_case.is_open(view) and not view.queued else ("own_read",)
    return (*[QuickReply(label(key), text=label(f"{key}_text")) for key in keys],
            QuickReply(label("menu"), text=label("menu")))


def case_data(view: CaseView) -> dict[str, Any]:
    """What the session keeps of a looked-up case: its number and what the complainant saw (never the receipt)."""
    return {"case_no": view.case_no, "status": view.status, "status_cell": view.status_cell,
            "officer": view.officer, "closed": view.closed.isoformat() if view.closed else ""}


def _view(data: Mapping[str, Any]) -> CaseView:
    return CaseView(data["case_no"], data["status"], None, None, officer=data["officer"],
                    closed=date.fromisoformat(data["closed"]) if data.get("closed") else None,
                    status_cell=data["status_cell"])


def _command(action: str) -> Any:
    def run(context: Context, rest: str) -> Outcome:
        if RECEIPT_SHAPE.search(rest):
            return _by_receipt(context, rest, action)
        return Outcome([Text(render("complaint_ask_receipt.txt.j2"), (CANCEL,))], next_step="receipt",
                       data={"action": action}, flow=FLOW)
    return run


def _by_receipt(context: Context, receipt: str, action: str) -> Outcome:
    found = look_up(context, receipt)
    if not isinstance(found, CaseView):
        return found
    return _act(context, found, action)


def _act(context: Context, view: CaseView, action: str, shown: int = 1) -> Outcome:
    """``shown`` counts the times the filed text was shown in this session (a new answer each time)."""
    if action == READ:
        photos = len(context.complaints.photo_references(view.case_no)) if context.complaints else 0
        text = render("complaint_own_filed.txt.j2", view=view, lines=own_case.filed_lines(view), photos=photos,
                      open=own_case.is_open(view))
        return Outcome([Text(text, case_buttons(view))], next_step="choose", data={**case_data(view), "shown": shown},
                       flow=FLOW)
    if not own_case.is_open(view):
        return Outcome([Text(render("complaint_own_closed.txt.j2", case_no=view.case_no,
                                    status=citizen_status(view.status, view.forwarded_to),
                                    action=action, queued=False), menu_buttons_for(context))])
    if view.queued:
        return Outcome([Text(render("complaint_own_closed.txt.j2", case_no=view.case_no, status="", action=action,
                                    queued=True), menu_buttons_for(context))])
    if action == MORE:
        return _more(context, {**case_data(view), "texts": [], "attachments": []}, "ask")
    buttons = (QuickReply(label("own_confirm_withdraw"), text=label("own_confirm_withdraw")),
               QuickReply(label("own_keep"), text=label("own_keep")))
    return Outcome([Text(render("complaint_own_withdraw.txt.j2", step="ask", case_no=view.case_no), buttons)],
                   next_step="withdraw", data=case_data(view), flow=FLOW)


def read_filed(context: Context, case_no: str) -> Outcome:
    """What the complainant filed, for a case already proven by its receipt in this conversation."""
    desk = context.complaints
    view = desk.view_of(case_no, context.snapshot) if desk else CaseView(case_no, "รับเรื่อง", None, None)
    return _act(context, view, READ)


def _receipt_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    if not RECEIPT_SHAPE.search(text):
        return Outcome([Text(render("complaint_ask_receipt.txt.j2"), (CANCEL,))], next_step="receipt", data=data,
                       flow=FLOW)
    return _by_receipt(context, text, data["action"])


def _choose_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    """A button under a looked-up case (or its words typed)."""
    options = {label("own_read_text"): READ, label("own_more_text"): MORE, label("own_withdraw_text"): WITHDRAW}
    typed = normalize_input(context.raw_text or text)  # as typed: the polite reading drops ดู (ขอดู…)
    chosen = pick(typed, tuple(options)) or pick(text, tuple(options)) or next(
        (k for k, words in KEYWORDS.items() for w in words if compact(typed) == compact(w)), "")
    action = options.get(chosen, chosen)
    desk = context.complaints
    view: CaseView = desk.view_of(data["case_no"], context.snapshot) if desk else _view(data)  # as it is now
    if action not in KEYWORDS:
        ask = render("complaint_own_choose.txt.j2", case_no=data["case_no"])
        return Outcome([Text(ask, case_buttons(view))], next_step="choose", data=data, flow=FLOW)
    return _act(context, view, action, int(data.get("shown", 0)) + 1)


def _more(context: Context, data: Mapping[str, Any], step: str, note: str = "") -> Outcome:
    length = len("\n".join(data["texts"]))
    text = render("complaint_own_more.txt.j2", step=step, case_no=data["case_no"], limit=own_case.MAX_ADDED_PHOTOS,
                  length=length, count=len(data["attachments"]), note=note)
    send = QuickReply(label("own_send"), text=label("own_send"))
    return Outcome([Text(text, (send, CANCEL))], next_step="photos", data=data, flow=FLOW)


def _more_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    """Text and photos gathered until ส่ง (a step named ``photos``: the bot keeps photos sent here as drafts)."""
    if context.kind == "image":
        if len(data["attachments"]) >= own_case.MAX_ADDED_PHOTOS or not text:
            note = "รูปนี้ไม่ได้บันทึก" if text or len(data["attachments"]) else "รับรูปนี้ไม่สำเร็จ กรุณาส่งใหม่"
            return _more(context, data, "more", note)
        return _more(context, {**data, "attachments": [*data["attachments"], text]}, "more")
    if compact(text) in {compact(word) for word in SEND_WORDS}:
        if not any(data["texts"]) and not data["attachments"]:
            return _more(context, data, "empty")
        return _send_more(context, data)
    words = clean_text(context.raw_text or text, own_case.MAX_ADDITION)
    if not words:  # only invisible characters: nothing to keep (an empty addition would be refused when sent)
        return _more(context, data, "more")
    room = own_case.MAX_ADDITION - len("\n".join(data["texts"]))
    return _more(context, {**data, "texts": [*data["texts"], words[:max(room, 0)]]}, "more",
                 "ยาวเกิน ตัดส่วนท้ายออก" if len(words) > room else "")


def _send_more(context: Context, data: Mapping[str, Any]) -> Outcome:
    if context.row_changes is None or context.complaints is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    view, photos = _view(data), list(data["attachments"])
    if photos:
        context.complaints.add_photos(view.case_no, photos)
    context.row_changes.submit(own_case.addition(view, "\n".join(data["texts"]), len(photos), context.now,
                                                 context.event_key or context.now.isoformat()))
    text = render("complaint_own_more.txt.j2", step="done", case_no=view.case_no, count=len(photos))
    return Outcome([Text(text, menu_buttons_for(context))],
                   notices=own_case.tell_officers(context.snapshot, view, "more", len(photos), context.chat_url))


def _withdraw_step(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    choice = pick(text, (label("own_confirm_withdraw"), label("own_keep")))
    if choice != label("own_confirm_withdraw") and not affirms(context.raw_text or text):
        return Outcome([Text(render("complaint_own_withdraw.txt.j2", step="kept", case_no=data["case_no"]),
                             menu_buttons_for(context))])
    if context.row_changes is None:
        return Outcome([Text(render("system_error.txt.j2"))])
    desk = context.complaints
    view = desk.view_of(data["case_no"], context.snapshot) if desk else _view(data)  # as the sheet has it now
    if not own_case.is_open(view) or view.queued:
        return _act(context, view, WITHDRAW)  # closed meanwhile (or not in the sheet yet): says so
    context.row_changes.submit(own_case.withdrawal(view, context.now, context.snapshot))
    done = render("complaint_own_withdraw.txt.j2", step="done", case_no=view.case_no)
    return Outcome([Text(done, menu_buttons_for(context))],
                   notices=own_case.tell_officers(context.snapshot, view, "withdraw", chat_url=context.chat_url))


COMMANDS = tuple(Command(words, _command(action)) for action, words in KEYWORDS.items())
FLOWS = (Flow(FLOW, {"receipt": _receipt_step, "choose": _choose_step, "photos": _more_step,
                     "withdraw": _withdraw_step}, quiet_steps=frozenset({"receipt", "choose"})),)
"""Only an unsent addition or an unconfirmed withdrawal is worth saying "left" about."""
