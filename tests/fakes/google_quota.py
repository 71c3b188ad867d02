"""Google's Sheets API per-minute quotas, on an injected clock: 60 reads and 60 writes a minute per user
(a service account is one user) and 300 of each per project; over them, 429 RESOURCE_EXHAUSTED."""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from tests.fakes.sheets_state import ApiError

PER_USER = 60
PER_PROJECT = 300
SERVICE = "sheets.googleapis.com"


class QuotaExceeded(ApiError):
    """Google's error JSON for a quota: status RESOURCE_EXHAUSTED, an ErrorInfo with reason RATE_LIMIT_EXCEEDED."""

    def __init__(self, metric: str, limit: str) -> None:
        super().__init__(429, f"Quota exceeded for quota metric '{metric}' and limit '{limit}' of service "
                              f"'{SERVICE}' for consumer 'project_number:1'.", "RESOURCE_EXHAUSTED")
        self.metric, self.limit = metric, limit

    def body(self) -> dict[str, Any]:
        body = super().body()
        body["error"]["details"] = [{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {"service": SERVICE, "quota_metric": f"{SERVICE}/{self.metric}",
                         "quota_limit": self.limit, "consumer": "projects/1"}}]
        return body


class Quota:
    """Counts each request in the minute before it; ``rejected`` counts the 429s answered."""

    def __init__(self, clock: Callable[[], float], per_user: int = PER_USER, per_project: int = PER_PROJECT) -> None:
        self.clock = clock
        self.per_user = per_user
        self.per_project = per_project
        self.rejected = 0
        self._uses: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def charge(self, user: str, write: bool) -> None:
        kind = "write" if write else "read"
        metric = f"{kind}_requests"
        now = self.clock()
        with self._lock:
            mine, project = self._window((user, kind), now), self._window(("*", kind), now)
            if len(mine) >= self.per_user:
                self.rejected += 1
                raise QuotaExceeded(metric, f"{kind.capitalize()}RequestsPerMinutePerUser")
            if len(project) >= self.per_project:
                self.rejected += 1
                raise QuotaExceeded(metric, f"{kind.capitalize()}RequestsPerMinutePerProject")
            mine.append(now)
            project.append(now)

    def _window(self, key: tuple[str, str], now: float) -> deque[float]:
        uses = self._uses[key]
        while uses and uses[0] <= now - 60:
            uses.popleft()
        return uses
