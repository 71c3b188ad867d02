"""A bounded LRU whose keys hold one object by identity: answers built once per snapshot or per card.

No library fits: the objects keyed on (a workbook snapshot, a card's reply) are not hashable, and a
new snapshot after every refresh must miss; functools.lru_cache cannot key on identity.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """At most ``size`` values; an entry keeps its object alive, so its id is never reused under it."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[int, Hashable], tuple[object, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner: object, key: Hashable, build: Callable[[], V]) -> V:
        """The value for ``owner`` (by identity) and ``key``, built by ``build`` on a miss."""
        full_key = (id(owner), key)
        with self._lock:
            entry = self._entries.get(full_key)
            if entry is not None and entry[0] is owner:
                self._entries.move_to_end(full_key)
                return entry[1]
        value = build()
        with self._lock:
            self._entries[full_key] = (owner, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
