"""A bounded LRU keyed on one object's identity: answers built once per snapshot or per card.

No library fits: the objects keyed on (a workbook snapshot, a card's reply) are not hashable, a new
snapshot after every refresh must miss, and an entry must not keep its object alive (an old snapshot
is tens of MiB; a reply may carry a receipt): functools.lru_cache can do none of that. An entry holds
its object weakly and goes when the object does.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """At most ``size`` values, each for as long as its owner lives; least recently used out first."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, Hashable], tuple[weakref.ref[object], V]] = OrderedDict()
        self._dead: list[tuple[int, Hashable]] = []
        """Keys of owners that went; purged on the next call (a weakref callback may run in any thread,
        mid-way through another call: it only appends)."""
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._purge()
            return len(self._entries)

    def get(self, owner: object, key: Hashable, build: Callable[[], V]) -> V:
        """The value for ``owner`` (by identity) and ``key``, built by ``build`` on a miss."""
        full_key = (id(owner), key)
        with self._lock:
            self._purge()
            entry = self._entries.get(full_key)
            if entry is not None and entry[0]() is owner:
                self._entries.move_to_end(full_key)
                return entry[1]
        value = build()
        with self._lock:
            self._entries[full_key] = (weakref.ref(owner, self._on_gone(full_key)), value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def _on_gone(self, key: tuple[int, Hashable]) -> Callable[[weakref.ref[object]], None]:
        def gone(_: weakref.ref[object]) -> None:
            self._dead.append(key)
        return gone

    def _purge(self) -> None:
        while self._dead:
            key = self._dead.pop()
            entry = self._entries.get(key)
            if entry is not None and entry[0]() is None:
                del self._entries[key]
