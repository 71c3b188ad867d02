"""One call for every caller (CLI, LINE download, jobs): a Document as .docx or .pdf bytes."""

from __future__ import annotations

from documents.chart import render_chart
from documents.docx_writer import write_docx
from documents.pdf import docx_to_pdf
from documents.photos import PhotoSource
from handlers.documents.model import Document

FORMATS = ("docx", "pdf")
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf", "png": "image/png"}


class NoChart(ValueError):
    """The document has no chart to show."""


def render_document(document: Document, kind: str, photos: PhotoSource | None = None) -> bytes:
    """The file's bytes: docx, pdf (ConverterMissing when PDF cannot be made) or png (the first chart)."""
    if kind == "png":
        if not document.charts:
            raise NoChart(document.kind)
        return render_chart(document.charts[0], thai_digits=document.thai_digits)
    docx = write_docx(document, photos)
    return docx if kind == "docx" else docx_to_pdf(docx, thai_digits=document.thai_digits)
