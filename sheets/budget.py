"""The Sheets budget of one service account: reads and writes a minute, shared by all its offices.

Google allows a service account 60 read and 60 write requests a minute; the bot spends at most
``reads``/``writes`` of them (default 50 each), counted in a sliding minute: in this process with
SQLite state, in Redis (one Lua script) for all instances sharing it. Nobody waits on it: a read
it refuses is served from the last snapshot, a write it refuses stays in the outbox.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sheets.backend import TransientError
from state.rate_window import LocalWindow, RateWindow

Kind = Literal["read", "write"]
DEFAULT_PER_MINUTE = 50


class BudgetExhausted(TransientError):
    """The budget of this minute is spent: the request was not sent (nothing to look up later)."""


@dataclass
class SheetsBudget:
    reads: RateWindow
    writes: RateWindow
    clock: Callable[[], datetime]

    def take(self, kind: Kind) -> bool:
        """Count one request of ``kind`` now if the minute has room."""
        return self._window(kind).take(self.clock().timestamp())

    def room(self, kind: Kind) -> int:
        return self._window(kind).room(self.clock().timestamp())

    def spend(self, kind: Kind) -> None:
        """Take one request or raise ``BudgetExhausted``."""
        if not self.take(kind):
            raise BudgetExhausted(f"งบคำขอ Google Sheets ({kind}) ของนาทีนี้หมดแล้ว")

    def _window(self, kind: Kind) -> RateWindow:
        return self.reads if kind == "read" else self.writes


def local_budget(clock: Callable[[], datetime], reads: int = DEFAULT_PER_MINUTE,
                 writes: int = DEFAULT_PER_MINUTE) -> SheetsBudget:
    return SheetsBudget(LocalWindow(reads), LocalWindow(writes), clock)


def service_email(credentials_file: str) -> str | None:
    """The service account's e-mail in its key file (``client_email``), None when it cannot be read."""
    try:
        info = json.loads(Path(credentials_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    email = info.get("client_email") if isinstance(info, dict) else None
    return email if isinstance(email, str) else None


def account_of(credentials_file: str) -> str:
    """The service account a key file belongs to (its e-mail), or the file's path when it cannot be read."""
    return service_email(credentials_file) or credentials_file
