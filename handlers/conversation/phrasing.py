"""How people type in LINE: Thai words without spaces, polite particles, question words, a few typos.

PyThaiNLP's dictionary segmenter (newmm, offline dictionary shipped in the package) splits the text
into words; RapidFuzz forgives a typo inside a word. The FAQ matcher and the conversation engine use
these words to tell a question from a command.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize as thai_normalize
from rapidfuzz import fuzz, process

from common.thaitext import compact, normalize_input
from common.word_list import SortedWords

# Words of this domain the stock dictionary lacks, and entries that split our words the wrong way
# ("ติด|ตามเรื่อง" instead of "ติดตาม|เรื่อง", "ไห|นคะ" instead of "ไหน|คะ", "แล้วด้วย" that hides a particle).
EXTRA_WORDS = frozenset({"ติดตาม", "เลขรับเรื่อง", "รหัสรับเรื่อง", "ปีงบ", "ไอทีเอ", "แจ้งเบาะแส", "ร้องเรียน",
                         "ยังไง", "ทำไง", "เมื่อไหร่", "เท่าไหร่", "มั้ย", "ค้าบ", "ครับผม"})
BAD_WORDS = frozenset({"ตามเรื่อง", "ที่แจ้ง", "ไห", "นคะ", "คนโกง", "ที่ไหนได้", "แล้วด้วย", "ไม่เลย", "เสร็จเลย"})
PARTICLES = frozenset({"ครับ", "ครับผม", "คับ", "ค้าบ", "ครัช", "ค่ะ", "คะ", "ค่า", "คร่ะ", "จ้า", "จ้ะ", "จ๊ะ", "นะ",
                       "นะคะ", "นะครับ", "ฮะ", "หน่อย", "ด้วย", "เลย", "ละ", "จ๊า", "งับ", "ฮับ", "อะ", "อ่ะ", "ป่ะ"})
# Question words, each with its canonical form (so that ยังไง matches อย่างไร).
QUESTION_WORDS = {"ไหน": "ไหน", "ที่ไหน": "ไหน", "อย่างไร": "อย่างไร", "ยังไง": "อย่างไร", "ไง": "อย่างไร",
                  "ทำไง": "อย่างไร", "ไหม": "ไหม", "มั้ย": "ไหม", "มั๊ย": "ไหม", "ไม๊": "ไหม", "ใช่ไหม": "ไหม",
                  "อะไร": "อะไร", "เมื่อไร": "เมื่อไร", "เมื่อไหร่": "เมื่อไร", "กี่": "กี่", "เท่าไร": "กี่",
                  "เท่าไหร่": "กี่", "ทำไม": "ทำไม", "ใคร": "ใคร", "หรือเปล่า": "ไหม", "รึเปล่า": "ไหม",
                  "หรือไม่": "ไหม", "บ้าง": "บ้าง", "ไร": "อะไร", "ใด": "ไหน"}
# Everyday words for the same thing.
SYNONYMS = {"ปีงบ": "ปีงบประมาณ", "ไอทีเอ": "ita", "โกง": "ทุจริต", "คอรัปชั่น": "ทุจริต", "คอร์รัปชัน": "ทุจริต",
            "เช็ค": "ติดตาม", "เช็ก": "ติดตาม", "ตรวจสอบ": "ติดตาม", "รหัสรับเรื่อง": "เลขรับเรื่อง",
            "แจ้งเบาะแส": "ร้องเรียน", "ร้องทุกข์": "ร้องเรียน", "แจ้ง": "ร้องเรียน", "ทาง": "ช่องทาง"}
WHEN_WORDS = frozenset({"วัน", "เดือน", "ปี", "วันที่", "เวลา"})
"""วันไหน / เดือนไร / เวลาใด ask when: read as เมื่อไร."""
WHICH_WORDS = frozenset({"ไหน", "ไร", "ใด"})
WEEKDAYS = frozenset({"จันทร์", "อังคาร", "พุธ", "พฤหัส", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์", "วันหยุด"})
"""A weekday in a question asks about office hours (วันเสาร์เปิดไหม)."""
PHRASES = (("กี่โมง", "เวลา"), ("เป็นความลับ", "ความลับ"), ("ใครจะรู้", "ความลับ"), ("มีคนรู้", "ความลับ"), ("รู้ไหมว่า", "เปิดเผย"),
           ("รู้มั้ยว่า", "เปิดเผย"), ("ใครแจ้ง", "ผู้ร้อง"), ("เราแจ้ง", "ผู้ร้อง"), ("ปิดชื่อ", "ปกปิด"),
           ("ถ่ายเอกสาร", "ข้อมูลข่าวสาร เอกสาร"),
           ("สำเนา", "ข้อมูลข่าวสาร เอกสาร"), ("ไปถึงไหน", "สถานะ"), ("ถึงไหนแล้ว", "สถานะ"))
"""Everyday phrases for an FAQ entry's words: "who will know" is secrecy, "a copy" is a document."""
# Words that carry no meaning for matching (beyond PyThaiNLP's stop words, which include question words).
FILLER = frozenset({"ได้", "การ", "ที่", "ต้อง", "จะ", "ถึง", "ว่า", "ของ", "และ", "ให้", "ไป", "แล้ว", "ถ้า",
                    "อยาก", "รู้", "อยากรู้", "ขอ", "ดู", "คือ", "มี", "ไว้", "ใน", "กับ", "เป็น", "ก็", "นี้",
                    "ๆ", "/", "?", "บ้าง", "ทำ", "เจอ"})
