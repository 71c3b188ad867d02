"""Every page: the page number (Thai or Arabic digits, as the document) and the date the document was made."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from handlers.documents.office import long_date
from templates import document_words as w

FOOTER_PT = 14


def add_page_footer(section: Any, made: date | None, digits: Callable[[str], str]) -> None:
    """'- 2 -' at the top centre as Thai official documents number them, the making date in the footer."""
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("- ")
    _page_field(header)
    header.add_run(" -")
    section.different_first_page_header_footer = True
    if made is not None:
        for footer in (section.footer.paragraphs[0], section.first_page_footer.paragraphs[0]):
            footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            footer.add_run(digits(w("made_on", day=long_date(made))))
    for paragraph in (header, section.footer.paragraphs[0], section.first_page_footer.paragraphs[0]):
        for run in paragraph.runs:
            run.font.size = Pt(FOOTER_PT)


def _page_field(paragraph: Any) -> None:
    """A PAGE field (python-docx has no API for fields): begin, instruction, separate, a shown value, end."""
    instruction = " PAGE "  # Thai digits come from the numerals setting (documents/pdf.py), not a \* switch
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        else:
            run.add_text("1")
