"""Dropdowns (list data validation) on the columns with choices (sheets.schema): which a workbook made by an
older version holds without one of today's choices (ถอนเรื่อง in สถานะ), and what ``sheet check`` says of them.

A rule is outdated when a choice of the schema is missing from its list: an admin cannot pick it, and Google
marks the bot's own write of it invalid. Extra words an office added to its list are left alone; a rule that
takes its list from a range (ONE_OF_RANGE) or checks something else is not ours to judge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from common.thaitext import normalize_header
from sheets.cells import CellValue
from sheets.schema import TABS, Column, Tab
from sheets.workbook import Problem

ListRules = Mapping[str, Mapping[int, tuple[str, ...]]]
"""Tab → 0-based column → the list of the dropdown on the column's first record row (row 2)."""
FIX = "ita-bot sheet init"


@dataclass(frozen=True)
class Outdated:
    tab: str
    header: str
    index: int
    """0-based column of the dropdown."""
    missing: tuple[str, ...]

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.index + 1))

    def problem(self) -> Problem:
        """What ``sheet check`` prints: where, what is missing, and the command that fixes it."""
        missing = ", ".join(self.missing)
        return Problem(self.tab, 0, self.header,
                       f"รายการตัวเลือก (ดรอปดาวน์) ยังไม่มี {missing} จึงเลือกค่านี้ในชีตไม่ได้ และชีตจะแสดงว่าค่าที่บอต"
                       f"เขียนไม่ถูกต้อง แก้โดยสั่ง {FIX} (ปรับรายการตัวเลือกให้ครบ ไม่แตะข้อมูล)", self.letter)

    def line(self) -> str:
        """What ``sheet init`` prints once it has replaced the rule."""
        return f"ปรับรายการตัวเลือก {self.tab}: {self.header} (คอลัมน์ {self.letter}) เพิ่ม {', '.join(self.missing)}"


def choice_columns(tab: Tab, header_row: Sequence[CellValue]) -> list[tuple[int, Column]]:
    """(0-based index in the sheet's own header row, column) of each column with choices that the row holds."""
    names = [normalize_header(str(cell)) if cell is not None else "" for cell in header_row]
    return [(names.index(normalize_header(c.header)), c) for c in tab.columns
            if c.choices and normalize_header(c.header) in names]


def outdated(headers: Mapping[str, Sequence[CellValue]], rules: ListRules) -> list[Outdated]:
    """Every dropdown whose list lacks one of the schema's choices, in the contract's tab order."""
    found = []
    for tab in TABS:
        lists = rules.get(tab.name, {})
        for index, column in choice_columns(tab, headers.get(tab.name, [])):
            if index not in lists:
                continue
            have = {choice.strip() for choice in lists[index]}
            missing = tuple(choice for choice in column.choices if choice not in have)
            if missing:
                found.append(Outdated(tab.name, column.header, index, missing))
    return found


def parse_list_formula(formula: str | None) -> tuple[str, ...] | None:
    """The choices of an .xlsx list rule written as a literal ("a,b,c"); None for a range (=Sheet!A1:A5)."""
    text = (formula or "").strip()
    if not (text.startswith('"') and text.endswith('"') and len(text) >= 2):
        return None
    return tuple(part.strip() for part in text[1:-1].replace('""', '"').split(","))


def list_formula(choices: Sequence[str]) -> str:
    return '"' + ",".join(choices) + '"'
