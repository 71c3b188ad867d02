"""The shared event pool on real SQLite inboxes: order per person, fairness between offices, leases, retries."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.event_pool import EventPool
from state.inbox import Inbox, InboxEvent, NewEvent

LEASE = 30.0


class Wall:
    """Epoch seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1_790_000_000.0

    def __call__(self) -> float:
        return self.now


class Recorder:
    """A handler that records what it handled; with a gate, it holds each event until the gate opens."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.handled: list[str] = []
        self.gate = gate
        self.holding = threading.Semaphore(0)

    def __call__(self, event: InboxEvent) -> None:
        if self.gate is not None:
            self.holding.release()
            assert self.gate.wait(timeout=30)
        self.handled.append(event.event_id)


@pytest.fixture
def wall() -> Wall:
    return Wall()


@pytest.fixture
def inboxes(tmp_path: Path) -> Iterator[Callable[[str], Inbox]]:
    opened: list[Inbox] = []

    def open_inbox(office: str) -> Inbox:
        opened.append(Inbox(tmp_path / f"{office}.sqlite3", "k" * 32))
        return opened[-1]

    yield open_inbox
    for inbox in opened:
        inbox.close()


def put(inbox: Inbox, wall: Wall, *people: str, prefix: str = "E") -> None:
    events = [NewEvent(f"{prefix}{n}", person, 1000 + n, "{}") for n, person in enumerate(people)]
    inbox.put(events, wall(), 1000)


def test_one_persons_events_are_handled_in_order_and_never_two_at_once(inboxes: Callable[[str], Inbox],
                                                                        wall: Wall) -> None:
    pool = EventPool(threads=2, share=2, lease=LEASE, wall=wall, start=False)
    inbox, gate = inboxes("a"), threading.Event()
    held = Recorder(gate)
    pool.add_office("a", inbox, held)
    put(inbox, wall, "alice", "alice", "alice")
    worker = threading.Thread(target=pool.serve_one)
    worker.start()
    assert held.holding.acquire(timeout=30), "E0 is being handled"
    assert pool.serve_one() and held.handled == [], "alice's next event waits while E0 is held"
    gate.set()
    worker.join()
    while pool.serve_one():
        pass
    assert held.handled == ["E0", "E1", "E2"] and inbox.depth() == 0


def test_a_burst_in_one_office_does_not_hold_up_another_offices_reply(inboxes: Callable[[str], Inbox],
                                                                       wall: Wall) -> None:
    pool = EventPool(threads=1, share=1, lease=LEASE, wall=wall, start=False)
    busy, quiet = inboxes("busy"), inboxes("quiet")
    handled = Recorder()
    pool.add_office("busy", busy, handled)
    pool.add_office("quiet", quiet, handled)
    put(busy, wall, *[f"person-{n}" for n in range(20)], prefix="B")
    pool.notify("busy")
    put(quiet, wall, "somchai", prefix="Q")
    pool.notify("quiet")
    for _ in range(4):
        pool.serve_one()
    assert "Q0" in handled.handled[:2], "the quiet office is served in its turn, not after the 20"


def test_a_slow_office_holds_at_most_its_share_of_the_workers(inboxes: Callable[[str], Inbox], wall: Wall) -> None:
    pool = EventPool(threads=4, share=2, lease=LEASE, wall=wall)
    slow_inbox, other_inbox, gate = inboxes("slow"), inboxes("other"), threading.Event()
    slow, answered = Recorder(gate), threading.Event()
    pool.add_office("slow", slow_inbox, slow)
    pool.add_office("other", other_inbox, lambda event: answered.set())
    try:
        put(slow_inbox, wall, *[f"person-{n}" for n in range(10)])
        pool.notify("slow")
        assert slow.holding.acquire(timeout=30) and slow.holding.acquire(timeout=30)
        put(other_inbox, wall, "somchai")
        pool.notify("other")
        assert answered.wait(timeout=30), "another office is answered while the slow sheet holds two workers"
        assert pool.busy("slow") == 2
    finally:
        gate.set()
        assert pool.wait_idle("slow", timeout=30)
        pool.stop()
    assert sorted(slow.handled) == sorted(f"E{n}" for n in range(10)), "every slow event handled in the end"


def test_a_held_lease_is_renewed_and_a_dead_instances_lease_ends(inboxes: Callable[[str], Inbox],
                                                                  wall: Wall) -> None:
    """Two instances share the inbox: the other cannot take a held event until its holder stops renewing."""
    inbox, gate = inboxes("a"), threading.Event()
    mine, theirs = EventPool(threads=1, lease=LEASE, wall=wall, start=False), EventPool(
        threads=1, lease=LEASE, wall=wall, start=False)
    held, other = Recorder(gate), Recorder()
    mine.add_office("a", inbox, held)
    theirs.add_office("a", inbox, other)
    put(inbox, wall, "alice")
    worker = threading.Thread(target=mine.serve_one)
    worker.start()
    assert held.holding.acquire(timeout=30)
    wall.now += 20
    mine.housekeep()  # renewed until now + 30
    wall.now += 20
    theirs.notify("a")
    theirs.serve_one()
    assert other.handled == [], "the lease was renewed: still held"
    wall.now += 40  # the holder stopped renewing (it died)
    theirs.notify("a")
    theirs.serve_one()
    assert other.handled == ["E0"]
    gate.set()
    worker.join()


def test_a_failed_event_is_tried_again_after_its_backoff_when_the_office_is_looked_at(
        inboxes: Callable[[str], Inbox], wall: Wall) -> None:
    pool = EventPool(threads=1, lease=LEASE, wall=wall, start=False)
    inbox, attempts = inboxes("a"), []

    def flaky(event: InboxEvent) -> None:
        attempts.append(event.attempts)
        if event.attempts == 1:
            raise RuntimeError("LINE answered 500")

    pool.add_office("a", inbox, flaky)
    put(inbox, wall, "alice")
    pool.serve_one()
    assert attempts == [1] and inbox.depth() == 1, "kept, not lost"
    pool.serve_one()
    assert attempts == [1], "waits out its backoff"
    wall.now += 1.5  # past the first backoff (one second)
    pool.housekeep()
    pool.serve_one()
    assert attempts == [1, 2] and inbox.depth() == 0


def test_every_inbox_is_swept_in_slices_even_without_a_notify(inboxes: Callable[[str], Inbox], wall: Wall) -> None:
    """Events another instance acknowledged (no notify here) are found within one sweep."""
    pool = EventPool(threads=1, lease=LEASE, poll=1.0, sweep=3.0, wall=wall, start=False)
    handled = Recorder()
    offices = {f"o{n}": inboxes(f"o{n}") for n in range(6)}
    for office, inbox in offices.items():
        pool.add_office(office, inbox, handled)
    while pool.serve_one():
        pass
    wall.now += 1000  # long after the offices were last busy
    put(offices["o5"], wall, "alice")  # another instance's webhook wrote it: no notify here
    for _ in range(3):
        pool.housekeep()
        while pool.serve_one():
            pass
    assert handled.handled == ["E0"]


def test_a_removed_office_is_no_longer_served_and_its_leases_are_freed(inboxes: Callable[[str], Inbox],
                                                                       wall: Wall) -> None:
    pool = EventPool(threads=1, lease=LEASE, wall=wall, start=False)
    inbox, handled = inboxes("a"), Recorder()
    pool.add_office("a", inbox, handled)
    pool.remove_office("a")
    put(inbox, wall, "alice")
    pool.notify("a")
    assert not pool.serve_one() and handled.handled == [] and pool.offices() == []
    pool.add_office("a", inbox, handled)
    while pool.serve_one():
        pass
    assert handled.handled == ["E0"]
