"""Photos that come with complaints, kept under ITA_DATA_DIR (never in the sheet, which gets a reference)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}


class AttachmentStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, data: bytes) -> str | None:
        """A reference such as ``attachments/3f…a1.jpg``; None when it is not a JPEG/PNG or too large."""
        extension = next((ext for magic, ext in SIGNATURES.items() if data.startswith(magic)), None)
        if extension is None or len(data) > MAX_BYTES:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        name = secrets.token_hex(16) + extension
        temp = self.folder / f".{name}.tmp"
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.folder / name)
        return f"{self.folder.name}/{name}"
