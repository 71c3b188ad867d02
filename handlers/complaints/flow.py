"""The confidential complaint flow in LINE: a state table from category to receipt (DESIGN §5)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from common.incident_dates import parse_incident_date
from common.thaitext import DateParseError, format_thai_date
from handlers.complaints.answers import category_of, is_story, story_in_report
from handlers.complaints.desk import (
    CATEGORIES,
    MAX_DETAILS,
    Draft,
    Filed,
    clean_text,
    closed_case_retention,
    setting_days,
)
from handlers.complaints.officer_posts import case_post
from handlers.conversation.engine import Context, Flow, Notice, Outcome
from handlers.conversation.menu import menu_buttons_for, privacy_page, web_form
from handlers.conversation.phrasing import affirms, fit_label, pick, trim_particles
from handlers.conversation.replies import QuickReply, Reply, Text
from templates import label, render

FLOW = "complaint"
MAX_PHOTOS = 3
MAX_SHORT = 300
NEXT_WORDS = ("ถัดไป", "เสร็จ", "ต่อไป", "next")
EDITABLE = {"edit_category": "category", "edit_details": "details", "edit_accused": "accused",
            "edit_place": "place", "edit_when": "when"}


def _buttons(*keys: str) -> tuple[QuickReply, ...]:
    return tuple(QuickReply(label(key), text=label(key)) for key in (*keys, "cancel"))


SHORT_LABELS = {"ใช้ทรัพย์สินของราชการ": "ใช้ทรัพย์สินราชการ"}
"""A category too long for LINE's 20-character label gets a shorter one; the button still sends the full name."""


def _category_buttons(first: str = "") -> tuple[QuickReply, ...]:
    """The categories as buttons, ``first`` (the one the bot asks about) leading."""
    cancel = QuickReply(label("cancel"), text=label("cancel"))
    names = [first] * bool(first) + [name for name in CATEGORIES if name != first]
    return (*[QuickReply(SHORT_LABELS.get(name) or fit_label(name), text=name) for name in names], cancel)


PROMPTS: dict[str, tuple[str, tuple[QuickReply, ...]]] = {
    "details": ("complaint_ask_details.txt.j2", _buttons("next")),
    "accused": ("complaint_ask_accused.txt.j2", _buttons("unknown_person")),
    "place": ("complaint_ask_place.txt.j2", _buttons("skip")),
    "when": ("complaint_ask_when.txt.j2", _buttons("skip")),
    "opt_in": ("complaint_ask_opt_in.txt.j2", _buttons("opt_in", "opt_out")),
}


def start(context: Context, rest: str) -> Outcome:
    desk = context.complaints
    if desk is None:
        return Outcome([Text(render("no_snapshot.txt.j2"), menu_buttons_for(context))])
    refusal = desk.filing_refusal(context.sender, "LINE")
    if refusal:
        template = "complaint_limit.txt.j2" if refusal == "sender" else "complaint_busy.txt.j2"
        return Outcome([Text(render(template, daily=desk.daily_limit), menu_buttons_for(context))])
    settings = context.snapshot.settings if context.snapshot else {}
    story = story_in_report(context.raw_text) if context.kind == "text" else ""
    draft = asdict(Draft(details=[story] if story else []))
    notice = render("complaint_notice.txt.j2", org=context.org, web_url=web_form(context),
                    privacy_url=privacy_page(context),
                    retention_days=closed_case_retention(settings).days, kept=len(story),
                    suggestion="")
    return Outcome([Text(notice, _category_buttons())], next_step="category", data=draft, flow=FLOW)


def _ask(step: str, data: Mapping[str, Any], **values: Any) -> Outcome:
    if step == "photos":
        count = len(data["attachments"])
        return Outcome([Text(render("complaint_ask_photos.txt.j2", limit=MAX_PHOTOS, count=count,
                                    note=values.get("note", "")), _buttons("next", "skip"))],
                       next_step="photos", data=data, flow=FLOW)
    if step == "confirm":
        return Outcome([Text(render("complaint_summary.txt.j2", d=_draft(data)), _buttons("confirm", "edit"))],
                       next_step="confirm", data=data, flow=FLOW)
    if step == "category":
        suggestion = str(data.get("suggested", ""))
        text = render("complaint_ask_category.txt.j2", suggestion=suggestion, kept=values.get("kept", 0))
        return Outcome([Text(text, _category_buttons(suggestion))], next_step="category", data=data, flow=FLOW)
    if step == "details" and not data.get("editing"):
        values = {"kept": len("\n".join(data["details"])), **values}
    template, buttons = PROMPTS[step]
    return Outcome([Text(render(template, **{"error": "", **values}), buttons)], next_step=step, data=data,
                   flow=FLOW)


def _draft(data: Mapping[str, Any]) -> Draft:
    """The draft kept in the session, without the flow's own bookkeeping (editing, details_started)."""
    return Draft(**{key: value for key, value in data.items() if key in Draft.__dataclass_fields__})


def _then(data: dict[str, Any], step: str) -> Outcome:
    """After an edit go back to the summary; otherwise to ``step``."""
    return _ask("confirm", data) if data.get("editing") else _ask(step, data)


