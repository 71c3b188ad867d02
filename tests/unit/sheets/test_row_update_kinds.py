"""Typed cells compare by value and a repeating key is narrowed by another column (measures, OIT)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from sheets.row_update import CellWrite, plan_changes
from sheets.schema import MEASURES, OIT
from state.row_changes import CellChange, RowChange

MEASURE_TABLE = [["รหัส", "ความคืบหน้า (%)", "อัปเดตล่าสุด", "สถานะ"],
                 ["M1", 0.7, datetime(2026, 11, 23), "กำลังดำเนินการ"], ["M2", "40%", "1/11/2569", "ยังไม่เริ่ม"]]


def measure(key: str, header: str, old: str, new: str) -> RowChange:
    return RowChange(MEASURES.name, "รหัส", key, (CellChange(header, old, new),), f"{key}{header}{new}")


@pytest.mark.parametrize(("key", "header", "old", "new", "writes"), [
    ("M1", "ความคืบหน้า (%)", "70", "75", [CellWrite(2, 2, 0.75, typed_before=True)]),  # 0.7 in a percent cell is 70
    ("M2", "ความคืบหน้า (%)", "40", "50", [CellWrite(3, 2, 0.5)]),  # the column keeps fractions: 50 % is 0.5
    ("M1", "อัปเดตล่าสุด", "23/11/2569", "07/12/2569", [CellWrite(2, 3, date(2026, 12, 7), typed_before=True)]),
    ("M2", "อัปเดตล่าสุด", "01/11/2569", "01/11/2569", []),  # already that day: nothing to write
    ("M1", "ความคืบหน้า (%)", "71", "75", None),
    ("M2", "สถานะ", "ยังไม่เริ่ม", "กำลังดำเนินการ", [CellWrite(3, 4, "กำลังดำเนินการ")]),
])
def test_typed_cells_compare_values(key: str, header: str, old: str, new: str, writes: list[CellWrite] | None) -> None:
    plan = plan_changes(MEASURE_TABLE, [measure(key, header, old, new)])
    if writes is None:
        assert plan.conflicts[0].current == {header: "0.7"} and not plan.writes
    else:
        assert plan.writes == writes and not plan.conflicts


OIT_TABLE = [["ปีงบประมาณ", "ข้อ", "สถานะ"], [2568, "o10", "เผยแพร่แล้ว"], [2569, "o10", "ยังไม่เผยแพร่"]]


def test_a_key_that_repeats_each_year_is_narrowed_by_the_year() -> None:
    cells = (CellChange("สถานะ", "ยังไม่เผยแพร่", "เผยแพร่แล้ว"),)
    plan = plan_changes(OIT_TABLE, [RowChange(OIT.name, "ข้อ", "o10", cells, "a", also=(("ปีงบประมาณ", "2569"),))])
    assert plan.writes == [CellWrite(3, 3, "เผยแพร่แล้ว")]
    missing = plan_changes(OIT_TABLE, [RowChange(OIT.name, "ข้อ", "o10", cells, "b", also=(("ปีงบประมาณ", "2570"),))])
    assert missing.conflicts[0].reason == "แท็บ 'OIT' ไม่พบ ข้อ o10 ปีงบประมาณ 2570"
    doubled = plan_changes(OIT_TABLE, [RowChange(OIT.name, "ข้อ", "o10", cells, "c")])
    assert doubled.conflicts[0].reason == "แท็บ 'OIT' พบ 2 แถว (2, 3) ที่มี ข้อ o10"
