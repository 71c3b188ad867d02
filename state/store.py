"""Local state that must survive a restart: processed webhook events and conversation sessions.

Behind the ``StateStore`` interface; ``RedisStateStore`` is the one many instances share (DESIGN §7).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from state.sealing import Cipher, SealError, seal_clear_rows
from state.sqlite import close_scrubbed, connect, forget_wal

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_events (event_id TEXT PRIMARY KEY, seen_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS seen_events_age ON seen_events (seen_at);
CREATE TABLE IF NOT EXISTS job_runs (job TEXT NOT NULL, period TEXT NOT NULL, claimed_at TEXT NOT NULL,
                                     PRIMARY KEY (job, period));
CREATE TABLE IF NOT EXISTS sessions (
    user_key TEXT PRIMARY KEY, flow TEXT NOT NULL, step TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_age ON sessions (updated_at);
CREATE TABLE IF NOT EXISTS turns (event_id TEXT PRIMARY KEY, answer TEXT NOT NULL, saved_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS turns_age ON turns (saved_at);
"""
KEEP_TURNS = timedelta(days=1)
SESSION_TTL = timedelta(days=1)
"""A session untouched this long is deleted, finished or not: an abandoned draft, an officer's kept text (24 h)."""


@dataclass(frozen=True)
class Session:
    """Where one user is in a multi-step flow."""

    flow: str
    step: str
    updated_at: datetime
    data: dict[str, Any] = field(default_factory=dict)


class StateStore(Protocol):
    def claim_event(self, event_id: str, now: datetime) -> bool:
        """True the first time an event id is seen; False for a redelivery."""
        ...

    def load_session(self, user_key: str) -> Session | None: ...

    def save_session(self, user_key: str, session: Session) -> None: ...

    def clear_session(self, user_key: str) -> None: ...

    def commit_turn(self, user_key: str, session: Session | None, event_id: str, answer: str,
                    now: datetime) -> None:
        """Save (or, with None, clear) the session and record what event ``event_id`` answered, atomically.

        Handling the same event again then replays ``answer`` instead of running the step twice.
        """
        ...

    def load_turn(self, event_id: str) -> str | None: ...

    def forget_turn(self, event_id: str) -> None:
        """Once the event is done: the answer (a receipt, say) is not kept longer than needed."""
        ...

    def claim_job(self, job: str, period: str, now: datetime) -> bool: ...

    def release_job(self, job: str, period: str) -> None: ...

    def sweep(self, now: datetime) -> int:
        """Delete sessions and recorded answers untouched for ``SESSION_TTL`` / ``KEEP_TURNS`` before ``now``, and
        event ids older than a week; how many rows went (Redis expires its keys itself: 0)."""
        ...

    def close(self) -> None: ...


class SessionSeal:
    """Drafts and recorded answers sealed (``state.sealing``), each bound to its user or event key."""

    def __init__(self, secret: str) -> None:
        self.cipher = Cipher(secret, "state")

    def session_json(self, user_key: str, session: Session) -> str:
        stored = {"flow": session.flow, "step": session.step, "updated_at": session.updated_at.isoformat(),
                  "data": self.cipher.seal(json.dumps(session.data, ensure_ascii=False), user_key)}
        return json.dumps(stored, ensure_ascii=False)

    def session_data(self, user_key: str, data: str | dict[str, Any]) -> dict[str, Any] | None:
        """None when sealed with another ITA_SECRET_KEY: the person starts the flow again.

        A dict is a Redis session an older version wrote in clear (it expires within a day).
        """
        if isinstance(data, dict):
            return data
        try:
            opened: dict[str, Any] = json.loads(self.cipher.open(data, user_key))
        except SealError:
            return None
        return opened

    def answer(self, event_id: str, stored: str | None) -> str | None:
        """None also when sealed with another ITA_SECRET_KEY: the step runs again."""
        try:
            return self.cipher.open(stored, event_id) if stored is not None else None
        except SealError:
            return None


