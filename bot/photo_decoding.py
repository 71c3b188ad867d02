"""Web-form photos decoded one at a time, within a pixel and a time budget, after every cheaper check.

A photo's header (format and size) is read without decoding; only a JPEG/PNG within ``max_pixels`` is decoded.
Decoding is the costly step (a 40-megapixel PNG of 131 KB takes about a second and 120 MB), so one request
decodes at a time, a request waits at most ``wait`` seconds for its turn, and stops when its photos together
took longer than ``budget`` seconds. ``decoded`` counts the photos decoded (tests and ``make attack`` read it).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable

from PIL import Image

from state.attachments import FORMATS, MAX_PIXELS, Photo, clean_photo


class PhotoDecoder:
    def __init__(self, *, max_pixels: int = MAX_PIXELS, wait: float = 5.0, budget: float = 8.0,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self.max_pixels, self.wait, self.budget, self.timer = max_pixels, wait, budget, timer
        self._turn = threading.Semaphore(1)
        self._count = threading.Lock()
        self.decoded = 0

    def fits(self, data: bytes) -> bool:
        """A JPEG or PNG within the pixel budget, judged from its header alone (nothing is decoded)."""
        try:
            with Image.open(io.BytesIO(data)) as image:
                return image.format in FORMATS and image.width * image.height <= self.max_pixels
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return False

    def clean_all(self, contents: list[bytes]) -> list[Photo | None] | None:
        """Each photo re-encoded (None for one that is not a JPEG/PNG within budget); None when out of time."""
        if not all(self.fits(data) for data in contents):
            return [None] * len(contents)
        started = self.timer()
        if not contents:
            return []
        if not self._turn.acquire(timeout=self.wait):
            return None
        try:
            cleaned: list[Photo | None] = []
            for data in contents:
                if self.timer() - started > self.budget:
                    return None
                with self._count:
                    self.decoded += 1
                cleaned.append(clean_photo(data))
            return cleaned
        finally:
            self._turn.release()
