"""What the outbox needs to know of a table: its name, its key column and whether we write it."""

from __future__ import annotations

from typing import Protocol


class TableSpec(Protocol):
    """A plain table description; ``sheets.schema.Tab`` is one, and ``state`` never imports ``sheets``."""

    @property
    def name(self) -> str: ...

    @property
    def key(self) -> str | None: ...

    @property
    def writable(self) -> bool: ...
