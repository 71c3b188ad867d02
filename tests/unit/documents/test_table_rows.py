"""How table rows meet a page break in every demo document: short rows and indicator rows move whole, an
indicator row stays with the row under it, a tall row may split, and each table repeats its header."""

from __future__ import annotations

from datetime import date

import pytest
from docx.oxml.ns import qn

from common.thaitext import fiscal_year_of
from documents.docx_tables import KEEP_WHOLE_LINES, estimated_lines, is_short, kept_with_next
from documents.docx_writer import write_docx
from handlers.documents.model import Cell, Table, cell, group_row
from handlers.documents.requests import DocumentRequest, build_document
from sheets.workbook import Snapshot
from tests.unit.documents.readback import read_docx

TODAY = date(2026, 11, 23)
YEAR = fiscal_year_of(TODAY)
KINDS = [("analysis", YEAR - 1), ("progress", YEAR), ("complaints", YEAR)]


def flag(row: object, tag: str) -> bool:
    found = row.find(f"{qn('w:trPr')}/{qn(tag)}")  # type: ignore[attr-defined]
    return found is not None and found.get(qn("w:val"), "true") in ("true", "1")


def keeps_with_next(row: object) -> bool:
    paragraphs = row.findall(f".//{qn('w:p')}")  # type: ignore[attr-defined]
    return bool(paragraphs) and all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphs)


@pytest.mark.parametrize("kind, year", KINDS)
def test_rows_meet_a_page_break_as_a_clerk_would_set_them(demo_workbook_snapshot: Snapshot, kind: str,
                                                            year: int) -> None:
    document = build_document(demo_workbook_snapshot, DocumentRequest(kind, year), TODAY)
    blocks = [block for block in document.blocks if isinstance(block, Table)]
    tables = read_docx(write_docx(document)).docx.element.body.findall(qn("w:tbl"))
    assert len(tables) == len(blocks) + 1, "one table per Table block and the signatures"
    for index, (block, table) in enumerate(zip(blocks, tables, strict=False)):
        header, *rows = table.findall(qn("w:tr"))
        ends_the_text = index == len(blocks) - 1 and document.blocks[-2] is block
        assert flag(header, "w:tblHeader") and flag(header, "w:cantSplit")
        kept = kept_with_next(block)
        for number, (model, row) in enumerate(zip(block.rows, rows, strict=True), 1):
            grouping = len(model) == 1
            assert flag(row, "w:cantSplit") == (grouping or estimated_lines(model, block.widths) <= KEEP_WHOLE_LINES)
            last = number == len(rows)
            assert keeps_with_next(row) == (number - 1 in kept or (ends_the_text and last))
    (signatures,) = tables[-1].findall(qn("w:tr"))
    assert flag(signatures, "w:cantSplit")


def test_tall_rows_are_the_ones_allowed_to_split(demo_workbook_snapshot: Snapshot) -> None:
    progress = build_document(demo_workbook_snapshot, DocumentRequest("progress", YEAR), TODAY)
    heights = [estimated_lines(row, block.widths) for block in progress.blocks if isinstance(block, Table)
               for row in block.rows if len(row) > 1]
    assert min(heights) <= KEEP_WHOLE_LINES < max(heights), "the demo has rows of both kinds"


def test_short_tables_stay_on_one_page_and_long_ones_may_break(demo_workbook_snapshot: Snapshot) -> None:
    analysis = build_document(demo_workbook_snapshot, DocumentRequest("analysis", YEAR - 1), TODAY)
    short = {block.caption.split()[1]: is_short(block) for block in analysis.blocks
             if isinstance(block, Table) and block.caption}
    assert short["1"] and not short["2"], "scores by tool stay whole; the ten indicators may run on"
    assert not short["4"] and not short["8"], "the defects and the measures may run on"


def test_no_row_is_left_alone_at_a_table_start_or_end() -> None:
    def table(*rows: tuple[Cell, ...]) -> Table:
        return Table(("a", "b"), rows, (8.0, 8.0))
    one_line = [(cell(f"{n}"), cell("-")) for n in range(10)]
    assert kept_with_next(table(*one_line)) == {0, 8}, "the first two and the last two rows go together"
    assert kept_with_next(table(*one_line[:5])) == {0, 1, 2, 3}, "a short table stays whole"
    tall = (cell("ข้อความยาว " * 40), cell("-"))
    assert kept_with_next(table(*one_line[:4], tall, *one_line[:4], tall)) == {0}, "tall rows may part"
    assert kept_with_next(table(*one_line[:8], group_row("ตัวชี้วัด", 2), *one_line[:3])) == {0, 8, 10}


def test_line_estimate_counts_spacing_characters_against_the_width() -> None:
    widths = (2.0, 8.0)
    assert estimated_lines((cell("ก"), cell("ข")), widths) == 1
    assert estimated_lines((cell("ผู้รับผิดชอบ " * 6), cell("-")), widths) > estimated_lines(
        (cell("-"), cell("ผู้รับผิดชอบ " * 6)), widths), "narrow columns wrap sooner"
    assert estimated_lines((cell("ก\nข\nค"), cell("-")), widths) == 3, "each line break starts a line"
    assert estimated_lines((cell("ที่นี่"), cell("-")), widths) == estimated_lines((cell("ทน"), cell("-")), widths) == 1
    assert estimated_lines(group_row("ตัวชี้วัด " * 10, 2), widths) < estimated_lines(
        (cell("ตัวชี้วัด " * 10), cell("-")), widths), "a group cell spans every column"


@pytest.mark.parametrize("kind, year", KINDS)
def test_the_signatures_keep_the_paragraph_above_them(demo_workbook_snapshot: Snapshot, kind: str, year: int) -> None:
    """Never a page with only the signatures: the last paragraph before them moves to their page."""
    document = build_document(demo_workbook_snapshot, DocumentRequest(kind, year), TODAY)
    body = list(read_docx(write_docx(document)).docx.element.body)
    signatures = body.index(body[-1].getprevious())  # the last table, before sectPr
    before = body[signatures - 2]
    if before.tag == qn("w:tbl"):  # the text ends with a table: its last row moves with the signatures
        assert keeps_with_next(before.findall(qn("w:tr"))[-1])
    else:
        assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    assert body[signatures - 1].find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
