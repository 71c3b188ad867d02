"""Where a keyed change lands on a tab as it is at write time: the rules as a table."""

from __future__ import annotations

import pytest

from sheets.row_update import CellWrite, plan_changes
from state.row_changes import CellChange, RowChange

TABLE = [["note", "เลขที่เรื่อง", "สถานะ"], ["", "2570-0002", "รับเรื่อง"], ["", "2570-0001", "กำลังตรวจสอบ"],
         ["", 2570, "x"], ["", "2570-0003", "=A1"]]


def change(key: str, old: str, new: str, header: str = "สถานะ") -> RowChange:
    return RowChange("เรื่องร้องเรียน", "เลขที่เรื่อง", key, (CellChange(header, old, new),), f"{key}-{new}")


@pytest.mark.parametrize(("key", "old", "new", "writes", "reason"), [
    ("2570-0001", "กำลังตรวจสอบ", "ยุติเรื่อง", [CellWrite(3, 3, "ยุติเรื่อง")], None),
    ("2570-0001", "รับเรื่อง", "กำลังตรวจสอบ", [], None),  # already holds the new value: a retry
    ("2570-0002", "กำลังตรวจสอบ", "ยุติเรื่อง", [], "ค่าในชีตเปลี่ยนไปแล้ว"),
    ("2570-0009", "", "ยุติเรื่อง", [], "แท็บ 'เรื่องร้องเรียน' ไม่พบ เลขที่เรื่อง 2570-0009"),
    ("2570", "x", "y", [CellWrite(4, 3, "y")], None),  # a number key matches its text
    ("2570-0003", "=A1", "+1", [CellWrite(5, 3, "'+1")], None),  # formula-looking text is kept as text
])
def test_one_change(key: str, old: str, new: str, writes: list[CellWrite], reason: str | None) -> None:
    plan = plan_changes(TABLE, [change(key, old, new)])
    assert plan.writes == writes
    assert [c.reason for c in plan.conflicts] == ([reason] if reason else [])


def test_a_missing_column_and_a_duplicated_key_are_conflicts_that_say_where() -> None:
    missing = plan_changes(TABLE, [change("2570-0001", "", "ก", header="ผู้รับผิดชอบ")])
    assert missing.conflicts[0].reason == "แท็บ 'เรื่องร้องเรียน' ไม่มีคอลัมน์ ผู้รับผิดชอบ"
    doubled = plan_changes([*TABLE, ["", "2570-0001", ""]], [change("2570-0001", "กำลังตรวจสอบ", "ก")])
    assert doubled.conflicts[0].reason == "แท็บ 'เรื่องร้องเรียน' พบ 2 แถว (3, 6) ที่มี เลขที่เรื่อง 2570-0001"


def test_a_later_change_sees_what_an_earlier_one_chose() -> None:
    plan = plan_changes(TABLE, [change("2570-0001", "กำลังตรวจสอบ", "ก"), change("2570-0001", "ก", "ข")])
    assert plan.writes == [CellWrite(3, 3, "ก"), CellWrite(3, 3, "ข")] and not plan.conflicts


def test_an_optional_column_the_tab_lacks_gets_its_header_right_of_every_used_column() -> None:
    ragged = [*TABLE, ["", "2570-0004", "ยุติเรื่อง", "โน้ตของแอดมิน"]]  # column D holds a note without a header
    plan = plan_changes(ragged, [change("2570-0004", "", "5", header="ความพึงพอใจ"),
                                 change("2570-0001", "", "4", header="ความพึงพอใจ")])
    assert not plan.conflicts
    assert plan.writes == [CellWrite(1, 5, "ความพึงพอใจ"), CellWrite(6, 5, 5), CellWrite(3, 5, 4)]  # numbers, not text


def test_a_required_column_the_tab_lacks_is_never_added() -> None:
    plan = plan_changes(TABLE, [change("2570-0001", "", "ก", header="ผลการดำเนินการ")])
    assert plan.writes == [] and "ไม่มีคอลัมน์ ผลการดำเนินการ" in plan.conflicts[0].reason


def test_another_column_picks_the_row_of_a_key_that_repeats() -> None:
    oit = [["ปีงบประมาณ", "ข้อ", "ผลตรวจลิงก์"], [2568, "O1", ""], ["๒๕๖๙", "O1", ""]]
    cells = (CellChange("ผลตรวจลิงก์", "", "ใช้ได้"),)
    scoped = RowChange("OIT", "ข้อ", "O1", cells, "x", also=(("ปีงบประมาณ", "2569"),))
    assert plan_changes(oit, [scoped]).writes == [CellWrite(3, 3, "ใช้ได้")]
    unscoped = RowChange("OIT", "ข้อ", "O1", cells, "y")
    assert plan_changes(oit, [unscoped]).conflicts[0].reason.startswith("แท็บ 'OIT' พบ 2 แถว")


def test_the_key_is_found_as_an_admin_may_type_it() -> None:
    oit = [["ปีงบประมาณ", "ข้อ", "ลิงก์"], [2570, " o10 ", ""], [2570, "O11", ""]]
    change = RowChange("OIT", "ข้อ", "O10", (CellChange("ลิงก์", "", "https://x.go.th/a"),), "k",
                       also=(("ปีงบประมาณ", "2570"),))
    assert plan_changes(oit, [change]).writes == [CellWrite(2, 3, "https://x.go.th/a")]