LEADING_FILLER = frozenset({"อยาก", "ขอ", "ดู", "ต้องการ", "ช่วย", "จะ", "รบกวน"})
"""Words before a command that only ask politely (a whole word: ช่วยเหลือ stays)."""
POLITE = frozenset({"ครับ", "ครับผม", "คับ", "ค้าบ", "ครัช", "ค่ะ", "คะ", "คร่ะ", "นะคะ", "นะครับ", "จ้ะ", "จ้า",
                    "จ๊ะ", "จ๊า", "งับ", "ฮับ"})
"""Particles that never carry meaning, wherever they stand (PARTICLES' softer ones only end a message)."""



def warm_up() -> None:
    """Load the dictionary now (about half a second), so that the first person to write does not wait."""
    words("สวัสดี")


@cache
def _dictionary() -> SortedWords:
    return SortedWords((set(thai_words()) | EXTRA_WORDS) - BAD_WORDS)


@lru_cache(maxsize=4096)  # FAQ questions and keywords are split once; people's messages do not pile up
def words(text: str) -> tuple[str, ...]:
    """The words of ``text``: Thai digits as Arabic, lower case, no spaces."""
    return tuple(w.casefold() for w in word_tokenize(normalize_input(text), custom_dict=_dictionary(),
                                                     keep_whitespace=False) if w.strip())


def is_question(text: str) -> bool:
    return "?" in text or any(w in QUESTION_WORDS for w in words(text))


QUESTION_ENDINGS = frozenset({*QUESTION_WORDS, "แค่ไหน", "เปล่า", "ป่าว", "เหรอ", "หรอ", "ยัง", "หรือยัง", "รึยัง",
                              "ไหน"})


def ends_as_question(text: str) -> bool:
    """A sentence that asks: a "?" or a question word among its last two words, particles aside (ร้องเรียนได้ไหมคะ,
    รอนานแค่ไหน); a report that merely holds one (อยากแจ้งว่ามีใครเรียกเงิน) does not."""
    if "?" in text:
        return True
    meaningful = [w for w in words(text) if w not in PARTICLES]
    return any(w in QUESTION_ENDINGS for w in meaningful[-2:])


def terms(text: str) -> tuple[str, ...]:
    """The words that carry meaning, in canonical form: no particles or filler; question words kept."""
    result: list[str] = []
    for phrase, meaning in PHRASES:
        text = text.replace(phrase, meaning)
    for word in words(text):
        if word in PARTICLES or word in FILLER:
            continue
        if word in WHICH_WORDS and result and result[-1] in WHEN_WORDS:
            result.append("เมื่อไร")
            continue
        if word in WEEKDAYS or word.removeprefix("วัน") in WEEKDAYS:
            if result and result[-1] == "วัน":
                result.pop()
            word = "ทำการ"
        word = QUESTION_WORDS.get(word, SYNONYMS.get(word, word))
        result.append("<n>" if word.isdecimal() else word)
    return tuple(result)


