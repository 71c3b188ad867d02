"""Every office's periodic work (sheet writes, complaint-sync, officer digests, first reads) on one timer thread.

Due tasks run on a small bounded pool; a task never runs twice at once (each office's flush stays one
at a time), and one that says it had nothing to do waits ``idle`` seconds, not ``interval``, until
``wake`` calls it sooner: idle offices cost (almost) nothing, whatever their number.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bot.event_pool import named_after

log = logging.getLogger(__name__)
Key = tuple[str, str]


@dataclass
class Task:
    key: Key
    action: Callable[[], object]
    interval: float | None
    """Seconds between runs; None runs once."""
    idle: float | None
    """When set, a run that returns a falsy value is followed by the next one only after this long."""
    due: float
    running: bool = False
    started: float = float("-inf")
    version: int = 0
    removed: bool = False
    woken: bool = False
    """``wake`` came while it ran: the next run follows after ``interval``, not ``idle``."""


class SharedTimers:
    """``every``/``once`` register an office's tasks; ``remove_office`` ends them; ``stop`` ends all."""

    def __init__(self, *, threads: int = 4, clock: Callable[[], float] = time.monotonic, name: str = "timers",
                 start: bool = True) -> None:
        self._clock = clock
        self._tasks: dict[Key, Task] = {}
        self._heap: list[tuple[float, int, int, Key]] = []
        self._order = itertools.count()
        self._lock = threading.Condition()
        self._stop = False
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)
        self._thread = threading.Thread(target=self._loop, name=f"{name}-clock", daemon=True)
        if start:
            self._thread.start()

    def every(self, office: str, name: str, action: Callable[[], object], interval: float, *,
              idle: float | None = None, first: float | None = None) -> None:
        """Run ``action`` every ``interval`` seconds (the first time after ``first``, default ``interval``)."""
        self._add(Task((office, name), action, interval, idle, self._clock() + (interval if first is None else first)))

    def once(self, office: str, name: str, action: Callable[[], object], delay: float = 0.0) -> None:
        self._add(Task((office, name), action, None, None, self._clock() + delay))

    def wake(self, office: str, name: str) -> None:
        """Run the task soon: now, or ``interval`` after its last start (writes stay batched)."""
        with self._lock:
            task = self._tasks.get((office, name))
            if task is None:
                return
            if task.running:
                task.woken = True
                return
            soonest = max(self._clock(), task.started + (task.interval or 0.0))
            if soonest < task.due:
                self._schedule(task, soonest)

    def remove_office(self, office: str, timeout: float = 10.0) -> None:
        """End ``office``'s tasks; wait (at most ``timeout``) for those running."""
        with self._lock:
            mine = [task for key, task in self._tasks.items() if key[0] == office]
            for task in mine:
                task.removed = True
                del self._tasks[task.key]
            self._lock.wait_for(lambda: not any(task.running for task in mine), timeout)

    def keys(self) -> list[Key]:
        with self._lock:
            return sorted(self._tasks)

    def run_due(self) -> float | None:
        """Hand every due task to the pool; when the next one is due (None: no task left)."""
        with self._lock:
            now = self._clock()
            while self._heap and self._heap[0][0] <= now:
                _, _, version, key = heapq.heappop(self._heap)
                task = self._tasks.get(key)
                if task is None or task.version != version or task.running:
                    continue
                task.running, task.started = True, now
                self._pool.submit(self._run, task)
            return self._heap[0][0] if self._heap else None

    def wait_quiet(self, timeout: float = 10.0) -> bool:
        """Block until no task is running (tests, shutdown)."""
        with self._lock:
            return self._lock.wait_for(lambda: not any(task.running for task in self._tasks.values()), timeout)

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            for task in self._tasks.values():
                task.removed = True
            self._tasks.clear()
            self._lock.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _add(self, task: Task) -> None:
        with self._lock:
            old = self._tasks.get(task.key)
            if old is not None:
                old.removed = True
            self._tasks[task.key] = task
            self._schedule(task, task.due)

    def _schedule(self, task: Task, due: float) -> None:
        task.version += 1
        task.due = due
        heapq.heappush(self._heap, (due, next(self._order), task.version, task.key))
        self._lock.notify_all()

    def _run(self, task: Task) -> None:
        result: object = True
        try:
            with named_after(f"{task.key[1]}-{task.key[0]}"):
                result = task.action()
        except Exception as error:  # tried again on the next tick
            log.exception("background task %s failed (%s)", task.key[1], type(error).__name__)
        with self._lock:
            task.running = False
            if not task.removed and task.interval is not None:
                busy = bool(result) or task.woken
                task.woken = False
                pause = task.idle if task.idle is not None and not busy else task.interval
                self._schedule(task, task.started + pause)
            elif not task.removed:
                self._tasks.pop(task.key, None)
            self._lock.notify_all()

    def _loop(self) -> None:
        while True:
            following = self.run_due()
            with self._lock:
                if self._stop:
                    return
                if not self._heap or self._heap[0][0] > self._clock():
                    self._lock.wait(None if following is None else max(0.0, following - self._clock()))
