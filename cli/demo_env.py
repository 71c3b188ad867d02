"""``var/demo.env``: the running demo's LINE token, secret key and public URL for ``jobs run --demo``, private
and short-lived.

The file is created 0600 from the start (never readable by others, even for a moment) and removed on
every way the demo stops: Ctrl+C, SIGTERM (turned into the same stop), a normal return and an exception.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType


@contextmanager
def private_env_file(path: Path, values: Mapping[str, str]) -> Iterator[Path]:
    """Write ``KEY=value`` lines to a new 0600 file for the block's life; a stale one is replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # an earlier demo killed with SIGKILL: its file may have another mode
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{key}={value}\n" for key, value in values.items()))
        yield path
    finally:
        path.unlink(missing_ok=True)


@contextmanager
def sigterm_stops() -> Iterator[None]:
    """SIGTERM stops the block as Ctrl+C does (KeyboardInterrupt), so its clean-up runs; restored after."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
