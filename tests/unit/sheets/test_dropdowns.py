"""Which dropdown lists are outdated, read from an .xlsx formula or Google's grid data (pure tables)."""

from __future__ import annotations

from typing import Any

import pytest

from sheets.dropdowns import outdated, parse_list_formula
from sheets.google_layout import list_rules_of
from sheets.schema import COMPLAINT_STATUSES, COMPLAINTS, STAFF

HEADERS = {COMPLAINTS.name: list(COMPLAINTS.headers), STAFF.name: list(STAFF.headers)}
STATUS = COMPLAINTS.headers.index("สถานะ")


@pytest.mark.parametrize(("formula", "choices"), [
    ('"รับเรื่อง,ยุติเรื่อง"', ("รับเรื่อง", "ยุติเรื่อง")),
    ('"รับเรื่อง, ยุติเรื่อง"', ("รับเรื่อง", "ยุติเรื่อง")),
    ("=ตั้งค่า!$A$2:$A$9", None),  # a list taken from a range: not ours to judge
    ("", None),
    (None, None),
])
def test_an_xlsx_list_formula(formula: str | None, choices: tuple[str, ...] | None) -> None:
    assert parse_list_formula(formula) == choices


@pytest.mark.parametrize(("rules", "wanted"), [
    ({}, []),  # no dropdown at all: sheet init adds one, nothing to report
    ({COMPLAINTS.name: {STATUS: COMPLAINT_STATUSES}}, []),
    ({COMPLAINTS.name: {STATUS: (*COMPLAINT_STATUSES, "รอเอกสาร")}}, []),
    ({COMPLAINTS.name: {STATUS: COMPLAINT_STATUSES[:-1]}}, [("เรื่องร้องเรียน", "สถานะ", "J", ("ถอนเรื่อง",))]),
    ({COMPLAINTS.name: {STATUS: (" รับเรื่อง ", *COMPLAINT_STATUSES[1:])}}, []),
    ({COMPLAINTS.name: {0: ("x",)}}, []),  # a dropdown on a column without choices is the office's own
    ({STAFF.name: {STAFF.headers.index("บทบาท"): ("staff",), STAFF.headers.index("สถานะ"): ("อนุมัติ",)}},
     [("เจ้าหน้าที่", "บทบาท", "D", ("officer", "admin")), ("เจ้าหน้าที่", "สถานะ", "F", ("รออนุมัติ", "ระงับ"))]),
])
def test_outdated_lists(rules: dict[str, dict[int, tuple[str, ...]]],
                        wanted: list[tuple[str, str, str, tuple[str, ...]]]) -> None:
    assert [(o.tab, o.header, o.letter, o.missing) for o in outdated(HEADERS, rules)] == wanted


def test_a_moved_column_is_found_by_its_header() -> None:
    header = ["สถานะ", *[h for h in COMPLAINTS.headers if h != "สถานะ"]]
    (old,) = outdated({COMPLAINTS.name: header}, {COMPLAINTS.name: {0: COMPLAINT_STATUSES[:2]}})
    assert old.letter == "A" and str(old.problem()).startswith("แท็บ 'เรื่องร้องเรียน' คอลัมน์ A 'สถานะ': ")


def one_of(*values: str) -> dict[str, Any]:
    condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in values]}
    return {"dataValidation": {"condition": condition, "strict": True}}


@pytest.mark.parametrize(("data", "rules"), [
    ([], {}),
    ([{}], {}),  # a row with no rule anywhere: Google leaves rowData out
    ([{"rowData": [{"values": [{}, one_of("ก", "ข")]}]}], {1: ("ก", "ข")}),
    ([{"startColumn": 3, "rowData": [{"values": [one_of("ก")]}]}], {3: ("ก",)}),
    ([{"rowData": [{"values": [{"dataValidation": {"condition": {
        "type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=A1:A3"}]}}}]}]}], {}),
])
def test_google_grid_data_as_list_rules(data: list[dict[str, Any]], rules: dict[int, tuple[str, ...]]) -> None:
    metadata = {"sheets": [{"properties": {"title": "เรื่องร้องเรียน"}, "data": data}]}
    assert list_rules_of(metadata) == {"เรื่องร้องเรียน": rules}
