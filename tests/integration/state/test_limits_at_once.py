"""Per-visitor limits count and check in one step: 80 guesses at once, on two instances, get exactly the limit."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from handlers.complaints.desk import ComplaintDesk, Draft
from state.outbox import OutboxWriter
from state.stores import Stores
from tests.conftest import FakeClock
from tests.integration.state.conftest import reopen

GUESSES = 80
T = TypeVar("T")


def at_once(count: int, attempt: Callable[[int], T]) -> list[T]:
    """``attempt(n)`` for n in range(count), all released together from a barrier on their own threads."""
    start = threading.Barrier(count)

    def run(n: int) -> T:
        start.wait()
        return attempt(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def desks(stores: Stores, state_url: str, tmp_path: Path, clock: FakeClock) -> tuple[ComplaintDesk, ComplaintDesk]:
    """Two instances' desks on the same state, with the default wrong-receipt limit of 10."""
    other = reopen(state_url, tmp_path)
    return (ComplaintDesk(stores.ledger, OutboxWriter(stores.outbox, clock), clock, rng=random.Random(1)),
            ComplaintDesk(other.ledger, OutboxWriter(other.outbox, clock), clock, rng=random.Random(2)))


def test_parallel_wrong_receipts_get_exactly_the_limit(stores: Stores, state_url: str, tmp_path: Path,
                                                       clock: FakeClock) -> None:
    pair = desks(stores, state_url, tmp_path, clock)
    answers = at_once(GUESSES, lambda n: pair[n % 2].lookup(f"WRONG{n:05d}", None, sender="visitor"))
    assert Counter(answers) == {None: 10, "throttled": GUESSES - 10}
    assert pair[0].lookup("WRONG99999", None, sender="another visitor") is None, "limits are per visitor"


def test_a_right_receipt_is_not_counted_as_a_wrong_guess(stores: Stores, state_url: str, tmp_path: Path,
                                                         clock: FakeClock) -> None:
    desk = desks(stores, state_url, tmp_path, clock)[0]
    filed = desk.file(Draft("อื่น ๆ", ["ทดสอบ"], "ไม่ทราบ"), "LINE", None, sender="someone", user_id=None)
    assert filed is not None
    for _ in range(12):
        assert not isinstance(desk.lookup(filed.receipt, None, sender="visitor"), str | None)
    assert [desk.lookup("WRONG00000", None, sender="visitor") for _ in range(11)][-2:] == [None, "throttled"]


def test_parallel_filings_from_one_visitor_get_exactly_the_limit(stores: Stores, state_url: str, tmp_path: Path,
                                                                clock: FakeClock) -> None:
    pair = desks(stores, state_url, tmp_path, clock)
    window = f"{clock():%Y-%m-%dT%H}"
    taken = at_once(GUESSES, lambda n: pair[n % 2].ledger.take_quota("file:เว็บไซต์:visitor", window, 5))
    assert taken.count(True) == 5
    assert stores.ledger.count("file:เว็บไซต์:visitor", window, add=False) == 5
    assert not stores.ledger.take_quota("file:เว็บไซต์:visitor", window, 0)
