"""The photo decoder: a pixel budget read from the header, a time budget, and one decode at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot.photo_decoding import PhotoDecoder
from tests.fakes.photos import jpeg_with_gps, png


def ticking(*readings: float) -> Callable[[], float]:
    """A timer that gives these readings, then the last one for ever."""
    values = list(readings)
    return lambda: values.pop(0) if len(values) > 1 else values[0]


def test_photos_within_budget_are_decoded_and_counted() -> None:
    decoder = PhotoDecoder()
    cleaned = decoder.clean_all([png(), jpeg_with_gps()])
    assert cleaned is not None and [p.extension for p in cleaned if p] == [".png", ".jpg"]
    assert decoder.decoded == 2


def test_a_photo_over_the_pixel_budget_stops_the_request_undecoded() -> None:
    decoder = PhotoDecoder(max_pixels=10_000)
    assert decoder.clean_all([png(), png((101, 100))]) == [None, None]
    assert decoder.clean_all([b"GIF89a not ours"]) == [None]
    assert decoder.decoded == 0


def test_the_time_budget_stops_between_photos() -> None:
    decoder = PhotoDecoder(budget=8.0, timer=ticking(0.0, 1.0, 9.0))
    assert decoder.clean_all([png(), png(), png()]) is None
    assert decoder.decoded == 1


def test_one_decode_at_a_time_and_a_bounded_wait_for_the_turn() -> None:
    inside, release = threading.Event(), threading.Event()
    calls = 0

    def timer() -> float:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first request, inside its turn: it holds the turn until released
            inside.set()
            release.wait(timeout=30)
        return 0.0

    decoder = PhotoDecoder(wait=0.0, timer=timer)
    first = threading.Thread(target=decoder.clean_all, args=([png()],))
    first.start()
    assert inside.wait(timeout=30)
    assert decoder.clean_all([png()]) is None, "a second request does not decode beside the first"
    release.set()
    first.join(timeout=30)
    assert decoder.decoded == 1
    assert decoder.clean_all([png()]) is not None
