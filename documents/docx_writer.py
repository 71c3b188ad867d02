"""A Document as .docx with python-docx: A4, Thai government style, 16 pt TH Sarabun New (Laksaman on Linux).

Thai is a complex script: Word and LibreOffice take its font and size from ``w:rFonts/@w:cs`` and
``w:szCs``, which python-docx does not set, so ``_font`` sets them on every style we use.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from common.thaitext import to_thai_digits
from documents.chart import render_chart
from documents.docx_pages import add_page_footer
from documents.docx_runs import ALIGN, FONT, add_inlines, set_property
from documents.docx_tables import add_signatures, add_table
from documents.photos import PhotoSource
from handlers.documents.model import (
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Signatures,
    Table,
)

BODY_PT, TITLE_PT, HEADING_PT, SUBHEADING_PT = 16, 18, 16, 16


PHOTO_WIDTH_CM = 8.0


def write_docx(document: Document, photos: PhotoSource | None = None) -> bytes:
    """The .docx; ``photos`` reads the evidence photos a document shows (none: each says it is missing)."""
    docx = new_document()
    _page(docx)
    _styles(docx)
    digits: Callable[[str], str] = to_thai_digits if document.thai_digits else str
    add_page_footer(docx.sections[0], document.made, digits)
    for line in document.title:
        paragraph = docx.add_paragraph(style="Title")
        paragraph.add_run(digits(line))
    for block in document.blocks:
        if isinstance(block, Picture):
            _picture(docx, block, photos(block.reference) if photos else None, digits)
        else:
            _block(docx, block, digits, document.thai_digits)
    properties = docx.core_properties
    properties.title, properties.subject, properties.language = document.title_lines[0], document.subject, "th-TH"
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _page(docx: Any) -> None:
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)


def _styles(docx: Any) -> None:
    for name, size, bold in (("Normal", BODY_PT, False), ("Title", TITLE_PT, True), ("Heading 1", HEADING_PT, True),
                             ("Heading 2", SUBHEADING_PT, True)):
        style = docx.styles[name]
        _font(style.element.get_or_add_rPr(), size, bold)
        paragraph = style.paragraph_format
        paragraph.space_before = Pt(6 if name.startswith("Heading") else 0)
        paragraph.space_after = Pt(3 if name != "Title" else 0)
        paragraph.line_spacing = 1.0
        paragraph.widow_control = True
        if name == "Title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _no_border(style.element)


def _font(rpr: Any, size: int, bold: bool) -> None:
    """Font, size and weight for Latin and complex script (Thai) alike; no theme fonts."""
    set_property(rpr, "rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    set_property(rpr, "b", val="1" if bold else "0")
    set_property(rpr, "bCs", val="1" if bold else "0")
    set_property(rpr, "color", val="000000")
    set_property(rpr, "sz", val=str(size * 2))
    set_property(rpr, "szCs", val=str(size * 2))
    set_property(rpr, "lang", val="th-TH", bidi="th-TH")


def _no_border(style: Any) -> None:
    ppr = style.find(qn("w:pPr"))
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


def _block(docx: Any, block: object, digits: Callable[[str], str], thai_digits: bool) -> None:
    if isinstance(block, Heading):
        docx.add_paragraph(digits(block.text), style=f"Heading {min(block.level, 2)}")
    elif isinstance(block, Paragraph):
        _paragraph(docx.add_paragraph(), block, digits)
    elif isinstance(block, Table):
        add_table(docx, block, digits)
    elif isinstance(block, Chart):
        docx.add_picture(io.BytesIO(render_chart(block, thai_digits=thai_digits, titled=False)), width=Cm(16))
        docx.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        docx.paragraphs[-1].paragraph_format.keep_with_next = True
        caption = docx.add_paragraph(digits(block.title))
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif isinstance(block, Signatures):
        add_signatures(docx, block, digits)
    elif isinstance(block, PageBreak):
        docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _picture(docx: Any, block: Picture, data: bytes | None, digits: Callable[[str], str]) -> None:
    if data is None:
        docx.add_paragraph(digits(block.missing))
        return
    docx.add_picture(io.BytesIO(data), width=Cm(PHOTO_WIDTH_CM))
    docx.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx.paragraphs[-1].paragraph_format.keep_with_next = True
    caption = docx.add_paragraph(digits(block.caption))
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _paragraph(paragraph: DocxParagraph, block: Paragraph, digits: Callable[[str], str]) -> None:
    paragraph.alignment = ALIGN[block.align]
    fmt = paragraph.paragraph_format
    fmt.keep_with_next = block.keep_with_next or None
    if block.indent:
        fmt.first_line_indent = Cm(1.25)
    if block.bullet:
        fmt.left_indent, fmt.first_line_indent = Cm(1.0), Cm(-0.5)
        paragraph.add_run("• ")
    add_inlines(paragraph, block.parts, digits, bold=block.bold)
