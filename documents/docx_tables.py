"""Tables and the signature block: grey repeated header row, widths for Word and LibreOffice, shaded cells."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from documents.docx_runs import ALIGN, add_inlines, set_property
from handlers.documents.model import Inline, Signatures, Table
from templates import document_words as w

TABLE_PT = 14
HEADER_FILL = "D9D9D9"


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
    for row in table.rows:
        _row_flag(row, "w:cantSplit")
    _row_flag(table.rows[0], "w:tblHeader")
    for index, header in enumerate(block.headers):
        _cell(table.cell(0, index), (header,), digits, bold=True, align="center", fill=HEADER_FILL)
    for row_index, row in enumerate(block.rows, 1):
        column = 0
        for item in row:
            target = table.cell(row_index, column)
            if item.span > 1:
                target = target.merge(table.cell(row_index, column + item.span - 1))
            _cell(target, item.parts, digits, bold=item.bold, align=item.align, fill=item.fill)
            column += item.span
    _widths(table, block.widths)
    if block.merge_first:
        _merge_first_column(table, block)
    docx.add_paragraph()


def _merge_first_column(table: Any, block: Table) -> None:
    """One cell for a run of rows with the same first-column text, its text shown once."""
    start = 0
    texts = [row[0].text if row and row[0].span == 1 else None for row in block.rows]
    for index in range(1, len(texts) + 1):
        if index < len(texts) and texts[index] is not None and texts[index] == texts[start]:
            continue
        if index - start > 1:
            kept = len(table.cell(start + 1, 0).paragraphs)
            table.cell(start + 1, 0).merge(table.cell(index, 0))
            top = table.rows[start + 1]._tr.tc_lst[0]
            for paragraph in top.findall(qn("w:p"))[kept:]:
                top.remove(paragraph)
        start = index


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


def add_signatures(docx: Any, block: Signatures, digits: Callable[[str], str]) -> None:
    """Signers side by side in one row that may not break across pages, kept with the line above it."""
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
