"""Answers from คำถามที่พบบ่อย: the entry a message asks (faq_match), or the 2–3 closest to tap when unsure."""

from __future__ import annotations

from handlers.conversation.engine import Context, Outcome
from handlers.conversation.menu import menu_buttons_for, web_form
from handlers.conversation.phrasing import fit_label, is_question
from handlers.conversation.replies import QuickReply, Text
from handlers.staff.faq_match import index, rank
from sheets import records as r
from templates import render

THRESHOLD = 0.5
"""Weighted share of the message's words an entry must hold (tuned on the tuning part of faq_phrasings.py)."""
MARGIN = 0.02
"""How far ahead of the next entry the best must be to be answered without asking (a tie is asked about)."""
NEAR = 0.3
"""A share worth offering as "did you mean" when no entry is sure."""
MAX_NEAR = 3
WEB_WORD = "เว็บ"
"""An answer that sends people to the web form without its address gets the address."""
STRICT_THRESHOLD = 0.7
"""The same when a command word starts the question ("คะแนน ITA ปีล่าสุดเท่าไหร่" asks for the command)."""


def scored(entries: tuple[r.FaqEntry, ...], text: str) -> list[tuple[float, r.FaqEntry]]:
    """Every entry with the weighted share of the message it holds, best first."""
    return [(share, entry) for _, share, entry in rank(index(entries), text)]


def best_entry(entries: tuple[r.FaqEntry, ...], text: str, threshold: float = THRESHOLD) -> r.FaqEntry | None:
    """The entry ``text`` asks, when one holds enough of it and clearly more than the next."""
    ranked = rank(index(entries), text)
    if not ranked or ranked[0][1] < threshold:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return None
    return ranked[0][2]


def answer(context: Context, text: str, threshold: float = THRESHOLD, *, offer_near: bool = True) -> Outcome | None:
    """The best FAQ answer for ``text``; else (``offer_near``) the closest questions to tap; else None."""
    if context.snapshot is None or len(text.strip()) < 2:
        return None
    entries = context.snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry)
    entry = best_entry(entries, text, threshold)
    if entry is None:
        return _near(context, scored(entries, text)) if offer_near else None
    return Outcome([Text(render("faq.txt.j2", entry=entry, web_url=web_url_for(context, entry)),
                         menu_buttons_for(context))])


def web_url_for(context: Context, entry: r.FaqEntry) -> str:
    """The web form's address, for an answer that sends people to the web form without giving it."""
    return web_form(context) if WEB_WORD in entry.answer and "http" not in entry.answer else ""


def answer_question(context: Context, text: str, strict: bool) -> Outcome | None:
    """An FAQ answer when ``text`` reads as a question (ไหน, อย่างไร, ไหม, ?, …) and an entry fits it."""
    if not is_question(text):
        return None
    return answer(context, text, STRICT_THRESHOLD if strict else THRESHOLD, offer_near=False)


def _near(context: Context, ranked: list[tuple[float, r.FaqEntry]]) -> Outcome | None:
    """Nothing fits well: the closest 2–3 questions as buttons (the full question is what a tap sends)."""
    near = [entry for score, entry in ranked[:MAX_NEAR] if score >= NEAR]
    if not near:
        return None
    buttons = tuple(QuickReply(fit_label(entry.question), text=entry.question) for entry in near)
    menu = menu_buttons_for(context)[-1:]
    return Outcome([Text(render("faq_near.txt.j2", questions=[e.question for e in near]), (*buttons, *menu))])
