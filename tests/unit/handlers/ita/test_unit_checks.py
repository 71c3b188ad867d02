"""sheet check flags a person whose unit is not one of the office's units, with tab, row and column, in Thai.

Replays the finding: an unknown unit (typed at registration, or by an admin) was not flagged.
"""

from __future__ import annotations

from dataclasses import replace

from handlers.ita.data_checks import cross_checks
from handlers.ita.units import office_units
from sheets.records import Setting
from sheets.workbook import Snapshot
from tests.unit.conftest import STAFF, with_rows, with_staff


def unit_problems(snapshot: Snapshot) -> list[str]:
    return [str(p) for p in cross_checks(snapshot) if p.tab == "เจ้าหน้าที่"]


def with_units(snapshot: Snapshot, value: str) -> Snapshot:
    settings = (*snapshot.rows("ตั้งค่า", Setting), Setting(99, "units", value, ""))
    return with_rows(snapshot, "ตั้งค่า", settings)


def test_the_demo_office_has_no_unknown_unit(demo_snapshot: Snapshot) -> None:
    assert unit_problems(demo_snapshot) == []
    assert {"สำนักปลัดเทศบาล", "กองคลัง", "งานนิติการ"} <= set(office_units(demo_snapshot))


def test_a_unit_no_measure_or_oit_item_names_is_flagged_at_its_row(demo_snapshot: Snapshot) -> None:
    snapshot = with_staff(demo_snapshot, STAFF, unit="กองคลังง")
    row = next(m.row for m in snapshot.staff if m.line_user_id == STAFF)
    (problem,) = unit_problems(snapshot)
    assert problem.startswith(f"แท็บ 'เจ้าหน้าที่' แถว {row} คอลัมน์ 'หน่วยงาน': หน่วยงาน 'กองคลังง' ของ สมศรี ใจดี")
    assert "ไม่อยู่ในรายชื่อหน่วยงาน" in problem


def test_spacing_and_case_do_not_count(demo_snapshot: Snapshot) -> None:
    assert unit_problems(with_staff(demo_snapshot, STAFF, unit=" กอง คลัง ")) == []


def test_the_units_setting_is_the_list_when_an_admin_keeps_one(demo_snapshot: Snapshot) -> None:
    listed = with_units(demo_snapshot, "สำนักปลัดเทศบาล, กองคลัง\nกองช่าง")
    assert office_units(listed) == ["สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง"]
    problems = unit_problems(listed)
    assert len(problems) == 1 and "'งานนิติการ'" in problems[0] and "รายการ units ในแท็บ ตั้งค่า" in problems[0]
    assert unit_problems(with_staff(listed, STAFF, unit="กองช่าง")) == problems


def test_a_blank_unit_is_not_a_unit_problem(demo_snapshot: Snapshot) -> None:
    staff = tuple(replace(m, unit=None) for m in demo_snapshot.staff)
    assert unit_problems(with_rows(demo_snapshot, "เจ้าหน้าที่", staff)) == []
