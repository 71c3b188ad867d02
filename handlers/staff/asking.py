"""Questions are questions: a message that asks reaches the answer it asks for, before a command that merely
shares its first word.

In order: staff questions in words reach the command with its filter (เรื่องที่เกินกำหนดมีอะไรบ้าง → the
overdue cases; มาตรการของกองคลังมีอะไรบ้าง → กองคลัง's measures; คะแนนปีที่แล้วเท่าไหร่ → the score card of
that year, the public one for citizens); a question about how or where to complain gets the answer, with a
button to start; any other question gets the FAQ. A question is only routed to a command when each of its
words is the command's, a filter, or a word that only asks: "คะแนนผ่านเกณฑ์เท่าไหร่" is the FAQ's.
"""

from __future__ import annotations

from handlers.casework import cases as casework
from handlers.conversation.engine import Context, Outcome
from handlers.conversation.menu import menu_buttons_for, staff_only, web_form
from handlers.conversation.phrasing import ends_as_question, is_question
from handlers.conversation.replies import Text
from handlers.conversation.years import LATEST_WORD, names_a_year
from handlers.public import score as public
from handlers.staff import cards, faq
from handlers.staff.faq_match import read
from handlers.staff.scope import Scope, for_my_unit, office_units, owns_measures, owns_oit_items, read_scope
from sheets import records as r
from templates import render

SCORE_WORDS = frozenset({"ita", "ไอทีเอ", "ปี", "ล่าสุด", "ได้", "ผล", "การประเมิน", "ประเมิน", "เรา", "ปีงบ",
                         "ปีงบประมาณ", "เท่า", "รวม", "คะแนนรวม"})
CASE_WORDS = ("เรื่องร้องเรียน", "ร้องเรียน", "เรื่อง", "เคส")
MEASURES = for_my_unit(staff_only(cards.measures), owns_measures)
OIT = for_my_unit(staff_only(cards.oit_card), owns_oit_items)
STAFF_SCORE = staff_only(cards.score_card)
CASES = casework.officers_only(casework.case_list)
DEFINITION = "นิยาม"
COMPLAINING = "ร้องเรียน"
HOW_TO_COMPLAIN = frozenset({"ร้องเรียน", "ทุจริต", "ช่องทาง"})
"""A question whose words are only these ("ร้องเรียนได้ไหม", "แจ้งทุจริตได้ที่ไหน") asks how to complain."""
HOW_KINDS = frozenset({"อย่างไร", "ไหน", "ไหม"})
CHANNELS_QUESTION = "ช่องทางร้องเรียนการทุจริตได้ที่ไหน อย่างไร"
"""What the office's FAQ entry about complaint channels is found by."""


def answer_question(context: Context, text: str, strict: bool) -> Outcome | None:
    """The answer ``text`` asks for, or None to let the command it starts with (or the menu) answer it."""
    asks = is_question(text) or ends_as_question(text)
    if asks or not strict:
        routed = _worded_command(context, text)
        if routed is not None:
            return routed
    if asks and _asks_how_to_complain(text):
        return _how_to_complain(context)
    answered = faq.answer_question(context, text, strict)
    if answered is None and asks and strict and COMPLAINING in read(text).concepts:
        return faq.answer(context, text) or _how_to_complain(context)  # never a complaint started by a question
    return answered


def _worded_command(context: Context, text: str) -> Outcome | None:
    """A staff question in words answered by its command with the filter it names."""
    typed = text.casefold()
    if DEFINITION in read(text).concepts:  # "OIT คืออะไร" asks what OIT is, not for the checklist
        return None
    if context.role in casework.OFFICER_ROLES and "มาตรการ" not in typed and "oit" not in typed:
        cases = _cases(context, typed)
        if cases is not None:
            return cases
    for word, run in (("มาตรการ", MEASURES), ("oit", OIT)):
        if word in typed and context.snapshot is not None:
            rest = typed.replace(word, " ", 1)
            return run(context, rest) if read_scope(rest, office_units(context.snapshot)) is not None else None
    if "คะแนน" in typed:
        return _score(context, typed.replace("คะแนน", " ", 1))
    return None


def _cases(context: Context, typed: str) -> Outcome | None:
    word = next((w for w in CASE_WORDS if w in typed), None)
    if word is None:
        return None
    scope = read_scope(typed.replace(word, " ", 1), ())
    if scope is None or scope == Scope():
        return None
    filters = ["ของฉัน"] * scope.mine + ["เกินกำหนด"] * scope.overdue
    return CASES(context, " ".join(filters))


def _score(context: Context, rest: str) -> Outcome | None:
    """คะแนน[ITA][ปี…]เท่าไหร่: the public card for citizens (and for "ITA"), the staff card for staff."""
    if read_scope(rest, (), SCORE_WORDS) != Scope():
        return None
    if context.role == "citizen" or "ita" in rest or "ไอทีเอ" in rest:
        return public.ita_score(context, rest if names_a_year(rest) or LATEST_WORD in rest else "")
    return STAFF_SCORE(context, rest if names_a_year(rest) else "")


def _asks_how_to_complain(text: str) -> bool:
    reading = read(text)
    return ("ร้องเรียน" in reading.concepts and reading.concepts <= HOW_TO_COMPLAIN and bool(reading.kinds)
            and reading.kinds <= HOW_KINDS)


def _how_to_complain(context: Context) -> Outcome:
    """The office's FAQ answer on complaint channels (else ours); the ร้องเรียน button under it starts one."""
    entries = context.snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry) if context.snapshot else ()
    entry = faq.best_entry(entries, CHANNELS_QUESTION) if entries else None
    if entry is not None:
        text = render("faq.txt.j2", entry=entry, web_url=faq.web_url_for(context, entry))
    else:
        text = render("complaint_how.txt.j2", web_url=web_form(context))
    return Outcome([Text(text, menu_buttons_for(context))])
