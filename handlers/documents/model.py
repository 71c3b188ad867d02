"""A document as plain data: what the writers in ``documents/`` turn into .docx, PDF and chart images.

Text is kept with Arabic digits; the writers show Thai digits when ``Document.thai_digits`` is set,
except inside a ``Link`` (web addresses must stay as typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Strong:
    """Bold text inside a paragraph or cell (a measure's name above how it is carried out)."""
    text: str


Inline = str | Link | Strong
Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]
    align: Align = "justify"
    bold: bool = False
    bullet: bool = False
    indent: bool = False
    """First-line indent, as Thai official letters indent a paragraph."""
    keep_with_next: bool = False
    """On the page of what follows (a paragraph that introduces a list)."""

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


@dataclass(frozen=True)
class Cell:
    parts: tuple[Inline, ...]
    align: Align = "left"
    bold: bool = False
    fill: str | None = None
    """Background colour (hex without #), e.g. for ไม่ผ่านเกณฑ์."""
    span: int = 1

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    """Column widths in centimetres (the text width of A4 with our margins is 16 cm)."""
    caption: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Chart:
    """Horizontal grouped bars: one group per category, one bar per series."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    maximum: float = 100.0
    reference: float | None = None
    reference_label: str = ""
    value_format: str = "{:.2f}"


@dataclass(frozen=True)
class Signature:
    role: str
    name: str
    position: str


@dataclass(frozen=True)
class Signatures:
    people: tuple[Signature, ...]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Picture:
    """A photo the bot keeps (``attachments/…``); the writer reads it from where photos are kept."""

    reference: str
    caption: str
    missing: str
    """What the page says instead when the file is gone (removed, or another server)."""


Block = Heading | Paragraph | Table | Chart | Signatures | PageBreak | Picture


@dataclass(frozen=True)
class Document:
    kind: str
    """analysis, progress or complaints."""
    title: tuple[str, ...]
    """The title block, a paragraph each; a "\n" inside one is where its line breaks, as the seeds break it."""
    blocks: tuple[Block, ...]
    thai_digits: bool
    filename: str
    """A file name without extension, ASCII only (safe in a Content-Disposition header)."""
    subject: str = ""
    made: date | None = None
    """The day the document was made: shown on every page with the page number."""
    notes: tuple[str, ...] = ()
    """What the person who asked should fix or fill in (never printed on the page)."""
    charts: tuple[Chart, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "charts", tuple(b for b in self.blocks if isinstance(b, Chart)))

    @property
    def title_lines(self) -> tuple[str, ...]:
        """The title with each paragraph on one line, for a LINE card or the file's properties."""
        return tuple(line.replace("\n", " ") for line in self.title)


def para(*parts: Inline, **options: object) -> Paragraph:
    return Paragraph(tuple(parts), **options)  # type: ignore[arg-type]


def cell(text: str | Inline | tuple[Inline, ...], **options: object) -> Cell:
    parts = text if isinstance(text, tuple) else (text,)
    return Cell(parts, **options)  # type: ignore[arg-type]


GROUP_FILL = "DCE6F1"


def total_row(label: str, *numbers: int) -> tuple[Cell, ...]:
    """The bold รวม row under a table of counts."""
    return (cell(label, bold=True), *(cell(str(n), align="center", bold=True) for n in numbers))


def group_row(text: str, columns: int) -> tuple[Cell, ...]:
    """One shaded cell over the whole width naming the rows under it (an indicator over its measures)."""
    return (cell(text, bold=True, fill=GROUP_FILL, span=columns),)