def _category(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    """A tapped or typed category; a near one is asked about, a story sent here is kept as details."""
    chosen = {key: value for key, value in data.items() if key != "suggested"}
    if data.get("suggested") and affirms(context.raw_text):
        return _then({**chosen, "category": data["suggested"]}, "details")
    choice = category_of(text)
    if choice is not None and choice.sure:
        return _then({**chosen, "category": choice.name}, "details")
    story = clean_text(context.raw_text, limit=MAX_DETAILS) if is_story(context.raw_text) else ""
    if choice is None and not story:
        return _ask("category", chosen)
    details = [*data["details"], story] if story else list(data["details"])
    return _ask("category", {**chosen, "details": details, "suggested": choice.name if choice else ""},
                kept=len(story))


def _details(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    details = [] if data.get("editing") and not data.get("details_started") else list(data["details"])
    if text.casefold() in NEXT_WORDS:
        if not details:
            return Outcome([Text(render("complaint_need_details.txt.j2"), _buttons("next"))], next_step="details",
                           data=data, flow=FLOW)
        return _then({**data, "details": details, "details_started": False}, "accused")
    piece = clean_text(context.raw_text, limit=len(context.raw_text))
    room = MAX_DETAILS - len("\n".join(details))
    too_long = len(piece) > room
    details.append(piece[:room])
    length = len("\n".join(details))
    return Outcome([Text(render("complaint_more_details.txt.j2", too_long=too_long, limit=MAX_DETAILS,
                                length=length), _buttons("next"))],
                   next_step="details", data={**data, "details": details, "details_started": True}, flow=FLOW)


def _accused(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    accused = clean_text(trim_particles(context.raw_text), MAX_SHORT) or label("unknown_person")
    return _then({**data, "accused": accused}, "place")


def _place(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    place = "" if text == label("skip") else clean_text(trim_particles(context.raw_text), MAX_SHORT)
    return _then({**data, "place": place}, "when")


def _when(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    if text == label("skip"):
        return _then({**data, "incident_date": ""}, "photos")
    try:
        found = parse_incident_date(text, context.now.date())
    except DateParseError as error:
        return _ask("when", data, error=f"{error.reason.split(' (')[0]} ลองพิมพ์ใหม่อีกครั้ง")
    if found.latest > context.now.date():
        return _ask("when", data, error="วันที่เกิดเหตุต้องไม่อยู่ในอนาคต")
    return _then({**data, "incident_date": found.text}, "photos")


def _photos(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    if context.kind == "image":
        if len(data["attachments"]) >= MAX_PHOTOS:  # checked first: the bot did not even keep this one
            return _ask("photos", data, note=f"ส่งรูปได้ไม่เกิน {MAX_PHOTOS} รูป รูปนี้ไม่ได้บันทึก")
        if not text:
            return _ask("photos", data, note="รับรูปนี้ไม่สำเร็จ กรุณาส่งใหม่อีกครั้ง")
        return _ask("photos", {**data, "attachments": [*data["attachments"], text]})
    if pick(text, (label("skip"), *NEXT_WORDS)):
        return _then(dict(data), "opt_in")
    return _ask("photos", data)


def _opt_in(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    choice = label("opt_in") if affirms(context.raw_text) else pick(text, (label("opt_in"), label("opt_out")))
    if choice is None:
        return _ask("opt_in", data)
    return _ask("confirm", {**data, "opt_in": choice == label("opt_in"), "editing": False})


def _confirm(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    text = pick(text, (label("confirm"), label("edit"))) or text
    if text == label("edit"):
        buttons = tuple(QuickReply(label(key), text=label(key)) for key in (*EDITABLE, "back_to_summary", "cancel"))
        return Outcome([Text(render("complaint_edit_which.txt.j2"), buttons)], next_step="edit", data=data,
                       flow=FLOW)
    if text != label("confirm") or context.complaints is None:
        return _ask("confirm", data)
    return _file(context, _draft(data))


def _edit(context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
    chosen = pick(text, [label(k) for k in EDITABLE])
    key = next((k for k in EDITABLE if label(k) == chosen), None)
    if key is None:
        return _ask("confirm", data)
    return _ask(EDITABLE[key], {**data, "editing": True, "details_started": False})


def _file(context: Context, draft: Draft) -> Outcome:
    assert context.complaints is not None
    settings = context.snapshot.settings if context.snapshot else {}
    sla = setting_days(settings, "complaint_sla_days", 15)
    filed: Filed | None = context.complaints.file(draft, "LINE", context.snapshot, sender=context.sender,
                                    user_id=context.user_id, sla_days=sla, key=context.event_key or None)
    if filed is None:
        return Outcome([Text(render("complaint_limit.txt.j2", daily=context.complaints.daily_limit),
                             menu_buttons_for(context))])
    due = format_thai_date(filed.due)
    reply: Reply = Text(render("complaint_filed.txt.j2", case_no=filed.case_no, receipt=filed.receipt, due=due,
                               executive=draft.about_executives), menu_buttons_for(context))
    notices: list[Notice] = []
    group = settings.get("officer_group_id", "")
    if group:
        text = render("complaint_officer_notice.txt.j2", case_no=filed.case_no, category=draft.category,
                      channel="LINE", due=due)
        notices.append((group, case_post(text, [filed.case_no], context.chat_url)))
    return Outcome([reply], notices=notices)


FLOWS = (Flow(FLOW, {"category": _category, "details": _details, "accused": _accused, "place": _place,
                     "when": _when, "photos": _photos, "opt_in": _opt_in, "confirm": _confirm, "edit": _edit}),)
