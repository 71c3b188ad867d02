"""Which part of the office a staff question is about: a unit from the office's list, "my unit", all, overdue.

"มาตรการของกองคลังมีอะไรบ้าง", "มาตรการ คลัง", "OIT ของหน่วยงานฉันค่ะ", "มาตรการที่เกินกำหนด": the words after the
command (or around it, in a question) are read here. A unit is matched against the office's own list (the units
of measures, OIT items and approved staff), whole or without its กอง/งาน/สำนัก; what is left must be words that
only ask (ของ, มี, อะไรบ้าง, particles), otherwise the reading is None and the command reads the words as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from common.identity_cache import IdentityCache
from common.thaitext import compact, normalize_input
from handlers.conversation.engine import Context, Outcome
from handlers.conversation.phrasing import FILLER, PARTICLES, QUESTION_WORDS, strip_politeness, words
from handlers.conversation.years import YEAR_WORDS
from handlers.measures.units import same_unit
from sheets import records as r
from sheets.workbook import Snapshot
from templates import label

MINE = frozenset({"ฉัน", "ผม", "หนู", "ดิฉัน", "เรา", "ของฉัน", "ของผม", "ของเรา", "ตัวเอง", "ของตัวเอง"})
ALL = frozenset({"ทั้งหมด", "ทุกหน่วยงาน", "ทุกกอง", "ทุกหน่วย", "ทุกงาน", "ทั้งหน่วยงาน", "ทุก"})
OVERDUE = frozenset({"เกินกำหนด", "ค้างส่ง", "เลยกำหนด", "ล่าช้า", "ค้าง", "overdue", "เกิน", "กำหนด", "ส่ง"})
ASKING = frozenset({"ของ", "มี", "อะไร", "บ้าง", "ไหน", "อัน", "รายการ", "ตอนนี้", "ที่", "ยัง", "อยู่", "ไม่",
                    "เสร็จ", "ขอ", "ดู", "หน่อย", "หน่วยงาน", "กอง", "งาน", "ใน", "ส่วน", "เรื่อง", "ของกอง"})
"""Words around a scope that only ask ("…ของหน่วยงานฉันที่ยังไม่เสร็จมีอะไรบ้าง")."""
UNIT_PREFIXES = ("กอง", "งาน", "สำนัก", "ฝ่าย", "ส่วน")
ORG_SUFFIXES = ("เทศบาล", "อบต.", "อบต", "องค์การบริหารส่วนตำบล")


@dataclass(frozen=True)
class Scope:
    unit: str = ""
    mine: bool = False
    all_units: bool = False
    overdue: bool = False


UNITS: IdentityCache[tuple[str, ...]] = IdentityCache()


def office_units(snapshot: Snapshot) -> tuple[str, ...]:
    """The office's units: owners of measures and OIT items, and approved staff's units (once per snapshot)."""
    return UNITS.get(snapshot, "units", lambda: _units(snapshot))


def _units(snapshot: Snapshot) -> tuple[str, ...]:
    owners = {m.owner for m in snapshot.measures} | {i.owner for i in snapshot.rows("OIT", r.OitItem)}
    staff = {m.unit for m in snapshot.staff if m.status == "อนุมัติ"}
    return tuple(sorted(u.strip() for u in owners | staff if u and u.strip()))


def _aliases(unit: str) -> tuple[str, ...]:
    """A unit as people shorten it: กองคลัง → คลัง, สำนักปลัดเทศบาล → สำนักปลัด, ปลัดเทศบาล."""
    name = compact(unit)
    short = next((name.removesuffix(s) for s in ORG_SUFFIXES if name.endswith(s) and len(name) > len(s) + 2), name)
    bare = [n.removeprefix(p) for n in (name, short) for p in UNIT_PREFIXES if n.startswith(p) and len(n) > len(p) + 2]
    return tuple(dict.fromkeys((name, short, *bare)))


def find_unit(text: str, units: tuple[str, ...]) -> tuple[str, str] | None:
    """The unit ``text`` names (the longest alias found) and the text without it."""
    typed = compact(normalize_input(text)).casefold()
    found = [(alias, unit) for unit in units for alias in _aliases(unit) if alias.casefold() in typed]
    if not found:
        return None
    alias, unit = max(found, key=lambda pair: len(pair[0]))
    return unit, typed.replace(alias.casefold(), " ", 1)


def read_scope(text: str, units: tuple[str, ...], extra: frozenset[str] = frozenset()) -> Scope | None:
    """The scope the words name, or None when a word is neither a scope nor a word that only asks.

    ``extra``: more words the caller has read already (the command's own word, a year)."""
    unit = find_unit(text, units)
    rest = unit[1] if unit else strip_politeness(text)
    scope = Scope(unit=unit[0] if unit else "")
    for word in words(_without_years(rest)):
        if word in MINE:
            scope = Scope(scope.unit, True, scope.all_units, scope.overdue)
        elif word in ALL:
            scope = Scope(scope.unit, scope.mine, True, scope.overdue)
        elif word in OVERDUE:
            scope = Scope(scope.unit, scope.mine, scope.all_units, True)
        elif not _only_asks(word, extra):
            return None
    return scope


def _only_asks(word: str, extra: frozenset[str]) -> bool:
    return (word in ASKING or word in extra or word in PARTICLES or word in FILLER or word in QUESTION_WORDS
            or word.isdecimal() or word.isspace() or word in "?")


def _without_years(text: str) -> str:
    for word, _ in YEAR_WORDS:
        text = text.replace(word, " ")
    return text


def my_unit(snapshot: Snapshot, user_id: str) -> str:
    """The approved person's หน่วยงาน as the office lists it ("" when none, or not one of the office's units)."""
    unit = next((m.unit for m in snapshot.staff if m.line_user_id == user_id and m.status == "อนุมัติ"), None) or ""
    found = find_unit(unit, office_units(snapshot)) if unit else None
    return found[0] if found else ""


def for_my_unit(run: Callable[[Context, str], Outcome],
                owns: Callable[[Snapshot, str], bool]) -> Callable[[Context, str], Outcome]:
    """มาตรการ and OIT show the asker's own unit when they name no unit, year or indicator (admins: the whole
    office) and when they say "ของฉัน" / "หน่วยงานฉัน"; a unit that ``owns`` nothing shows the whole office.
    The unit is put into the words the card reads, so that a card cached for one unit is never shown to another."""

    def scoped(context: Context, rest: str) -> Outcome:
        snapshot = context.snapshot
        scope = read_scope(rest, office_units(snapshot)) if snapshot is not None else None
        if snapshot is None or scope is None or context.role == "citizen" or scope.unit or scope.all_units:
            return run(context, rest)
        plain = context.role != "admin" and not any(ch.isdecimal() for ch in normalize_input(rest))
        if not (scope.mine or plain):
            return run(context, rest)
        unit = my_unit(snapshot, context.user_id)
        unit = unit if unit and owns(snapshot, unit) else ""
        overdue = "เกินกำหนด" if scope.overdue else ""
        return run(context, " ".join(filter(None, (unit, overdue, _years_in(rest)))))

    return scoped


def _years_in(text: str) -> str:
    """The year a message names (a year word or digits), kept when its other words are replaced."""
    said = [word for word, _ in YEAR_WORDS if word in compact(text)]
    digits = [w for w in normalize_input(text).split() if w.isdecimal()]
    return " ".join((*said, *digits))


def owns_measures(snapshot: Snapshot, unit: str) -> bool:
    return any(same_unit(m.owner, unit) for m in snapshot.measures)


def owns_oit_items(snapshot: Snapshot, unit: str) -> bool:
    return any(same_unit(i.owner, unit) for i in snapshot.rows("OIT", r.OitItem))


def overdue_command(scope: str) -> str:
    """What ค้างส่ง sends: the overdue measures of the unit on the card, else of every unit."""
    unit = scope.removesuffix(label("overdue_only")).strip() if not scope.startswith("ตัวชี้วัด") else ""
    return " ".join((label("measures"), unit or label("all_units"), label("overdue_only")))
