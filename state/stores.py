"""Open the state an office keeps outside its sheet: SQLite files by default, Redis with ITA_STATE_URL=redis://."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from common.config import is_redis
from state.complaint_ledger import ComplaintLedger, LedgerStore
from state.inbox import Inbox, InboxStore
from state.outbox import Outbox, OutboxStore
from state.store import SqliteStateStore, StateStore

if TYPE_CHECKING:
    import redis

@dataclass
class Stores:
    state: StateStore
    outbox: OutboxStore
    ledger: LedgerStore
    inbox: InboxStore

    def sweep(self, now: datetime, epoch: float) -> int:
        """Delete what is kept only for a while (sessions, recorded answers, filings, event ids) once its time is
        past: ``now`` on the office's wall clock, ``epoch`` the same moment in seconds (the inbox's time)."""
        return self.state.sweep(now) + self.ledger.forget_filings(now) + self.inbox.sweep(epoch)

    def close(self) -> None:
        self.inbox.close()
        self.outbox.close()
        self.state.close()
        self.ledger.close()


_clients: dict[str, redis.Redis] = {}
_clients_lock = threading.Lock()


def shared_client(url: str) -> redis.Redis:
    """One connection pool per Redis URL in this process, whatever the number of offices."""
    from state.redis_store import check_durability, connect_redis

    with _clients_lock:
        if url not in _clients:
            _clients[url] = connect_redis(url)
            check_durability(_clients[url])
        return _clients[url]


def open_stores(state_url: str, data_dir: Path, secret: str, office: str = "default") -> Stores:
    """``state_url`` empty: SQLite files in ``data_dir``; a path: the state file there; redis://: all on Redis."""
    if is_redis(state_url):
        # Imported here: redis-py adds about 13 MiB to every process, and most offices run on SQLite.
        from state.redis_inbox import RedisInbox
        from state.redis_ledger import RedisLedger
        from state.redis_outbox import RedisOutbox
        from state.redis_store import RedisStateStore, key_prefix

        client = shared_client(state_url)
        prefix = key_prefix(office)
        return Stores(RedisStateStore(client, prefix, secret), RedisOutbox(client, prefix, secret),
                      RedisLedger(client, prefix, secret), RedisInbox(client, prefix, secret))
    state_path = Path(state_url) if state_url else data_dir / "state.sqlite3"
    return Stores(SqliteStateStore(state_path, secret), Outbox(data_dir / "outbox.sqlite3", secret),
                  ComplaintLedger(data_dir / "complaints.sqlite3", secret), Inbox(data_dir / "inbox.sqlite3", secret))
