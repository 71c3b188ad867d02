"""Numbered headings as the seeds number them: 1., 2., … and 2.1, 2.2 … inside a section."""

from __future__ import annotations

from dataclasses import replace

from handlers.documents.model import Block, Heading, Table
from templates import document_words as w

DOTS = "...................."
"""What stands for a value the sheet does not have: a line to fill in by hand."""


class Sections:
    def __init__(self) -> None:
        self.number = 0
        self.sub = 0

    def heading(self, text: str) -> Heading:
        self.number += 1
        self.sub = 0
        return Heading(f"{self.number}. {text}")

    def next_sub(self) -> str:
        """'3.2' for the second numbered paragraph of section 3."""
        self.sub += 1
        return f"{self.number}.{self.sub}"


def numbered_tables(blocks: list[Block]) -> tuple[Block, ...]:
    """'ตารางที่ 1 …', '2 …' in the order the captioned tables appear."""
    out: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, Table) and block.caption:
            count += 1
            block = replace(block, caption=w("table_number", number=count, caption=block.caption))
        out.append(block)
    return tuple(out)
