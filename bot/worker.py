"""Background work: a bounded pool for webhook events, and the periodic outbox flusher."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class BoundedWorker(Generic[T]):
    """Runs ``handle`` on a few threads; ``submit`` never blocks and says False when the queue is full."""

    def __init__(self, handle: Callable[[T], None], *, threads: int = 4, capacity: int = 1000,
                 name: str = "worker") -> None:
        self._handle = handle
        self._queue: queue.Queue[T | None] = queue.Queue(maxsize=capacity)
        self._threads = [threading.Thread(target=self._run, name=f"{name}-{n}", daemon=True) for n in range(threads)]
        for thread in self._threads:
            thread.start()

    def submit(self, item: T) -> bool:
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            return False
        return True

    @property
    def depth(self) -> int:
        return self._queue.qsize()

    @property
    def in_progress(self) -> int:
        """Submitted and not yet finished (queued or being handled)."""
        return self._queue.unfinished_tasks

    def wait_idle(self) -> None:
        """Block until everything submitted so far has been handled (tests, shutdown)."""
        self._queue.join()

    def stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self._handle(item)
            except Exception as error:  # one bad event must never stop the worker
                log.exception("event handling failed (%s)", type(error).__name__)
            finally:
                self._queue.task_done()


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
