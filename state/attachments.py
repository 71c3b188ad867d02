"""Photos that come with complaints, kept under ITA_DATA_DIR (never in the sheet, which gets a reference).

Every photo is decoded and re-encoded with Pillow, so no metadata (GPS position, phone model) survives and
what is not really a JPEG or PNG is refused; files are 0600 in a 0700 folder, within a disk budget.
Which photos belong to which case is kept beside them (``attachments-by-case/<case>``, one reference a line):
the sheet only says how many there are. Photos of open LINE drafts are listed per sender in ``attachments-drafts``
(state.photo_drafts): they may use at most a quarter of the budget, so filed photos (the web form, a measure's
evidence) always have the other three quarters, whatever drafts are left behind.
"""

from __future__ import annotations

import io
import os
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageOps

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
DEFAULT_BUDGET = 2 * 1024 ** 3
FORMATS = {"JPEG": ".jpg", "PNG": ".png"}
CASE_NO = re.compile(r"^\d{4}-\d{1,6}$")
NAME = re.compile(r"^[A-Za-z0-9_-]+\.(jpg|png)$")
DRAFT_SHARE = 4
"""Photos of open LINE drafts, all senders together, use at most 1/DRAFT_SHARE of the budget."""
SENDER_SHARE = 32
"""One sender's draft photos use at most 1/SENDER_SHARE of the budget (64 MB of the default 2 GB)."""


@dataclass(frozen=True)
class Photo:
    """A photo re-encoded without metadata, not yet on disk."""

    data: bytes
    extension: str


def clean_photo(data: bytes) -> Photo | None:
    """Decode and re-encode (keeping the EXIF orientation); None when it is not a JPEG/PNG we can read."""
    if len(data) > MAX_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS or image.width * image.height > MAX_PIXELS:
                return None
            kind = str(image.format)
            upright = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            if kind == "JPEG":
                (upright if upright.mode in ("RGB", "L") else upright.convert("RGB")).save(out, "JPEG", quality=88)
            else:
                upright.save(out, "PNG")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return Photo(out.getvalue(), FORMATS[kind])


class AttachmentStore:
    def __init__(self, folder: Path, budget: int = DEFAULT_BUDGET, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.folder = folder
        self.budget = budget
        self.by_case = folder.with_name(f"{folder.name}-by-case")
        self.drafts = folder.with_name(f"{folder.name}-drafts")
        self.clock = clock
        """Stamps what is written (files' times are the office clock's); None keeps the file system's time."""

    def has_room(self, photos: list[Photo]) -> bool:
        """Whether these filed photos fit in the budget beside the share kept for drafts (drafts never count)."""
        filed = self.used() - self.size_of(ref for refs in self.unfiled().values() for ref in refs)
        return filed + sum(len(photo.data) for photo in photos) <= self.budget - self.budget // DRAFT_SHARE

    def used(self) -> int:
        """Bytes of every file kept in the attachments folder."""
        return sum(entry.stat().st_size for entry in os.scandir(self.folder)) if self.folder.exists() else 0

    def size_of(self, references: Iterable[str]) -> int:
        """Bytes of these attachments (a gone one counts nothing)."""
        paths = (self.path_of(reference) for reference in references)
        return sum(_size(path) for path in paths if path is not None)

    def unfiled(self) -> dict[str, list[str]]:
        """The photos of open LINE drafts, by sender (state.photo_drafts writes the lists)."""
        if not self.drafts.exists():
            return {}
        return {entry.name: Path(entry.path).read_text(encoding="utf-8").split()
                for entry in os.scandir(self.drafts) if not entry.name.startswith(".")}

    def filed(self) -> set[str]:
        """Every reference a case's list names."""
        if not self.by_case.exists():
            return set()
        return {ref for entry in os.scandir(self.by_case) if CASE_NO.match(entry.name)
                for ref in Path(entry.path).read_text(encoding="utf-8").split()}

    def stale(self, before: datetime) -> list[str]:
        """Names of files in the folder (temporary ones too) last written before ``before``."""
        if not self.folder.exists():
            return []
        limit = before.timestamp()
        return [entry.name for entry in os.scandir(self.folder) if entry.stat().st_mtime < limit]

    def discard(self, name: str) -> None:
        """Delete a file of the folder by its name (retention of what no case, measure or draft names)."""
        if "/" not in name and name not in ("", ".", ".."):
            (self.folder / name).unlink(missing_ok=True)

    def save(self, data: bytes) -> str | None:
        """A reference such as ``attachments/3f…a1.jpg``; None when not a JPEG/PNG, too large, or no room."""
        photo = clean_photo(data)
        if photo is None or not self.has_room([photo]):
            return None
        return self.store(photo)

    def store(self, photo: Photo) -> str:
        name = secrets.token_hex(16) + photo.extension
        write_private(self.folder, name, photo.data, self.stamp())
        return f"{self.folder.name}/{name}"

    def stamp(self) -> float | None:
        """The time files are marked with: the office clock's now, or None for the file system's."""
        return self.clock().timestamp() if self.clock else None

    def link(self, case_no: str, references: list[str]) -> None:
        """Remember (durably, before the row is queued) which photos a case has; again is harmless."""
        if CASE_NO.match(case_no) and references:
            write_private(self.by_case, case_no, "".join(f"{ref}\n" for ref in references).encode(), self.stamp())

    def linked_cases(self) -> set[str]:
        """The cases that have a list of photos (filed with the case, or added later by the complainant)."""
        if not self.by_case.exists():
            return set()
        return {entry.name for entry in os.scandir(self.by_case) if CASE_NO.match(entry.name)}

    def references(self, case_no: str) -> list[str]:
        """The photos linked to a case, in the order they were sent; [] for an unknown case."""
        if not CASE_NO.match(case_no):
            return []
        try:
            return (self.by_case / case_no).read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return []

    def forget(self, case_no: str) -> None:
        """Drop a case's list of photos (after its photos were removed)."""
        if CASE_NO.match(case_no):
            (self.by_case / case_no).unlink(missing_ok=True)

    def path_of(self, reference: str) -> Path | None:
        """The file of a reference such as ``attachments/3f…a1.jpg``; None when malformed or gone."""
        folder, _, name = reference.partition("/")
        path = self.folder / name
        return path if folder == self.folder.name and NAME.match(name) and path.is_file() else None

    def any(self) -> bool:
        """Whether any photo is kept (complaint-sync then reads the sheet to find those past retention)."""
        return self.folder.exists() and any(not entry.name.startswith(".") for entry in os.scandir(self.folder))

    def remove(self, reference: str) -> bool:
        """Delete one attachment by its reference (retention, or a filing that failed after storing)."""
        name = Path(reference).name
        if not reference.startswith(f"{self.folder.name}/") or name.startswith("."):
            return False
        try:
            (self.folder / name).unlink()
        except FileNotFoundError:
            return False
        return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def write_private(folder: Path, name: str, data: bytes, stamp: float | None = None) -> None:
    """Write a 0600 file in a 0700 folder, all or nothing (temp file, fsync, rename); ``stamp`` sets its time."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    with os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if stamp is not None:
        os.utime(temp, (stamp, stamp))
    os.replace(temp, folder / name)
