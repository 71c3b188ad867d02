"""Read a written .docx back in document order: headings, paragraphs, tables and pictures, as text."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

THAI_DIGIT = re.compile("[๐-๙]")
ARABIC_DIGIT = re.compile("[0-9]")


@dataclass
class ReadBack:
    items: list[tuple[str, Any]] = field(default_factory=list)
    link_urls: list[str] = field(default_factory=list)
    images: list[bytes] = field(default_factory=list)
    docx: Any = None

    def headings(self, level: int = 1) -> list[str]:
        return [text for kind, text in self.items if kind == f"Heading {level}"]

    def tables(self) -> list[list[list[str]]]:
        return [rows for kind, rows in self.items if kind == "table"]

    def table_after(self, caption_start: str) -> list[list[str]]:
        for index, (kind, value) in enumerate(self.items):
            if kind == "Normal" and value.startswith(caption_start):
                return next(rows for kind, rows in self.items[index:] if kind == "table")
        raise AssertionError(f"no table captioned {caption_start!r}")

    def table_captioned(self, words: str) -> list[list[str]]:
        """The table whose caption holds ``words`` (captions are numbered in order, so numbers move)."""
        for index, (kind, value) in enumerate(self.items):
            if kind == "Normal" and value.startswith("ตารางที่") and words in value:
                return next(rows for kind, rows in self.items[index:] if kind == "table")
        raise AssertionError(f"no table captioned with {words!r}")

    def text(self) -> str:
        lines = []
        for kind, value in self.items:
            lines += ["\n".join(" | ".join(row) for row in value)] if kind == "table" else [value]
        return "\n".join(lines)

    def text_without_links(self) -> str:
        text = self.text()
        for url in self.link_urls:
            text = text.replace(url, "")
        return text


def read_docx(data: bytes) -> ReadBack:
    document = Document(io.BytesIO(data))
    back = ReadBack(docx=document)
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            text = paragraph.text
            if child.findall(".//" + qn("w:drawing")):
                back.items.append(("picture", ""))
            if text:
                back.items.append((paragraph.style.name if paragraph.style is not None else "Normal", text))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            back.items.append(("table", [[cell.text for cell in _unique(row.cells)] for row in table.rows]))
    for relation in document.part.rels.values():
        if relation.is_external:
            back.link_urls.append(relation.target_ref)
        elif "image" in relation.reltype:
            back.images.append(relation.target_part.blob)
    return back


def _unique(cells: list[Any]) -> list[Any]:
    """A merged cell appears once per grid column it covers; keep it once."""
    seen: list[Any] = []
    for cell in cells:
        if not any(cell._tc is other._tc for other in seen):
            seen.append(cell)
    return seen
