"""Answers from คำถามที่พบบ่อย: Thai words found with PyThaiNLP, typos forgiven with RapidFuzz."""

from __future__ import annotations

from handlers.conversation.engine import Context, Outcome
from handlers.conversation.menu import menu_buttons_for, web_form
from handlers.conversation.phrasing import coverage, fit_label, is_question, terms
from handlers.conversation.replies import QuickReply, Text
from sheets import records as r
from templates import render

THRESHOLD = 0.6
"""Share of the message's meaningful words an entry must hold (tuned on test_faq_dialogues.py)."""
NEAR = 0.3
"""A score worth offering as "did you mean" when no entry reaches the threshold."""
MAX_NEAR = 3
WEB_WORD = "เว็บ"
"""An answer that sends people to the web form without its address gets the address."""
STRICT_THRESHOLD = 0.75
"""The same when a command word starts the question ("คะแนน ITA ปีล่าสุดเท่าไหร่" asks for the command)."""


def _reference(entry: r.FaqEntry) -> frozenset[str]:
    keywords = [k for k in (entry.keywords or "").split(",") if k.strip()]
    return frozenset(term for text in (entry.question, *keywords) for term in terms(text))


def scored(entries: tuple[r.FaqEntry, ...], text: str) -> list[tuple[float, r.FaqEntry]]:
    """Every entry with its score, best first; a tie goes to the entry whose question the text covers most."""
    query = frozenset(terms(text))
    ranked = [(coverage(text, _reference(entry)), coverage(entry.question, query), entry) for entry in entries]
    ranked.sort(key=lambda item: (-item[0], -item[1]))
    return [(score, entry) for score, _, entry in ranked]


def best_entry(entries: tuple[r.FaqEntry, ...], text: str, threshold: float = THRESHOLD) -> r.FaqEntry | None:
    ranked = scored(entries, text)
    return ranked[0][1] if ranked and ranked[0][0] >= threshold else None


def answer(context: Context, text: str, threshold: float = THRESHOLD, *, offer_near: bool = True) -> Outcome | None:
    """The best FAQ answer for ``text``; else (``offer_near``) the closest questions to tap; else None."""
    if context.snapshot is None or len(text.strip()) < 2:
        return None
    ranked = scored(context.snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry), text)
    if not ranked or ranked[0][0] < threshold:
        return _near(context, ranked) if offer_near else None
    entry = ranked[0][1]
    web_url = web_form(context) if WEB_WORD in entry.answer and "http" not in entry.answer else ""
    return Outcome([Text(render("faq.txt.j2", entry=entry, web_url=web_url), menu_buttons_for(context))])


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
