"""One call for every caller (CLI, LINE download, jobs): a Document as .docx or .pdf bytes."""

from __future__ import annotations

from documents.docx_writer import write_docx
from documents.pdf import docx_to_pdf
from handlers.documents.model import Document

FORMATS = ("docx", "pdf")
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf"}


def render_document(document: Document, kind: str) -> bytes:
    """The file's bytes; ``kind`` is docx or pdf (raises ConverterMissing when PDF cannot be made)."""
    docx = write_docx(document)
    return docx if kind == "docx" else docx_to_pdf(docx)