def _tokens(text: str) -> list[str]:
    """The words of ``text``, spaces kept; a letter held down after a word (ครับ|บบบ) is dropped."""
    tokens: list[str] = []
    for token in word_tokenize(text, custom_dict=_dictionary(), keep_whitespace=True):
        if tokens and len(set(token)) == 1 and token[0] == tokens[-1][-1] and not token.isdecimal():
            continue
        tokens.append(token)
    return tokens


def strip_politeness(text: str) -> str:
    """The one reading of what people type, for commands and choices: "ขอดูคะแนน ITA หน่อยครับ" → "คะแนน ITA".

    Thai digits become Arabic, spaces are folded, a letter held down (ค่าาา, ครับบบ) counts once, polite
    particles go wherever they stand, softer fillers (นะ, หน่อย, ด้วย) only at the end, อยาก/ขอ/ต้องการ at the start.
    Free text (names, details, notes) is stored from ``Context.raw_text``, never from this reading.
    """
    tokens = [t for t in _tokens(thai_normalize(normalize_input(text))) if t.strip() not in POLITE]
    while tokens and (tokens[0].strip() in LEADING_FILLER or not tokens[0].strip()) and len(tokens) > 1:
        tokens.pop(0)
    while tokens and (tokens[-1].strip() in PARTICLES or not tokens[-1].strip()):
        tokens.pop()
    return " ".join("".join(tokens).split())


def trim_particles(text: str) -> str:
    """``text`` as written (digits, spaces, letters), without particles before or after it: "กองช่างค่ะ" → "กองช่าง"."""
    tokens = _tokens(text.strip())
    while tokens and (tokens[0].strip() in POLITE or not tokens[0].strip()):
        tokens.pop(0)
    while tokens and (tokens[-1].strip() in PARTICLES or not tokens[-1].strip()):
        tokens.pop()
    return "".join(tokens)


YES_WORDS = frozenset({"ใช่", "ใช่แล้ว", "ถูกต้อง", "ถูก", "ตกลง", "โอเค", "ok", "okay", "yes", "y"})


def affirms(text: str) -> bool:
    """"ใช่ค่ะ", "ถูกต้องครับ", or a polite particle alone ("ค่ะ"): yes to a question the bot asked."""
    reading = compact(strip_politeness(text)).casefold()
    return reading in YES_WORDS or (not reading and bool(text.strip()))


@dataclass(frozen=True)
class Choice:
    """The choice a typed answer names; ``sure`` is False when it only looks like it (ask before using it)."""

    name: str
    sure: bool


def closest(text: str, choices: Sequence[str]) -> Choice | None:
    """The choice ``text`` names: the same words (sure), a typo of them (sure) or a part of them (unsure)."""
    typed = compact(strip_politeness(text))
    by_key = {compact(choice): choice for choice in choices}
    if not typed or typed in by_key:
        return Choice(by_key[typed], True) if typed else None
    ranked = process.extract(typed, list(by_key), scorer=fuzz.WRatio, limit=2)
    if not ranked or ranked[0][1] < 80 or (len(ranked) > 1 and ranked[1][1] > ranked[0][1] - 10):
        return None
    best = ranked[0][0]
    return Choice(by_key[best], fuzz.ratio(typed, best) >= 90)


def pick(text: str, options: Sequence[str]) -> str | None:
    """The button a typed answer means among a few: its words, a typo, or a part no other button has."""
    choice = closest(text, options)
    return choice.name if choice else None


def _matches(term: str, candidates: frozenset[str]) -> bool:
    if term in candidates:
        return True
    return len(term) >= 4 and any(len(c) >= 4 and fuzz.ratio(term, c) >= 80 for c in candidates)


def coverage(query: str, reference: frozenset[str]) -> float:
    """The share of the query's meaningful words found in ``reference`` (a typo inside a word forgiven)."""
    query_terms = terms(query)
    found = [term for term in query_terms if _matches(term, reference)]
    if not any(term != "<n>" for term in found):  # a number alone ("2565") is not a match
        return 0.0
    return len(found) / len(query_terms)


def fit_label(text: str, limit: int = 20) -> str:
    """``text`` as a button label of at most ``limit`` characters, cut between Thai words, never inside one."""
    if len(text) <= limit:
        return text
    kept = ""
    for word in word_tokenize(text, custom_dict=_dictionary(), keep_whitespace=True):
        if len(kept) + len(word) > limit - 1:
            break
        kept += word
    return (kept.rstrip(" /-") or text[:limit - 1]) + "…"