class SqliteStateStore:
    def __init__(self, path: Path, secret: str, *, keep_events: timedelta = timedelta(days=7)) -> None:
        self._db = connect(path, SCHEMA, synchronous="NORMAL")
        self._lock = threading.Lock()
        self._keep_events = keep_events
        self._claims = 0
        self._turns = 0
        self._seal = SessionSeal(secret)
        sealed = (seal_clear_rows(self._db, self._seal.cipher, "sessions", "data", "user_key")
                  + seal_clear_rows(self._db, self._seal.cipher, "turns", "answer", "event_id"))
        if sealed:
            forget_wal(self._db)

    def close(self) -> None:
        """At a clean stop the WAL is emptied into the file (it holds only sealed rows anyway)."""
        close_scrubbed(self._db)

    def claim_event(self, event_id: str, now: datetime) -> bool:
        with self._lock:
            cursor = self._db.execute("INSERT OR IGNORE INTO seen_events VALUES (?, ?)", (event_id, now.isoformat()))
            self._claims += 1
            if self._claims % 1000 == 0:
                cutoff = (now - self._keep_events).isoformat()
                self._db.execute("DELETE FROM seen_events WHERE seen_at < ?", (cutoff,))
            return cursor.rowcount == 1

    def load_session(self, user_key: str) -> Session | None:
        with self._lock:
            row = self._db.execute("SELECT flow, step, data, updated_at FROM sessions WHERE user_key = ?",
                                   (user_key,)).fetchone()
        if row is None:
            return None
        flow, step, data, updated_at = row
        opened = self._seal.session_data(user_key, data)
        return Session(flow, step, datetime.fromisoformat(updated_at), opened) if opened is not None else None

    def save_session(self, user_key: str, session: Session) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?)", self._row(user_key, session))

    def clear_session(self, user_key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE user_key = ?", (user_key,))
            forget_wal(self._db)  # a finished draft's text must not linger in state.sqlite3-wal

    def commit_turn(self, user_key: str, session: Session | None, event_id: str, answer: str,
                    now: datetime) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if session is None:
                    self._db.execute("DELETE FROM sessions WHERE user_key = ?", (user_key,))
                else:
                    self._db.execute("INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?, ?)",
                                     self._row(user_key, session))
                self._db.execute("INSERT OR REPLACE INTO turns VALUES (?, ?, ?)",
                                 (event_id, self._seal.cipher.seal(answer, event_id), now.isoformat()))
                self._turns += 1
                if self._turns % 1000 == 0:
                    self._db.execute("DELETE FROM turns WHERE saved_at < ?", ((now - KEEP_TURNS).isoformat(),))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def load_turn(self, event_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT answer FROM turns WHERE event_id = ?", (event_id,)).fetchone()
        return self._seal.answer(event_id, str(row[0]) if row else None)

    def forget_turn(self, event_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM turns WHERE event_id = ?", (event_id,))

    def sweep(self, now: datetime) -> int:
        """Deleted rows are overwritten (``secure_delete``) and the WAL emptied, so nothing of them stays readable."""
        with self._lock:
            gone = sum(self._db.execute(f"DELETE FROM {table} WHERE {column} < ?", (cutoff.isoformat(),)).rowcount
                       for table, column, cutoff in (("sessions", "updated_at", now - SESSION_TTL),
                                                     ("turns", "saved_at", now - KEEP_TURNS),
                                                     ("seen_events", "seen_at", now - self._keep_events)))
            if gone:
                forget_wal(self._db)
        return gone

    def _row(self, user_key: str, session: Session) -> tuple[str, str, str, str, str]:
        data = self._seal.cipher.seal(json.dumps(session.data, ensure_ascii=False), user_key)
        return user_key, session.flow, session.step, data, session.updated_at.isoformat()

    def claim_job(self, job: str, period: str, now: datetime) -> bool:
        """True for the first run of a job in a period (a week, a day…); False when it already ran."""
        with self._lock:
            cursor = self._db.execute("INSERT OR IGNORE INTO job_runs VALUES (?, ?, ?)", (job, period, now.isoformat()))
            return cursor.rowcount == 1

    def release_job(self, job: str, period: str) -> None:
        """After a failed run, so that the next trigger tries again (with the same retry keys)."""
        with self._lock:
            self._db.execute("DELETE FROM job_runs WHERE job = ? AND period = ?", (job, period))
