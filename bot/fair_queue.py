"""Which office a free event worker serves next: round-robin, and no office holds more than its share.

Not thread-safe by itself: the event pool calls it under its own lock.
"""

from __future__ import annotations

from collections import Counter, deque


class FairQueue:
    """Offices that may have waiting events, in the order they are served.

    ``next`` hands out the office at the head and counts a worker on it until ``release``; an office
    marked while ``share`` workers are already on it waits aside and rejoins the ring when one leaves,
    so one office's burst or slow sheet holds at most ``share`` workers and every other office with
    waiting events gets a worker in turn.
    """

    def __init__(self, share: int) -> None:
        if share < 1:
            raise ValueError("share must be at least 1")
        self.share = share
        self._ring: deque[str] = deque()
        self._queued: set[str] = set()
        self._aside: set[str] = set()
        self._busy: Counter[str] = Counter()
        self._gone: set[str] = set()

    def mark(self, office: str) -> None:
        """``office`` may have events waiting: serve it in its turn."""
        if office in self._gone or office in self._queued:
            return
        if self._busy[office] >= self.share:
            self._aside.add(office)
            return
        self._ring.append(office)
        self._queued.add(office)

    def next(self) -> str | None:
        """The office to serve now (a worker is counted on it), or None when no office is waiting."""
        if not self._ring:
            return None
        office = self._ring.popleft()
        self._queued.discard(office)
        self._busy[office] += 1
        return office

    def release(self, office: str) -> None:
        """A worker left ``office``; an office set aside at its share rejoins the ring."""
        self._busy[office] -= 1
        if self._busy[office] <= 0:
            del self._busy[office]
        if office in self._aside and self._busy[office] < self.share:
            self._aside.discard(office)
            self.mark(office)

    def busy(self, office: str) -> int:
        """Workers on ``office`` now (taking or handling an event)."""
        return self._busy[office]

    def waiting(self) -> list[str]:
        """Offices in the ring, in the order they will be served."""
        return list(self._ring)

    def drop(self, office: str) -> None:
        """``office`` is removed: never handed out again (workers on it finish what they hold)."""
        self._gone.add(office)
        self._aside.discard(office)
        if office in self._queued:
            self._queued.discard(office)
            self._ring.remove(office)

    def restore(self, office: str) -> None:
        """``office`` is added (again)."""
        self._gone.discard(office)
