"""Web-form photos decoded one at a time, on one thread, within a pixel and a time budget.

A photo's header (format and size) is read without decoding; only a JPEG/PNG within ``max_pixels`` is decoded.
Decoding is the costly step (a 40-megapixel PNG of 131 KB takes about a second and 76 MB), so every request's
photos are decoded by one thread, in turn: memory is that of one decode, and the thread's allocator reuses it
(decoding on each of the server's threads would leave each thread's allocator holding its own ~50 MB). A
request whose turn comes more than ``wait`` seconds after it asked, or whose photos take longer than
``budget`` seconds together, is refused (the form asks to send again). ``decoded`` counts the photos decoded.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Late

from PIL import Image

from state.attachments import FORMATS, MAX_PIXELS, Photo, clean_photo


class PhotoDecoder:
    def __init__(self, *, max_pixels: int = MAX_PIXELS, wait: float = 5.0, budget: float = 8.0,
                 timer: Callable[[], float] = time.monotonic) -> None:
        self.max_pixels, self.wait, self.budget, self.timer = max_pixels, wait, budget, timer
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photo-decoder")
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
        if not contents:
            return []
        job = self._thread.submit(self._decode, contents, self.timer())
        try:
            return job.result(timeout=self.wait + self.budget + 1.0)
        except Late:
            job.cancel()
            return None

    def _decode(self, contents: list[bytes], asked: float) -> list[Photo | None] | None:
        """On the decoding thread: nothing when the turn came too late, and a stop when the budget is spent."""
        started = self.timer()
        if started - asked > self.wait:
            return None
        cleaned: list[Photo | None] = []
        for data in contents:
            if self.timer() - started > self.budget:
                return None
            self.decoded += 1
            cleaned.append(clean_photo(data))
        return cleaned

    def close(self) -> None:
        """Let the decoding thread end once the photos it was given are done."""
        self._thread.shutdown(wait=False, cancel_futures=True)
