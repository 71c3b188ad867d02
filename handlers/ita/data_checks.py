"""Checks across rows and tabs, for ita-bot sheet check: what a single cell cannot tell."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from handlers.ita.rules import year_result, years_with_scores
from handlers.ita.units import SETTING, is_listed, listed_units, office_units
from sheets import records as r
from sheets.workbook import Problem, Snapshot


def cross_checks(snapshot: Snapshot) -> list[Problem]:
    return [*_published_vs_computed(snapshot), *_duplicates(snapshot), *_unknown_units(snapshot)]


def _published_vs_computed(snapshot: Snapshot) -> Iterable[Problem]:
    results = snapshot.rows("ผลประเมิน", r.Result)
    rules = snapshot.rows("เกณฑ์", r.Rule)
    for year in years_with_scores(snapshot.scores):
        computed = year_result(year, snapshot.scores, rules, results)
        if computed.published_mismatch and computed.computed_overall is not None:
            row = next(p.row for p in results if p.fiscal_year == year)
            yield Problem("ผลประเมิน", row, "คะแนนรวม",
                          f"คะแนนรวมที่ประกาศ {computed.published_overall:.2f} ไม่ตรงกับที่คำนวณจากคะแนนรายตัวชี้วัด "
                          f"{computed.computed_overall:.2f} (ต่างกันเกิน 0.05) ตรวจแท็บ คะแนน และ เกณฑ์ ของปี {year}")


def _duplicates(snapshot: Snapshot) -> Iterable[Problem]:
    groups = (
        ("OIT", "ข้อ", [((i.fiscal_year, i.item.casefold()), i.row, f"ข้อ {i.item} ปี {i.fiscal_year}")
                        for i in snapshot.rows("OIT", r.OitItem)]),
        ("คะแนน", "ตัวชี้วัดที่", [((s.fiscal_year, s.indicator_no), s.row,
                                    f"ตัวชี้วัดที่ {s.indicator_no} ปี {s.fiscal_year}") for s in snapshot.scores]),
        ("มาตรการ", "รหัส", [((m.code,), m.row, f"รหัส {m.code}") for m in snapshot.measures]),
    )
    for tab, column, keyed in groups:
        rows_by_key: dict[tuple[object, ...], list[int]] = defaultdict(list)
        for key, row, _ in keyed:
            rows_by_key[key].append(row)
        for key, row, what in keyed:
            first = rows_by_key[key][0]
            if row != first:
                yield Problem(tab, row, column, f"{what} ซ้ำกับแถว {first} (ระบบใช้แถวแรกที่พบ)")


def _unknown_units(snapshot: Snapshot) -> Iterable[Problem]:
    """A person whose หน่วยงาน is not one of the office's units (a typo, a unit typed at registration)."""
    units = office_units(snapshot)
    if not units:
        return
    where = (f"รายการ {SETTING} ในแท็บ ตั้งค่า" if listed_units(snapshot)
             else "ผู้รับผิดชอบในแท็บ มาตรการ และ OIT (หรือใส่รายชื่อหน่วยงานในรายการ units ของแท็บ ตั้งค่า)")
    for member in snapshot.staff:
        if member.unit and not is_listed(member.unit, units):
            yield Problem("เจ้าหน้าที่", member.row, "หน่วยงาน",
                          f"หน่วยงาน '{member.unit}' ของ {member.name} ไม่อยู่ในรายชื่อหน่วยงานของสำนักงาน ({where}) "
                          "แก้ชื่อให้ตรง หรือเพิ่มหน่วยงานนี้ในรายชื่อ")
