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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from common.thaitext import to_thai_digits
from documents.chart import render_chart
from handlers.documents.model import (
    Chart,
    Document,
    Heading,
    Inline,
    Link,
    PageBreak,
    Paragraph,
    Signatures,
    Table,
)
from templates import document_words as w

FONT = "TH Sarabun New"
BODY_PT, TITLE_PT, HEADING_PT, SUBHEADING_PT, TABLE_PT = 16, 20, 18, 16, 14
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY}
HEADER_FILL = "D9D9D9"


def write_docx(document: Document) -> bytes:
    docx = new_document()
    _page(docx)
    _styles(docx)
    digits: Callable[[str], str] = to_thai_digits if document.thai_digits else str
    for line in document.title:
        paragraph = docx.add_paragraph(style="Title")
        paragraph.add_run(digits(line))
    for block in document.blocks:
        _block(docx, block, digits, document.thai_digits)
    properties = docx.core_properties
    properties.title, properties.subject, properties.language = document.title[0], document.subject, "th-TH"
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
        if name == "Title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _no_border(style.element)


RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def _set(rpr: Any, tag: str, **attributes: str) -> None:
    """Replace one run property, in the order the schema requires (Word rejects misordered ones)."""
    for old in rpr.findall(qn(f"w:{tag}")):
        rpr.remove(old)
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    later = {qn(f"w:{name}") for name in RPR_ORDER[RPR_ORDER.index(tag) + 1:]}
    following = next((child for child in rpr if child.tag in later), None)
    if following is None:
        rpr.append(element)
    else:
        following.addprevious(element)


def _font(rpr: Any, size: int, bold: bool) -> None:
    """Font, size and weight for Latin and complex script (Thai) alike; no theme fonts."""
    _set(rpr, "rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    _set(rpr, "b", val="1" if bold else "0")
    _set(rpr, "bCs", val="1" if bold else "0")
    _set(rpr, "color", val="000000")
    _set(rpr, "sz", val=str(size * 2))
    _set(rpr, "szCs", val=str(size * 2))
    _set(rpr, "lang", val="th-TH", bidi="th-TH")


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
        _table(docx, block, digits)
    elif isinstance(block, Chart):
        docx.add_picture(io.BytesIO(render_chart(block, thai_digits=thai_digits)), width=Cm(16))
        docx.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = docx.add_paragraph(digits(block.title))
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif isinstance(block, Signatures):
        _signatures(docx, block, digits)
    elif isinstance(block, PageBreak):
        docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _paragraph(paragraph: DocxParagraph, block: Paragraph, digits: Callable[[str], str]) -> None:
    paragraph.alignment = ALIGN[block.align]
    fmt = paragraph.paragraph_format
    if block.indent:
        fmt.first_line_indent = Cm(1.25)
    if block.bullet:
        fmt.left_indent, fmt.first_line_indent = Cm(1.0), Cm(-0.5)
        paragraph.add_run("• ")
    _inlines(paragraph, block.parts, digits, bold=block.bold)


def _inlines(paragraph: DocxParagraph, parts: tuple[Inline, ...], digits: Callable[[str], str], *,
             bold: bool = False) -> None:
    for part in parts:
        if isinstance(part, Link):
            _hyperlink(paragraph, part)
            continue
        for number, line in enumerate(part.split("\n")):
            run = paragraph.add_run()
            if number:
                run.add_break()
            run.add_text(digits(line))
            if bold:
                run.bold = True
                run.font.cs_bold = True


def _hyperlink(paragraph: DocxParagraph, link: Link) -> None:
    """A clickable web address (python-docx has no API for it: one w:hyperlink element with a run)."""
    relation = paragraph.part.relate_to(link.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0563C1")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([colour, underline])
    text = OxmlElement("w:t")
    text.text = link.text
    text.set(qn("xml:space"), "preserve")
    run.extend([properties, text])
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _table(docx: Any, block: Table, digits: Callable[[str], str]) -> None:
    if block.caption:
        caption = docx.add_paragraph(digits(block.caption))
        caption.runs[0].bold = True
        caption.runs[0].font.cs_bold = True
        caption.paragraph_format.keep_with_next = True
    columns = len(block.headers)
    table = docx.add_table(rows=1 + len(block.rows), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
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
    docx.add_paragraph()


def _widths(table: Any, widths: tuple[float, ...]) -> None:
    """Widths on the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Cm(width)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cell(target: Any, parts: tuple[Inline, ...], digits: Callable[[str], str], *, bold: bool, align: str,
          fill: str | None) -> None:
    paragraph = target.paragraphs[0]
    paragraph.alignment = ALIGN["left" if align == "justify" else align]
    _inlines(paragraph, parts, digits, bold=bold)
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
    _set(run._r.get_or_add_rPr(), "szCs", val=str(size * 2))


def _signatures(docx: Any, block: Signatures, digits: Callable[[str], str]) -> None:
    docx.add_paragraph()
    table = docx.add_table(rows=1, cols=len(block.people))
    for index, person in enumerate(block.people):
        target = table.cell(0, index)
        lines = (w("sign_line"), f"({person.name})" if person.name else w("sign_blank"),
                 person.position or w("sign_position_blank"), person.role)
        target.paragraphs[0].add_run(digits(lines[0]))
        target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for line in lines[1:]:
            paragraph = target.add_paragraph(digits(line))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
