"""Every table row of every demo document stays on one page, and each table repeats its header on a new page."""

from __future__ import annotations

from datetime import date

import pytest
from docx.oxml.ns import qn

from common.thaitext import fiscal_year_of
from documents.docx_writer import write_docx
from handlers.documents.requests import DocumentRequest, build_document
from sheets.workbook import Snapshot
from tests.unit.documents.readback import read_docx

TODAY = date(2026, 11, 23)
YEAR = fiscal_year_of(TODAY)


def flag(row: object, tag: str) -> bool:
    found = row.find(f"{qn('w:trPr')}/{qn(tag)}")  # type: ignore[attr-defined]
    return found is not None and found.get(qn("w:val"), "true") in ("true", "1")


@pytest.mark.parametrize("kind, year", [("analysis", YEAR - 1), ("progress", YEAR), ("complaints", YEAR)])
def test_no_row_splits_across_pages_and_headers_repeat(demo_workbook_snapshot: Snapshot, kind: str,
                                                         year: int) -> None:
    document = build_document(demo_workbook_snapshot, DocumentRequest(kind, year), TODAY)
    tables = read_docx(write_docx(document)).docx.element.body.findall(qn("w:tbl"))
    assert len(tables) >= 2
    for table in tables:
        rows = table.findall(qn("w:tr"))
        assert all(flag(row, "w:cantSplit") for row in rows)
        is_signatures = len(rows) == 1
        assert is_signatures or flag(rows[0], "w:tblHeader")
