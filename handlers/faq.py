"""Answers from คำถามที่พบบ่อย: tolerant matching of Thai text (no spaces between words) with RapidFuzz."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from handlers.conversation import Context, Outcome
from handlers.public import menu_buttons_for
from handlers.replies import Text
from sheets import records as r
from templates import render

THRESHOLD = 62.0


def best_entry(entries: tuple[r.FaqEntry, ...], text: str) -> r.FaqEntry | None:
    """The entry whose question is closest to ``text``, or one of whose keywords it contains."""
    folded = text.casefold().replace(" ", "")
    best: tuple[float, r.FaqEntry] | None = None
    for entry in entries:
        keywords = [k.strip().casefold().replace(" ", "") for k in (entry.keywords or "").split(",") if k.strip()]
        score = 100.0 if any(k and k in folded for k in keywords) else fuzz.WRatio(
            text, entry.question, processor=utils.default_process)
        if best is None or score > best[0]:
            best = (score, entry)
    return best[1] if best and best[0] >= THRESHOLD else None


def answer(context: Context, text: str) -> Outcome | None:
    if context.snapshot is None or len(text.strip()) < 2:
        return None
    entry = best_entry(context.snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry), text)
    if entry is None:
        return None
    return Outcome([Text(render("faq.txt.j2", entry=entry), menu_buttons_for(context))])
