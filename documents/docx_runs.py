"""Runs and their properties: fonts for Latin and Thai alike, schema order, line breaks, hyperlinks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from handlers.documents.model import Inline, Link, Strong

FONT = "TH Sarabun New"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY}


RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
             "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
             "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def set_property(rpr: Any, tag: str, **attributes: str) -> None:
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


def add_inlines(paragraph: DocxParagraph, parts: tuple[Inline, ...], digits: Callable[[str], str], *,
             bold: bool = False) -> None:
    for part in parts:
        if isinstance(part, Link):
            _hyperlink(paragraph, part)
            continue
        text, strong = (part.text, True) if isinstance(part, Strong) else (part, bold)
        for number, line in enumerate(text.split("\n")):
            run = paragraph.add_run()
            if number:
                run.add_break()
            run.add_text(digits(line))
            if strong:
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
