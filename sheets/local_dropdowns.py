"""Dropdowns of the local .xlsx (openpyxl data validation): a list on every column with choices that has none,
today's list on one whose list lacks a choice (sheets.dropdowns), the admins' cells untouched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sheets.cells import CellValue
from sheets.dropdowns import Outdated, choice_columns, list_formula, outdated, parse_list_formula
from sheets.schema import Tab


def update_dropdowns(sheet: Worksheet, tab: Tab, header: Sequence[CellValue]) -> list[Outdated]:
    """Replace the outdated lists and add the missing ones; returns the dropdowns replaced."""
    replaced = outdated({tab.name: header}, {tab.name: list_rules(sheet)})
    for old in replaced:
        _drop_rule(sheet, old.index + 1)
    covered = {column for column in range(1, len(header) + 1) if _rules_on(sheet, column)}
    for index, column in choice_columns(tab, header):
        if index + 1 in covered:
            continue
        letter = get_column_letter(index + 1)
        validation = DataValidation(type="list", formula1=list_formula(column.choices),
                                    allow_blank=True, showErrorMessage=True,
                                    errorTitle="ค่าไม่ถูกต้อง", error="โปรดเลือกจากรายการ")
        validation.add(f"{letter}2:{letter}5000")
        sheet.add_data_validation(validation)
    return replaced


def _rules_on(sheet: Worksheet, column: int) -> list[tuple[DataValidation, Any]]:
    """The (rule, range) pairs that cover row 2 of the 1-based ``column``."""
    return [(dv, area) for dv in sheet.data_validations.dataValidation for area in dv.sqref.ranges
            if area.min_col <= column <= area.max_col and area.min_row <= 2 <= area.max_row]


def list_rules(sheet: Worksheet) -> dict[int, tuple[str, ...]]:
    """0-based column → the literal list of the dropdown on its row 2 (a list taken from a range is skipped)."""
    rules: dict[int, tuple[str, ...]] = {}
    for column in range(1, sheet.max_column + 1):
        for dv, _ in _rules_on(sheet, column):
            choices = parse_list_formula(dv.formula1) if dv.type == "list" else None
            if choices is not None:
                rules[column - 1] = choices
    return rules


def _drop_rule(sheet: Worksheet, column: int) -> None:
    """Take the column's ranges out of the rules that cover it; a rule left with no range goes."""
    for dv, area in _rules_on(sheet, column):
        dv.sqref.remove(area)
    sheet.data_validations.dataValidation = [dv for dv in sheet.data_validations.dataValidation if dv.sqref.ranges]
