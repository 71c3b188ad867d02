"""The budget's window on Redis: two instances share one limit (one Lua script), uses age out after a minute."""

from __future__ import annotations

from state.rate_window import RedisWindow
from state.redis_store import connect_redis


def test_two_instances_share_one_window(redis_url: str) -> None:
    client = connect_redis(redis_url)
    first = RedisWindow(client, "ita:{budget:test-share}:read", 5)
    second = RedisWindow(connect_redis(redis_url), "ita:{budget:test-share}:read", 5)
    taken = [window.take(1000.0 + n) for n, window in enumerate([first, second] * 4)]
    assert taken == [True] * 5 + [False] * 3
    assert first.room(1010.0) == 0 and second.room(1060.5) == 1
    assert second.take(1061.0) and second.take(1062.0) and first.take(1062.5)
    assert not second.take(1062.6)  # 1003, 1004, 1061, 1062, 1062.5 in the minute
