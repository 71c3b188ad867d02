"""The answer cache: by the owner's identity and a key, bounded, least recently used out first."""

from __future__ import annotations

from common.identity_cache import IdentityCache


class Owner:
    """Unhashable like a snapshot (it holds dicts)."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self) -> None:
        self.tables: dict[str, object] = {}


def builder(log: list[str], value: str):  # type: ignore[no-untyped-def]
    def build() -> str:
        log.append(value)
        return value
    return build


def test_a_value_is_built_once_per_owner_and_key() -> None:
    cache: IdentityCache[str] = IdentityCache()
    built: list[str] = []
    owner = Owner()
    assert [cache.get(owner, "k", builder(built, "a")) for _ in range(3)] == ["a", "a", "a"]
    assert cache.get(owner, "other", builder(built, "b")) == "b"
    assert built == ["a", "b"]


def test_another_owner_with_the_same_contents_misses() -> None:
    cache: IdentityCache[str] = IdentityCache()
    built: list[str] = []
    cache.get(Owner(), "k", builder(built, "old"))
    assert cache.get(Owner(), "k", builder(built, "new")) == "new"
    assert built == ["old", "new"]


def test_the_least_recently_used_goes_first() -> None:
    cache: IdentityCache[str] = IdentityCache(size=2)
    built: list[str] = []
    owner = Owner()
    cache.get(owner, 1, builder(built, "one"))
    cache.get(owner, 2, builder(built, "two"))
    cache.get(owner, 1, builder(built, "one"))
    cache.get(owner, 3, builder(built, "three"))  # evicts 2, the least recently used
    cache.get(owner, 1, builder(built, "one"))
    cache.get(owner, 2, builder(built, "two"))
    assert built == ["one", "two", "three", "two"]


def test_an_entry_goes_with_its_owner() -> None:
    """An old snapshot (tens of MiB) or a reply with a receipt is not kept alive by the cache."""
    cache: IdentityCache[str] = IdentityCache()
    owner = Owner()
    cache.get(owner, "k", lambda: "value")
    assert len(cache) == 1
    del owner
    assert len(cache) == 0
