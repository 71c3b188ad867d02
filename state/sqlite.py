"""One way to open the local SQLite files (outbox, state): WAL, shared across threads, owner-only."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


def connect(path: Path, schema: str, *, synchronous: str) -> sqlite3.Connection:
    """``synchronous`` is FULL where a commit must survive power loss (the outbox), NORMAL elsewhere.

    The file is created 0600 (SQLite gives its -wal and -shm files the same mode) in a 0700 folder when
    we create it; ``secure_delete`` overwrites deleted rows, so a purged complaint leaves no trace in the file.
    """
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    for existing in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if existing.exists():
            os.chmod(existing, PRIVATE_FILE)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.execute("PRAGMA secure_delete=ON")
    db.executescript(schema)
    return db


def forget_wal(db: sqlite3.Connection) -> None:
    """Copy the WAL into the database and empty it: old versions of a deleted row leave the -wal file."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def close_scrubbed(db: sqlite3.Connection) -> None:
    """A clean stop: the WAL emptied into the file, then closed; closing twice is harmless."""
    try:
        forget_wal(db)
    except sqlite3.ProgrammingError:  # closed before
        return
    db.close()
