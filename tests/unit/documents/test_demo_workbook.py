"""The demo workbook is coherent on any day: last year's scores, this year's work, every document full."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from common.thaitext import fiscal_year_of
from demo.workbook import create_demo_workbook, demo_score_years
from handlers.documents.requests import DocumentRequest, build_document
from sheets import records as r
from sheets.local import LocalWorkbook
from sheets.schema import DOCUMENT_SETTINGS
from sheets.workbook import Snapshot, parse_workbook

DAYS = [date(2026, 11, 23), date(2027, 9, 30), date(2027, 10, 1), date(2025, 3, 15)]


def demo_on(day: date, folder: Path) -> Snapshot:
    workbook = LocalWorkbook(folder / "ita.xlsx")
    create_demo_workbook(workbook, day)
    return parse_workbook(workbook.read_tables(), datetime.combine(day, datetime.min.time()).replace(hour=12))


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_seed_years_are_the_two_before_the_current_one(day: date, tmp_path: Path) -> None:
    year = fiscal_year_of(day)
    snapshot = demo_on(day, tmp_path)
    assert demo_score_years(day) == [year - 2, year - 1]
    assert {s.fiscal_year for s in snapshot.scores} == {year - 2, year - 1}
    assert [(p.fiscal_year, p.overall, p.level) for p in snapshot.rows("ผลประเมิน", r.Result)] == [
        (year - 1, 80.61, "ต้องปรับปรุง")], "the seed's 80.61 on the 5-level scheme of its new year"
    assert {q.fiscal_year for q in snapshot.rows("ข้อคำถาม", r.Question)} == {year - 1}
    assert {m.fiscal_year for m in snapshot.measures} == {year}
    assert any(m.evidence and m.progress for m in snapshot.measures), "measures with progress and evidence"
    oit = snapshot.rows("OIT", r.OitItem)
    assert {i.fiscal_year for i in oit} == {year} and all(i.link for i in oit if i.status == "เผยแพร่แล้ว")
    assert len({c.status for c in snapshot.complaints}) == 3
    assert all(c.received.date() <= day for c in snapshot.complaints), "no case received after the demo's day"


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_document_the_demo_makes_is_full(day: date, tmp_path: Path) -> None:
    year = fiscal_year_of(day)
    snapshot = demo_on(day, tmp_path)
    settings = snapshot.settings
    assert all(settings.get(key) for key, _ in DOCUMENT_SETTINGS), "signer, reporter, district, meeting date"
    assert settings["district"] == "มวกเหล็ก" and settings["province"] == "สระบุรี"
    for kind, of_year in (("analysis", year - 1), ("progress", year), ("complaints", year)):
        document = build_document(snapshot, DocumentRequest(kind, of_year), day)
        assert document.notes == (), f"{kind} {of_year}: {document.notes}"
