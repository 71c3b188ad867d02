"""Where a document's evidence photos come from: the bot's attachments folder, by reference."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

PhotoSource = Callable[[str], bytes | None]
NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png)$")


def photo_folder(folder: Path) -> PhotoSource:
    """Read ``attachments/<name>`` from ``folder``; None for a malformed reference or a missing file."""

    def read(reference: str) -> bytes | None:
        prefix, _, name = reference.partition("/")
        if prefix != folder.name or not NAME.match(name):
            return None
        try:
            return (folder / name).read_bytes()
        except OSError:
            return None

    return read
