"""The photo decoder: a pixel budget read from the header, a time budget, one decode at a time, a bounded wait."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from bot.photo_decoding import PhotoDecoder
from tests.fakes.photos import jpeg_with_gps, png


@pytest.fixture
def decoders() -> Iterator[Callable[..., PhotoDecoder]]:
    made: list[PhotoDecoder] = []

    def make(**settings: object) -> PhotoDecoder:
        made.append(PhotoDecoder(**settings))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for decoder in made:
        decoder.close()


def ticking(*readings: float) -> Callable[[], float]:
    """A timer that gives these readings, then the last one for ever."""
    values = list(readings)
    return lambda: values.pop(0) if len(values) > 1 else values[0]


def test_photos_within_budget_are_decoded_and_counted(decoders: Callable[..., PhotoDecoder]) -> None:
    decoder = decoders()
    cleaned = decoder.clean_all([png(), jpeg_with_gps()])
    assert cleaned is not None and [p.extension for p in cleaned if p] == [".png", ".jpg"]
    assert decoder.decoded == 2


def test_a_photo_over_the_pixel_budget_stops_the_request_undecoded(decoders: Callable[..., PhotoDecoder]) -> None:
    decoder = decoders(max_pixels=10_000)
    assert decoder.clean_all([png(), png((101, 100))]) == [None, None]
    assert decoder.clean_all([b"GIF89a not ours"]) == [None]
    assert decoder.decoded == 0


def test_the_time_budget_stops_between_photos(decoders: Callable[..., PhotoDecoder]) -> None:
    decoder = decoders(budget=8.0, timer=ticking(0.0, 0.0, 1.0, 9.0))  # asked, started, photo 1, photo 2
    assert decoder.clean_all([png(), png(), png()]) is None
    assert decoder.decoded == 1


def test_one_request_at_a_time_and_a_late_turn_is_refused(decoders: Callable[..., PhotoDecoder]) -> None:
    """The first request holds the decoding thread between its photos while the second asks; when the first is done
    the second's turn comes 10 s after it asked, over the 5 s it may wait: refused without decoding."""
    now, inside, release, asked = [0.0], threading.Event(), threading.Event(), threading.Event()
    calls = {"decoder": 0}

    def timer() -> float:
        if threading.current_thread().name == "second":
            asked.set()
        if threading.current_thread().name.startswith("photo-decoder"):
            calls["decoder"] += 1
            if calls["decoder"] == 3:  # the first request, before its second photo
                inside.set()
                release.wait(timeout=30)
        return now[0]

    decoder = decoders(wait=5.0, budget=100.0, timer=timer)
    answers: dict[str, object] = {}
    first = threading.Thread(target=lambda: answers.setdefault("first", decoder.clean_all([png(), png()])))
    first.start()
    assert inside.wait(timeout=30)
    second = threading.Thread(target=lambda: answers.setdefault("second", decoder.clean_all([png()])), name="second")
    second.start()
    assert asked.wait(timeout=30)
    assert decoder.decoded == 1, "the second request does not decode beside the first"
    now[0] = 10.0
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert answers["second"] is None and isinstance(answers["first"], list) and decoder.decoded == 2
