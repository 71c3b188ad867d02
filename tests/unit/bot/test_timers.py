"""Shared timers: each office's task at its interval, never twice at once, idle tasks at the idle pace until woken."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from bot.timers import SharedTimers


class Ticks:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Counter:
    def __init__(self, result: bool = True, gate: threading.Event | None = None) -> None:
        self.runs, self.result, self.gate = 0, result, gate
        self.started = threading.Semaphore(0)

    def __call__(self) -> bool:
        self.started.release()
        if self.gate is not None:
            assert self.gate.wait(timeout=30)
        self.runs += 1
        return self.result


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def timers(ticks: Ticks) -> Iterator[SharedTimers]:
    shared = SharedTimers(threads=2, clock=ticks, start=False)
    yield shared
    shared.stop()


def step(timers: SharedTimers, ticks: Ticks, seconds: float) -> None:
    ticks.now += seconds
    timers.run_due()
    assert timers.wait_quiet()


def test_a_task_runs_at_its_interval_for_each_office(timers: SharedTimers, ticks: Ticks) -> None:
    first, second = Counter(), Counter()
    timers.every("a", "flush", first, 2.0)
    timers.every("b", "flush", second, 2.0)
    step(timers, ticks, 1.0)
    assert (first.runs, second.runs) == (0, 0)
    step(timers, ticks, 1.0)
    step(timers, ticks, 2.0)
    assert (first.runs, second.runs) == (2, 2)


def test_a_task_still_running_is_not_started_again(timers: SharedTimers, ticks: Ticks) -> None:
    gate = threading.Event()
    slow = Counter(gate=gate)
    timers.every("a", "flush", slow, 2.0)
    ticks.now += 2.0
    timers.run_due()
    assert slow.started.acquire(timeout=30)
    ticks.now += 10.0
    timers.run_due()
    assert not slow.started.acquire(timeout=0.05), "one flush per office at a time"
    gate.set()
    assert timers.wait_quiet()
    assert slow.runs == 1


def test_an_idle_task_waits_the_idle_pause_until_woken(timers: SharedTimers, ticks: Ticks) -> None:
    idle = Counter(result=False)
    timers.every("a", "flush", idle, 2.0, idle=30.0)
    step(timers, ticks, 2.0)
    step(timers, ticks, 10.0)
    assert idle.runs == 1, "nothing to write: next look after the idle pause"
    timers.wake("a", "flush")
    step(timers, ticks, 0.0)
    assert idle.runs == 2, "a queued record wakes it at once (its interval had passed)"
    timers.wake("a", "flush")
    step(timers, ticks, 1.0)
    assert idle.runs == 2, "woken again: still at most one run per interval (writes stay batched)"
    step(timers, ticks, 1.0)
    assert idle.runs == 3


def test_a_wake_during_a_run_keeps_the_busy_pace(timers: SharedTimers, ticks: Ticks) -> None:
    gate = threading.Event()
    idle = Counter(result=False, gate=gate)
    timers.every("a", "flush", idle, 2.0, idle=30.0)
    ticks.now += 2.0
    timers.run_due()
    assert idle.started.acquire(timeout=30)
    timers.wake("a", "flush")  # a record queued after the flush looked at the outbox
    gate.set()
    assert timers.wait_quiet()
    step(timers, ticks, 2.0)
    assert idle.runs == 2


def test_once_runs_one_time_and_removing_an_office_ends_its_tasks(timers: SharedTimers, ticks: Ticks) -> None:
    warm, kept, removed = Counter(), Counter(), Counter()
    timers.once("a", "first-read", warm)
    timers.every("a", "sync", removed, 60.0)
    timers.every("b", "sync", kept, 60.0)
    step(timers, ticks, 0.0)
    timers.remove_office("a")
    step(timers, ticks, 60.0)
    step(timers, ticks, 60.0)
    assert (warm.runs, removed.runs, kept.runs) == (1, 0, 2)
    assert timers.keys() == [("b", "sync")]


def test_a_failing_task_runs_again_on_its_next_tick(timers: SharedTimers, ticks: Ticks) -> None:
    calls: list[int] = []

    def failing() -> None:
        calls.append(1)
        raise RuntimeError("sheet down")

    timers.every("a", "sync", failing, 5.0)
    step(timers, ticks, 5.0)
    step(timers, ticks, 5.0)
    assert len(calls) == 2


def test_the_timer_thread_runs_due_tasks_on_its_own() -> None:
    timers = SharedTimers(threads=1)
    ran = threading.Event()
    try:
        timers.once("a", "first-read", ran.set)
        assert ran.wait(timeout=30)
    finally:
        timers.stop()
