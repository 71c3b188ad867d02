"""Documents rendered once per link, kept for the link's life within a byte cap, a few renders at a time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot.document_renders import Busy, DocumentRenders, Rendered
from tests.conftest import FakeClock


class Renderer:
    """Renders a link's file; ``gate`` holds it until the test lets it finish."""

    def __init__(self, size: int = 10) -> None:
        self.calls = 0
        self.started = threading.Event()
        self.gate = threading.Event()
        self.size = size

    def __call__(self) -> Rendered:
        self.calls += 1
        self.started.set()
        self.gate.wait(10)
        return Rendered("doc", b"x" * self.size)


def test_a_burst_of_one_link_renders_it_once(clock: FakeClock) -> None:
    renders, renderer = DocumentRenders(clock, wait=10, max_waiting=8), Renderer()
    expires = clock() + timedelta(hours=1)
    with ThreadPoolExecutor(8) as pool:
        results = [pool.submit(renders.get, "link-a", expires, renderer) for _ in range(8)]
        renderer.started.wait(10)
        renderer.gate.set()
        assert {result.result().data for result in results} == {b"x" * 10}
    assert renderer.calls == 1
    assert renders.get("link-a", expires, Renderer()).data == b"x" * 10, "from the cache"


@pytest.mark.parametrize(("wait", "max_waiting"), [(0, 2), (10, 0)], ids=["no time to wait", "no room to wait"])
def test_beyond_the_slots_a_request_is_refused_instead_of_waiting_long(clock: FakeClock, wait: float,
                                                                       max_waiting: int) -> None:
    renders = DocumentRenders(clock, slots=1, wait=wait, max_waiting=max_waiting)
    renderer = Renderer()
    expires = clock() + timedelta(hours=1)
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(renders.get, "link-a", expires, renderer)
        renderer.started.wait(10)
        with pytest.raises(Busy):
            renders.get("link-b", expires, Renderer())
        with pytest.raises(Busy):
            renders.get("link-a", expires, Renderer())
        renderer.gate.set()
        assert first.result().data
    done = Renderer()
    done.gate.set()
    assert renders.get("link-b", expires, done).data and done.calls == 1, "a free slot again"


def test_an_entry_goes_with_its_link(clock: FakeClock) -> None:
    renders = DocumentRenders(clock)
    first, again = Renderer(), Renderer()
    first.gate.set()
    again.gate.set()
    renders.get("link-a", clock() + timedelta(minutes=5), first)
    clock.advance(5 * 60)
    renders.get("link-a", clock() + timedelta(minutes=5), again)
    assert (first.calls, again.calls) == (1, 1)


def test_the_cache_keeps_to_its_byte_cap(clock: FakeClock) -> None:
    renders = DocumentRenders(clock, max_bytes=25)
    expires = clock() + timedelta(hours=1)
    made = []
    for link in ("a", "b", "c", "a"):
        renderer = Renderer(size=10)
        renderer.gate.set()
        renders.get(link, expires, renderer)
        made.append(renderer.calls)
    assert made == [1, 1, 1, 1], "a was the least recently used when c came: it went"
    twice = Renderer(size=30)
    twice.gate.set()
    renders.get("huge", expires, twice)
    renders.get("huge", expires, twice)
    assert twice.calls == 2, "a file over the cap is never kept"
