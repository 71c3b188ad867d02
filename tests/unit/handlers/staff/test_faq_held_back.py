"""FAQ accuracy on the held-back part of the phrasing table (faq_phrasings.py), the part never tuned on.

The split is fixed by ``faq_phrasings.held_back``: a phrasing is held back when the CRC-32 of its UTF-8 text is
divisible by 3. The matcher's words, synonyms and thresholds were tuned on the other part only; the held-back
part is measured, never looked at to tune. A phrasing counts as right only when the reply shows that entry's
answer (a "did you mean" list counts as a miss). The held-back test prints only its figure, never which
phrasings it missed, so that tuning cannot look at them.
Reproduce the figures: ``.venv/bin/pytest -q -s -p no:cacheprovider tests/unit/handlers/staff/test_faq_held_back.py``.
"""

from __future__ import annotations

from handlers.staff.assistant import Assistant
from sheets import records as r
from sheets.workbook import Snapshot
from tests.unit.conftest import CITIZEN, said, talk, with_rows
from tests.unit.handlers.staff.faq_phrasings import HELD_BACK, PHRASINGS, TUNING, key_of_answer, office_faq


def _accuracy(assistant: Assistant, snapshot: Snapshot, rows: tuple[tuple[str, str], ...],
              user: str = CITIZEN) -> tuple[float, list[str]]:
    faq = snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry)
    misses = []
    for text, expected in rows:
        talk(assistant, snapshot, user, "ยกเลิก")
        got = key_of_answer(said(talk(assistant, snapshot, user, text)), faq)
        if got != expected:
            misses.append(f"{text!r}: {got} (expected {expected})")
    return 1 - len(misses) / len(rows), misses


def _office(demo_snapshot: Snapshot) -> Snapshot:
    return with_rows(demo_snapshot, "คำถามที่พบบ่อย", office_faq(demo_snapshot.rows("คำถามที่พบบ่อย", r.FaqEntry)))


def test_the_table_is_large_and_both_parts_cover_every_entry() -> None:
    assert len(PHRASINGS) >= 150 and len({text for text, _ in PHRASINGS}) == len(PHRASINGS)
    assert {key for _, key in HELD_BACK} == {key for _, key in TUNING} == {key for _, key in PHRASINGS}
    assert 0.25 <= len(HELD_BACK) / len(PHRASINGS) <= 0.4


def test_held_back_accuracy(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    score, misses = _accuracy(assistant, _office(demo_snapshot), HELD_BACK)
    print(f"\nFAQ accuracy, held-back part: {score:.1%} ({len(HELD_BACK) - len(misses)}/{len(HELD_BACK)})")
    assert score >= 0.9, f"{len(misses)} of {len(HELD_BACK)} held-back phrasings missed"  # which ones: not shown


def test_tuning_accuracy(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    score, misses = _accuracy(assistant, _office(demo_snapshot), TUNING)
    print(f"\nFAQ accuracy, tuning part: {score:.1%} ({len(TUNING) - len(misses)}/{len(TUNING)})")
    print("\n".join(misses))
    assert score >= 0.9, misses
