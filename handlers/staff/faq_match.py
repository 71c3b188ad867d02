"""Which FAQ entry a message asks: its words read through the thesaurus, rare words weighing more.

A message and every entry (its question and keywords) are read the same way: PyThaiNLP splits the words
(``phrasing.words``), a typo is mended against the thesaurus (RapidFuzz), particles and filler go, each word
becomes its concept (``faq_words.CONCEPTS``) or its kind of question. An entry scores the weighted share of the
message's concepts it holds (a concept found in few entries weighs more, a word no entry knows weighs less),
plus a little for the share of its own concepts the message names. Pure functions; the index of a FAQ tab
is built once per tab and the reading of a text once per text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from common.thaitext import normalize_input
from handlers.conversation.phrasing import FILLER, PARTICLES, words
from handlers.staff.faq_words import CONCEPTS, GENERIC, PHRASES, QUESTION_KINDS
from sheets import records as r

CONCEPT_OF = {word.casefold(): concept for concept, variants in CONCEPTS.items() for word in variants}
KIND_OF = {word: kind for kind, variants in QUESTION_KINDS.items() for word in variants}
MENDABLE = sorted(word for word in (*CONCEPT_OF, *KIND_OF) if len(word) >= 4)
"""Words a typo is mended to (short words are too easily mistaken)."""
SKIPPED = PARTICLES | FILLER | GENERIC
NUMBER = "<n>"
"""A number up to 100, as a score ("ได้ 84 ผ่านไหม"); alone it matches nothing (a receipt, a case number)."""
KIND_WEIGHT = 0.5
"""What a question word weighs against a content word (about 1.5–3.5)."""
UNKNOWN_WEIGHT = 1.0
"""What a word no entry holds weighs: it counts against every entry, less than a word some entry holds."""
OWN_SHARE = 0.25
"""How much the share of an entry's own concepts named adds to its score (breaks ties toward the entry
whose main words the message names)."""


@dataclass(frozen=True)
class Reading:
    concepts: frozenset[str]
    kinds: frozenset[str]


@lru_cache(maxsize=4096)
def read(text: str) -> Reading:
    """The concepts and question kinds of ``text``."""
    prepared = normalize_input(text).casefold()
    for phrase, meaning in PHRASES:
        prepared = prepared.replace(phrase, meaning)
    concepts: set[str] = set()
    kinds: set[str] = set()
    for word in _mended(words(prepared)):
        if word in KIND_OF:
            kinds.add(KIND_OF[word])
        elif word.isdecimal():
            if int(word) <= 100:  # a score ("ได้ 84 ผ่านไหม"); a year or a phone number says nothing here
                concepts.add(NUMBER)
        elif word in CONCEPT_OF:
            concepts.add(CONCEPT_OF[word])
        elif word not in SKIPPED and word.strip("?.!,") and not word.isspace():
            concepts.add(_compound(word))
    return Reading(frozenset(concepts), frozenset(kinds))


def _compound(word: str) -> str:
    """A word glued to a known one ("เป็นความลับ") is read as the known one; any other word as itself."""
    inside = [known for known in MENDABLE if known in word and known in CONCEPT_OF]
    return CONCEPT_OF[max(inside, key=len)] if inside else word


def _known(word: str) -> bool:
    return word in CONCEPT_OF or word in KIND_OF


def _mended(tokens: tuple[str, ...]) -> list[str]:
    """Tokens with a misspelt word put right: "ร้อง|เร|ีนย" → "ร้องเรียน", "เกนฑ์" → "เกณฑ์"."""
    result: list[str] = []
    index = 0
    while index < len(tokens):
        length, word = _typo_at(tokens, index)
        result.append(word)
        index += length
    return result


def _typo_at(tokens: tuple[str, ...], index: int) -> tuple[int, str]:
    """The word a misspelling starting at ``index`` means, and how many tokens it spans (1 and the token if none).

    A word broken by a typo comes out of the segmenter as a word and fragments no thesaurus knows."""
    for length in (4, 3, 2, 1):
        run = tokens[index:index + length]
        fragments = run[1:] if length > 1 else run
        if (len(run) < length or any(_known(t) for t in fragments) or all(t in SKIPPED for t in fragments)
                or len(joined := "".join(run)) < 4):
            continue
        found = process.extractOne(joined, MENDABLE, scorer=fuzz.ratio, score_cutoff=85 if length > 1 else 80)
        if found is not None and found[0] != run[0]:
            return length, found[0]
    return 1, tokens[index]


@dataclass(frozen=True)
class Index:
    entries: tuple[r.FaqEntry, ...]
    readings: tuple[Reading, ...]
    weight: dict[str, float]


@lru_cache(maxsize=64)
def index(entries: tuple[r.FaqEntry, ...]) -> Index:
    """Each entry's reading (question and keywords) and each concept's weight: rarer across entries is heavier."""
    readings = tuple(_entry_reading(entry) for entry in entries)
    count = max(len(entries), 1)
    frequency: dict[str, int] = {}
    for reading in readings:
        for concept in reading.concepts:
            frequency[concept] = frequency.get(concept, 0) + 1
    weight = {concept: 1 + math.log(count / n) for concept, n in frequency.items()}
    return Index(entries, readings, weight)


def _entry_reading(entry: r.FaqEntry) -> Reading:
    parts = [entry.question, *(k for k in (entry.keywords or "").split(",") if k.strip())]
    readings = [read(part) for part in parts]
    return Reading(frozenset().union(*(x.concepts for x in readings)), frozenset().union(*(x.kinds for x in readings)))


def rank(faq: Index, text: str) -> list[tuple[float, float, r.FaqEntry]]:
    """(score, share of the message held, entry) for every entry, best first."""
    asked = read(text)
    weights = {c: faq.weight.get(c, UNKNOWN_WEIGHT) for c in asked.concepts}
    total = sum(weights.values()) + KIND_WEIGHT * len(asked.kinds)
    ranked = []
    for entry, reading in zip(faq.entries, faq.readings, strict=True):
        held = sum(w for c, w in weights.items() if c in reading.concepts)
        if not held or not total or reading.concepts & asked.concepts == {NUMBER}:
            ranked.append((0.0, 0.0, entry))
            continue
        share = (held + KIND_WEIGHT * len(asked.kinds & reading.kinds)) / total
        own = held / sum(faq.weight[c] for c in reading.concepts)
        ranked.append((share + OWN_SHARE * own, share, entry))
    ranked.sort(key=lambda item: (-item[0], -item[1]))
    return ranked
