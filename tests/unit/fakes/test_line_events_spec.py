"""The webhook bodies our tests post are the ones LINE's webhook spec (shared/reference/line/webhook.yml) describes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from demo import line_fake_spec
from tests.fakes.line_events import body_of, follow_event, text_event

USER = "U" + "a" * 32


@pytest.fixture(scope="module")
def events() -> line_fake_spec.SpecValidator:
    validator = line_fake_spec.load(line_fake_spec.WEBHOOK)
    assert validator is not None, f"LINE's webhook spec must be at {line_fake_spec.WEBHOOK}"
    return validator


def _body() -> dict[str, Any]:
    body: dict[str, Any] = json.loads(body_of(text_event(USER, "คะแนน", "t" * 32, 1_764_000_000_000),
                                              follow_event(USER, "r" * 32, 1_764_000_000_000)))
    return body


def test_our_events_match_lines_webhook_spec(events: line_fake_spec.SpecValidator) -> None:
    assert events.errors("CallbackRequest", _body()) == []


@pytest.mark.parametrize(("where", "change"), [
    ("destination", lambda b: b.pop("destination")),
    ("source", lambda b: b["events"][0]["source"].update(type="person")),
    ("event type", lambda b: b["events"][0].update(type="typing")),
    ("message type", lambda b: b["events"][0]["message"].update(type="txt")),
])
def test_a_malformed_event_is_caught(events: line_fake_spec.SpecValidator, where: str, change: Any) -> None:
    body = _body()
    change(body)
    assert events.errors("CallbackRequest", body), where
