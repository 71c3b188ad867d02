"""One way to open the local SQLite files (outbox, state): WAL, shared across threads."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: Path, schema: str, *, synchronous: str) -> sqlite3.Connection:
    """``synchronous`` is FULL where a commit must survive power loss (the outbox), NORMAL elsewhere."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.executescript(schema)
    return db
