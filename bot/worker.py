"""Background work that runs every few seconds (the outbox flusher, complaint-sync)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Periodic:
    """Calls ``action`` every ``interval`` seconds on a daemon thread until stopped."""

    def __init__(self, action: Callable[[], object], interval: float, name: str) -> None:
        self._action = action
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._action()
            except Exception as error:  # keep flushing on the next tick
                log.exception("periodic task failed (%s)", type(error).__name__)
