"""Fuzz the webhook: whatever arrives, the answer is 2xx or 4xx, never 5xx, and the worker survives."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import runtime_of
from tests.fakes.line_events import sign
from tests.integration.conftest import CHANNEL_SECRET

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)
event_like = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "follow", "unfollow", "postback", "join", "beacon", "x", ""])},
    optional={"source": st.fixed_dictionaries({"type": st.sampled_from(["user", "group", "room", "?"]),
                                               "userId": st.text(max_size=40)}),
              "message": st.fixed_dictionaries({"type": st.sampled_from(["text", "image", "sticker"]),
                                                "id": st.text(max_size=5), "text": st.text(max_size=50)}),
              "postback": st.fixed_dictionaries({"data": st.text(max_size=30)}),
              "replyToken": st.text(max_size=40), "timestamp": st.integers(-2**80, 2**80),
              "webhookEventId": st.text(max_size=30), "mode": st.sampled_from(["active", "standby"]),
              "deliveryContext": st.fixed_dictionaries({"isRedelivery": st.booleans()})})
signed_bodies = st.one_of(
    st.builds(lambda events: json.dumps({"events": events}).encode(), st.lists(event_like, max_size=3)),
    st.builds(lambda value: json.dumps(value).encode(), json_values),
    st.binary(max_size=200))
headers = st.dictionaries(st.sampled_from(["X-Line-Signature", "Content-Type", "Content-Length-X", "X-Other"]),
                          st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
                          max_size=3)

FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(body=signed_bodies)
def test_signed_random_bodies_never_get_a_5xx(client: FlaskClient, bot_app: Flask, body: bytes) -> None:
    response = client.post("/callback", data=body, headers={"X-Line-Signature": sign(CHANNEL_SECRET, body)})
    assert response.status_code in (200, 400, 413)
    runtime_of(bot_app).events.wait_idle()


@FUZZ
@given(body=st.binary(max_size=300), extra=headers)
def test_random_bodies_and_headers_never_get_a_5xx(client: FlaskClient, body: bytes, extra: dict[str, str]) -> None:
    response = client.post("/callback", data=body, headers=extra)
    assert response.status_code in (200, 400, 413)
