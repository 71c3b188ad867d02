"""/healthz's figures: read on each probe for a few offices; for many, cached and refreshed off the request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest

from bot.health import FRESH_UP_TO, MAX_AGE, HealthFigures, healthy
from tests.conftest import FakeClock


@dataclass
class Queues:
    """An office's outbox and inbox as /healthz sees them, counting the store calls made."""

    waiting: int = 0
    calls: int = 0
    down: bool = False

    def depth(self) -> int:
        self.calls += 1
        if self.down:
            raise ConnectionError("store down")
        return self.waiting


@dataclass
class Events:
    queues: Queues

    @property
    def depth(self) -> int:
        return self.queues.depth()


def office(queues: Queues, age: float | None = 3.0) -> Any:
    status = SimpleNamespace(age_seconds=age, last_error=None)
    return SimpleNamespace(outbox=queues, events=Events(queues), snapshots=SimpleNamespace(status=lambda: status))


def test_a_few_offices_are_read_on_every_probe() -> None:
    queues = Queues(waiting=2)
    figures = HealthFigures()
    assert figures.of({"a": office(queues)})["a"]["outbox_depth"] == 2
    queues.waiting = 5
    assert figures.of({"a": office(queues)})["a"]["outbox_depth"] == 5


@dataclass
class Many:
    """More offices than are read on each probe, their store calls counted; the refreshes wait in ``background``."""

    clock: FakeClock
    queues: dict[str, Queues]
    runtimes: dict[str, Any]
    background: list[Callable[[], None]]
    figures: HealthFigures


@pytest.fixture
def many() -> Many:
    clock = FakeClock()
    queues = {f"o{n}": Queues(waiting=1) for n in range(FRESH_UP_TO + 5)}
    background: list[Callable[[], None]] = []
    return Many(clock, queues, {name: office(q) for name, q in queues.items()}, background,
                HealthFigures(clock=lambda: clock().timestamp(), in_background=background.append))


def test_many_offices_are_answered_from_figures_at_most_max_age_old(many: Many) -> None:
    clock, queues, runtimes, background, figures = many.clock, many.queues, many.runtimes, many.background, \
        many.figures
    first = figures.of(runtimes)
    assert all(o["outbox_depth"] is None and not o["state_error"] for o in first.values())  # not read yet
    assert sum(q.calls for q in queues.values()) == 0  # the probe itself made no store call
    background.pop()()
    assert all(o["outbox_depth"] == 1 for o in figures.of(runtimes).values())
    assert not background  # all fresh: no refresh started
    for q in queues.values():
        q.waiting = 7
    assert all(o["outbox_depth"] == 1 for o in figures.of(runtimes).values())

    clock.advance(MAX_AGE + 1)
    stale = figures.of(runtimes)  # answered from what it had; the refresh runs beside it
    assert all(o["outbox_depth"] == 1 for o in stale.values())
    background.pop()()
    assert all(o["outbox_depth"] == 7 for o in figures.of(runtimes).values())


def test_an_office_that_joins_is_read_alone_and_never_on_the_probe(many: Many) -> None:
    queues, runtimes, background, figures = many.queues, many.runtimes, many.background, many.figures
    figures.of(runtimes)
    background.pop()()
    newcomer = Queues(waiting=3)
    runtimes["new"] = office(newcomer)
    calls = sum(q.calls for q in queues.values())
    assert figures.of(runtimes)["new"]["outbox_depth"] is None
    background.pop()()
    assert sum(q.calls for q in queues.values()) == calls  # the others were fresh: not read again
    assert figures.of(runtimes)["new"]["outbox_depth"] == 3


def test_an_unreachable_store_is_reported_not_raised() -> None:
    report = HealthFigures().of({"a": office(Queues(down=True))})["a"]
    assert report["state_error"] and not healthy(report)
