"""Tables and the signature block: grey repeated header row, widths for Word and LibreOffice, shaded cells."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from documents.docx_runs import ALIGN, add_inlines, set_property
from handlers.documents.model import Cell, Inline, Signatures, Table
from templates import document_words as w

TABLE_PT = 14
HEADER_FILL = "D9D9D9"
CM_PER_CHAR, CELL_PADDING_CM, WRAP_LOSS = 0.26, 0.4, 1.15
"""Laksaman (TH Sarabun New) at 14 pt: the mean advance of a spacing character, measured with Pillow on the
demo's table text; word wrapping wastes about 15 % of a line."""
KEEP_WHOLE_LINES = 6
"""A row of up to this many lines moves whole to the next page; a taller one may split there, so a page does
not end half empty."""
SHORT_TABLE_ROWS, SHORT_ROW_LINES = 7, 2
"""A table of up to 7 rows of one or two lines (scores by tool, levels, counts) stays on one page."""


def add_table(docx: Any, block: Table, digits: Callable[[str], str]) -> None:
    if block.caption:
        caption = docx.add_paragraph(digits(block.caption))
        caption.runs[0].bold = True
        caption.runs[0].font.cs_bold = True
        caption.paragraph_format.keep_with_next = True
    columns = len(block.headers)
    table = docx.add_table(rows=1 + len(block.rows), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row_flag(table.rows[0], "w:cantSplit")
    _row_flag(table.rows[0], "w:tblHeader")
    for index, header in enumerate(block.headers):
        _cell(table.cell(0, index), (header,), digits, bold=True, align="center", fill=HEADER_FILL)
    kept = kept_with_next(block)
    for row_index, row in enumerate(block.rows, 1):
        column = 0
        for item in row:
            target = table.cell(row_index, column)
            if item.span > 1:
                target = target.merge(table.cell(row_index, column + item.span - 1))
            _cell(target, item.parts, digits, bold=item.bold, align=item.align, fill=item.fill)
            column += item.span
        if row_index - 1 in kept:
            _keep_with_next(table.rows[row_index]._tr)
        if len(row) == 1 or estimated_lines(row, block.widths) <= KEEP_WHOLE_LINES:
            _row_flag(table.rows[row_index], "w:cantSplit")
    _widths(table, block.widths)
    docx.add_paragraph()


def kept_with_next(block: Table) -> set[int]:
    """The rows (0-based) that stay on the page of the row under them: a group row; every row of a short
    table; and in a longer one the first and the second-to-last of short rows, so that a page break never
    leaves one row alone at a table's start or end."""
    rows, last = block.rows, len(block.rows) - 1
    if is_short(block):
        return set(range(last))
    lines = [estimated_lines(row, block.widths) for row in rows]
    ends = {index for index in (0, last - 1) if 0 <= index < last and max(lines[index:index + 2]) <= SHORT_ROW_LINES}
    return ends | {index for index, row in enumerate(rows) if len(row) == 1 and len(block.headers) > 1}


def is_short(block: Table) -> bool:
    return len(block.rows) <= SHORT_TABLE_ROWS and all(
        estimated_lines(row, block.widths) <= SHORT_ROW_LINES for row in block.rows)


def estimated_lines(row: tuple[Cell, ...], widths: tuple[float, ...]) -> int:
    """How many lines the row's tallest cell takes. No library measures Word's line breaking, so this counts
    spacing characters (Thai vowels and tone marks above and below take no width) against the column width."""
    tallest, column = 1, 0
    for item in row:
        usable = max(sum(widths[column:column + item.span]) - CELL_PADDING_CM, 0.5)
        lines = sum(max(1, math.ceil(_spacing(line) * CM_PER_CHAR * WRAP_LOSS / usable))
                    for line in item.text.split("\n"))
        tallest, column = max(tallest, lines), column + item.span
    return tallest


def _spacing(text: str) -> int:
    return sum(1 for character in text if unicodedata.category(character) not in ("Mn", "Me"))


def _keep_with_next(element: Any) -> None:
    """Every paragraph of a row (or a paragraph) stays on the page of what follows it."""
    for paragraph in element.iter(qn("w:p")):
        paragraph.get_or_add_pPr().keepNext_val = True


def _widths(table: Any, widths: tuple[float, ...]) -> None:
    """Widths on the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Cm(width)


def _row_flag(row: Any, tag: str) -> None:
    """A row property that is on or off: cantSplit keeps a row on one page, tblHeader repeats it on each page
    (the schema puts cantSplit before tblHeader, so each is appended in that order)."""
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _cell(target: Any, parts: tuple[Inline, ...], digits: Callable[[str], str], *, bold: bool, align: str,
          fill: str | None) -> None:
    paragraph = target.paragraphs[0]
    paragraph.alignment = ALIGN["left" if align == "justify" else align]
    add_inlines(paragraph, parts, digits, bold=bold)
    for run in paragraph.runs:
        run.font.size = Pt(TABLE_PT)
        _cs_size(run, TABLE_PT)
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        target._tc.get_or_add_tcPr().append(shading)


def _cs_size(run: Any, size: int) -> None:
    set_property(run._r.get_or_add_rPr(), "szCs", val=str(size * 2))


def _keep_last_block_with_signatures(body: Any) -> None:
    """The paragraph before the signatures, or the last row of a table that ends the text, moves with them."""
    last = body[-2]  # body[-1] is the section properties
    previous = last.getprevious()
    if previous is not None and previous.tag == qn("w:tbl") and not "".join(last.itertext()).strip():
        _keep_with_next(previous.findall(qn("w:tr"))[-1])
    if last.tag == qn("w:p"):
        _keep_with_next(last)


def add_signatures(docx: Any, block: Signatures, digits: Callable[[str], str]) -> None:
    """Signers side by side in one row that may not break across pages, kept with the paragraph above them
    (a signature never stands alone on the last page)."""
    _keep_last_block_with_signatures(docx.element.body)
    docx.add_paragraph().paragraph_format.keep_with_next = True
    table = docx.add_table(rows=1, cols=len(block.people))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row_flag(table.rows[0], "w:cantSplit")
    for index, person in enumerate(block.people):
        target = table.cell(0, index)
        lines = (w("sign_line"), f"({person.name})" if person.name else w("sign_blank"),
                 person.position or w("sign_position_blank"), *((person.role,) if person.role else ()))
        target.paragraphs[0].add_run(digits(lines[0]))
        target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for line in lines[1:]:
            paragraph = target.add_paragraph(digits(line))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for paragraph in target.paragraphs:
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.keep_together = True
