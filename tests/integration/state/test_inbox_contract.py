"""The inbox contract: SQLite and Redis keep acknowledged events and hand out one source's events in order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from state.inbox import InboxEvent, InboxFullError, InboxStore, NewEvent
from state.stores import Stores, open_stores
from tests.integration.state.conftest import SECRET, reopen

NOW = 1_790_000_000.0
LEASE = 30.0




def event(n: int, source: str = "alice", stamp: int = 1000) -> NewEvent:
    return NewEvent(f"E{n:04d}", source, stamp, f'{{"n": {n}}}')


def drain(inbox: InboxStore, holder: str = "me") -> list[str]:
    """Take and finish every event, one at a time: the order they are handed out."""
    order = []
    while (taken := inbox.take(NOW, LEASE, holder)) is not None:
        order.append(taken.event_id)
        inbox.done(taken)
    return order


def test_events_survive_a_restart_and_a_redelivery_is_kept_once(stores: Stores, state_url: str,
                                                               tmp_path: Path) -> None:
    assert stores.inbox.put([event(1), event(2)], NOW, 100) == 2
    stores.close()
    again = reopen(state_url, tmp_path)
    assert again.inbox.put([event(2), event(3)], NOW, 100) == 1, "E0002 was kept before"
    assert again.inbox.depth() == 3
    assert drain(again.inbox) == ["E0001", "E0002", "E0003"]
    assert again.inbox.put([event(1)], NOW, 100) == 0, "done events stay known: a late redelivery is not redone"
    assert again.inbox.depth() == 0
    again.close()


def test_one_source_is_handed_out_in_line_order_one_at_a_time(stores: Stores) -> None:
    inbox = stores.inbox
    inbox.put([event(1, stamp=3000), event(2, stamp=1000), event(3, stamp=1000), event(4, "bob", 2000)], NOW, 100)
    first = inbox.take(NOW, LEASE, "me")
    assert first is not None and (first.event_id, first.attempts) == ("E0002", 1), "earliest timestamp first"
    second = inbox.take(NOW, LEASE, "me")
    assert second is not None and second.event_id == "E0004", "alice is held: bob goes on meanwhile"
    assert inbox.take(NOW, LEASE, "me") is None, "nothing else is free"
    inbox.done(first)
    assert [e.event_id for e in (inbox.take(NOW, LEASE, "me"),) if e] == ["E0003"], "same time: body position"
    assert inbox.depth() == 3


def test_an_earlier_event_arriving_later_still_goes_first_when_the_source_is_free(stores: Stores) -> None:
    stores.inbox.put([event(1, stamp=5000)], NOW, 100)
    stores.inbox.put([event(2, stamp=4000)], NOW, 100)
    assert drain(stores.inbox) == ["E0002", "E0001"]


def test_a_lease_ends_and_another_instance_takes_the_event_again(stores: Stores, state_url: str,
                                                                tmp_path: Path) -> None:
    other = reopen(state_url, tmp_path)
    stores.inbox.put([event(1), event(2)], NOW, 100)
    taken = stores.inbox.take(NOW, LEASE, "crashed")
    assert taken is not None and other.inbox.take(NOW + 1, LEASE, "other") is None
    stores.inbox.renew([taken.source], NOW + 60)
    assert other.inbox.take(NOW + 45, LEASE, "other") is None, "renewed"
    again = other.inbox.take(NOW + 61, LEASE, "other")
    assert again is not None and (again.event_id, again.attempts) == ("E0001", 2)
    other.close()


def test_a_dead_holder_is_released_at_once(stores: Stores) -> None:
    stores.inbox.put([event(1), event(2, "bob")], NOW, 100)
    assert stores.inbox.take(NOW, LEASE, "host:1:dead") and stores.inbox.take(NOW, LEASE, "host:2:alive")
    assert stores.inbox.holders() == ["host:1:dead", "host:2:alive"]
    assert stores.inbox.release_holder("host:1:dead") == 1
    again = stores.inbox.take(NOW, LEASE, "host:3:new")
    assert again is not None and again.event_id == "E0001"


def test_a_failed_event_waits_and_stays_first(stores: Stores) -> None:
    stores.inbox.put([event(1), event(2)], NOW, 100)
    taken = stores.inbox.take(NOW, LEASE, "me")
    assert taken is not None
    stores.inbox.retry_later(taken, NOW + 10)
    assert stores.inbox.take(NOW + 5, LEASE, "me") is None
    again = stores.inbox.take(NOW + 11, LEASE, "me")
    assert again is not None and (again.event_id, again.attempts) == ("E0001", 2)


def test_the_bound_keeps_what_fits_and_refuses_the_rest(stores: Stores) -> None:
    with pytest.raises(InboxFullError) as full:
        stores.inbox.put([event(n) for n in range(5)], NOW, 3)
    assert full.value.accepted == 3 and stores.inbox.depth() == 3
    assert drain(stores.inbox) == ["E0000", "E0001", "E0002"]
    assert stores.inbox.put([event(n) for n in range(5)], NOW, 3) == 2, "the redelivery adds only the rest"


def test_offices_have_their_own_inbox(stores: Stores, state_url: str, tmp_path: Path) -> None:
    other = open_stores(state_url, tmp_path / "var-b", SECRET, "office-b")
    stores.inbox.put([event(1)], NOW, 100)
    assert other.inbox.depth() == 0 and other.inbox.put([event(1)], NOW, 100) == 1
    other.close()


def test_threads_never_hold_two_events_of_one_source(stores: Stores, state_url: str, tmp_path: Path) -> None:
    sources = [f"s{n}" for n in range(10)]
    stores.inbox.put([event(n * 10 + k, source, stamp=k) for k in range(10) for n, source in enumerate(sources)],
                     NOW, 1000)
    held: set[str] = set()
    seen: dict[str, list[int]] = {source: [] for source in sources}
    lock = threading.Lock()
    problems: list[str] = []

    def work() -> None:
        inbox = reopen(state_url, tmp_path).inbox
        while (taken := inbox.take(NOW, LEASE, threading.current_thread().name)) is not None:
            with lock:
                if taken.source in held:
                    problems.append(taken.source)
                held.add(taken.source)
                seen[taken.source].append(taken.stamp)
            finish(inbox, taken, held, lock)
        if not state_url:  # Redis clients are shared per URL in a process: the fixture closes it
            inbox.close()

    threads = [threading.Thread(target=work, name=f"t{n}") for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert all(stamps == list(range(10)) for stamps in seen.values()), seen


def finish(inbox: InboxStore, taken: InboxEvent, held: set[str], lock: threading.Lock) -> None:
    with lock:
        held.discard(taken.source)
        inbox.done(taken)
