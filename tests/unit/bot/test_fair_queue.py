"""The fair queue: offices served in turn, none holding more than its share of the workers."""

from __future__ import annotations

import pytest

from bot.fair_queue import FairQueue


def test_offices_are_served_round_robin_in_the_order_they_became_waiting() -> None:
    queue = FairQueue(share=4)
    for office in ("a", "b", "c", "a"):
        queue.mark(office)
    served = [queue.next(), queue.next(), queue.next()]
    assert served == ["a", "b", "c"], "marking a waiting office again does not move it ahead"
    assert queue.next() is None


def test_an_office_with_more_events_goes_to_the_back_after_each_one() -> None:
    queue = FairQueue(share=4)
    queue.mark("burst")
    queue.mark("quiet")
    order = []
    for _ in range(4):
        office = queue.next()
        assert office is not None
        order.append(office)
        if office == "burst":
            queue.mark("burst")  # it has more: served again in its next turn
        queue.release(office)
    assert order == ["burst", "quiet", "burst", "burst"]


def test_an_office_at_its_share_waits_aside_and_rejoins_when_a_worker_leaves() -> None:
    queue = FairQueue(share=2)
    queue.mark("slow")
    assert queue.next() == "slow"
    queue.mark("slow")
    assert queue.next() == "slow"
    queue.mark("slow")
    queue.mark("other")
    assert queue.busy("slow") == 2
    assert queue.next() == "other", "the slow office holds its share; the next worker serves another office"
    assert queue.next() is None
    queue.release("slow")
    assert queue.next() == "slow"


def test_a_dropped_office_is_never_handed_out_again_until_restored() -> None:
    queue = FairQueue(share=1)
    queue.mark("gone")
    queue.mark("kept")
    queue.drop("gone")
    assert queue.waiting() == ["kept"]
    queue.mark("gone")
    assert queue.waiting() == ["kept"]
    queue.restore("gone")
    queue.mark("gone")
    assert queue.waiting() == ["kept", "gone"]


def test_a_share_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        FairQueue(share=0)
