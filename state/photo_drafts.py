"""Photos of open LINE complaint drafts: kept only while the draft is open, within a per-sender share.

Each sender (the keyed pseudonym, never the LINE userId) with draft photos has a list in
``attachments-drafts/<sender>``, one reference a line, whose time is the draft's last activity. When the
draft no longer holds a photo (cancelled, timed out, left for another command, or refused), the photo is
deleted; a filed case's photos stay (they are in ``attachments-by-case``).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from state.attachments import DRAFT_SHARE, SENDER_SHARE, AttachmentStore, clean_photo, write_private

SENDER = re.compile(r"^[0-9a-f]{8,64}$")
IDLE = timedelta(minutes=10)
"""A draft with no activity this long has timed out (handlers.conversation.engine's timeout)."""


class DraftPhotos:
    def __init__(self, store: AttachmentStore, clock: Callable[[], datetime], idle: timedelta = IDLE) -> None:
        self.store = store
        self.clock = clock
        self.idle = idle
        self._lock = threading.Lock()

    def save(self, sender: str, data: bytes) -> str | None:
        """Keep a draft's photo; None when not a JPEG/PNG, or over the sender's or the drafts' share of space."""
        photo = clean_photo(data)
        if photo is None or not SENDER.match(sender):
            return None
        size = len(photo.data)
        with self._lock:
            drafts = self.store.unfiled()
            mine = drafts.get(sender, [])
            everyone = [ref for refs in drafts.values() for ref in refs]
            budget = self.store.budget
            if (self.store.size_of(mine) + size > budget // SENDER_SHARE
                    or self.store.size_of(everyone) + size > budget // DRAFT_SHARE
                    or self.store.used() + size > budget):
                return None
            reference = self.store.store(photo)
            self._write(sender, [*mine, reference])
        return reference

    def holds(self, sender: str) -> bool:
        """Whether this sender has draft photos listed (one file check: most events need no more)."""
        return SENDER.match(sender) is not None and (self.store.drafts / sender).exists()

    def settle(self, sender: str, kept: list[str]) -> int:
        """After a turn: photos the draft no longer holds are deleted unless a case has them; how many went."""
        if not SENDER.match(sender):
            return 0
        with self._lock:
            listed = self.store.unfiled().get(sender, [])
            gone = [ref for ref in listed if ref not in kept]
            filed = self.store.filed() if gone else set()
            removed = sum(self.store.remove(ref) for ref in gone if ref not in filed)
            self._write(sender, [ref for ref in listed if ref in kept])
        return removed

    def expire(self) -> int:
        """Delete the photos of drafts idle longer than ``idle`` (the conversation has timed them out)."""
        if not self.store.drafts.exists():
            return 0
        limit = (self.clock() - self.idle).timestamp()
        idle = [entry.name for entry in os.scandir(self.store.drafts)
                if SENDER.match(entry.name) and entry.stat().st_mtime < limit]
        return sum(self.settle(sender, []) for sender in idle)

    def _write(self, sender: str, references: list[str]) -> None:
        """The sender's list, stamped now (its last activity); no list when no photo is left."""
        if references:
            write_private(self.store.drafts, sender, "".join(f"{ref}\n" for ref in references).encode(),
                          self.clock().timestamp())
        else:
            (self.store.drafts / sender).unlink(missing_ok=True)

