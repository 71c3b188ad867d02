"""The webhook with real HMAC signatures, the LINE API fake behind real HTTP, and the event worker."""

from __future__ import annotations

import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from state.inbox import NewEvent
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, follow_event, sign, text_event
from tests.fakes.servers import Served, serve
from tests.integration.conftest import CHANNEL_SECRET, LAST_YEAR, post_signed

USER = "U" + "1" * 32


def ms(clock: FakeClock) -> int:
    return line_ms(clock())


def texts(fake: LineApiFake, user: str = USER) -> list[str]:
    return [m.get("text") or m.get("altText") for d in fake.messages_to(user) for m in d.messages]


def test_a_text_is_answered_by_reply_with_quick_replies(client: FlaskClient, bot_app: Flask,
                                                       line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    body = body_of(text_event(USER, "เมนู", fake.issue_reply_token(USER), ms(clock)))
    assert post_signed(client, body) == 200
    runtime_of(bot_app).events.wait_idle()
    (delivery,) = fake.deliveries
    assert delivery.kind == "reply" and "สิ่งที่ทำได้ที่นี่" in delivery.messages[0]["text"]
    labels = [item["action"]["label"] for item in delivery.messages[0]["quickReply"]["items"]]
    assert labels == ["คะแนน ITA", "ร้องเรียน", "ติดตาม", "เมนู"]


def test_follow_gets_a_greeting(client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served],
                                clock: FakeClock) -> None:
    fake, _ = line_fake
    post_signed(client, body_of(follow_event(USER, fake.issue_reply_token(USER), ms(clock))))
    runtime_of(bot_app).events.wait_idle()
    assert "ขอบคุณที่เพิ่มเทศบาลตำบลมวกเหล็กเป็นเพื่อน" in texts(fake)[0]


def test_bad_or_missing_signature_is_refused_with_no_side_effect(client: FlaskClient, bot_app: Flask,
                                                                 line_fake: tuple[LineApiFake, Served],
                                                                 clock: FakeClock) -> None:
    fake, _ = line_fake
    body = body_of(text_event(USER, "เมนู", fake.issue_reply_token(USER), ms(clock), event_id="E1"))
    assert client.post("/callback", data=body).status_code == 400
    assert post_signed(client, body, secret="wrong-secret") == 400
    tampered = body.replace("เมนู".encode(), b"help")
    assert client.post("/callback", data=tampered, headers={"X-Line-Signature": sign(CHANNEL_SECRET, body)}
                       ).status_code == 400
    runtime_of(bot_app).events.wait_idle()
    assert fake.deliveries == []
    inbox = runtime_of(bot_app).stores.inbox
    assert inbox.put([NewEvent("E1", "x", 0, "{}")], 0.0, 10) == 1, "a refused event was not even recorded"


def test_verify_malformed_and_oversized_bodies(client: FlaskClient) -> None:
    assert post_signed(client, b'{"destination": "x", "events": []}') == 200
    assert post_signed(client, b'{"events": [') == 400
    assert post_signed(client, b'{"no_events": 1}') == 400
    assert post_signed(client, "ไม่ใช่ JSON".encode()) == 400
    assert post_signed(client, b"\xff\xfe") == 400
    assert post_signed(client, b'{"events": [' + b" " * (1024 * 1024) + b"]}") == 413


MALFORMED_BUT_SIGNED = {
    "nested 1,000 levels": b'{"events": [' + b"[" * 1000 + b"]" * 1000 + b"]}",
    "nested 100 levels": b'{"events": [' + b'{"a":' * 100 + b"1" + b"}" * 100 + b"]}",
    "timestamp 2**70": body_of(text_event(USER, "hi", "r" * 32, 2**70)),
    "timestamp -2**70": body_of(text_event(USER, "hi", "r" * 32, -2**70)),
    "timestamp as text": body_of({**text_event(USER, "hi", "r" * 32, 0), "timestamp": "soon"}),
    "no events list": b'{"events": 5}',
    "not UTF-8": b'{"events": ["\xff"]}',
}


@pytest.mark.parametrize("body", MALFORMED_BUT_SIGNED.values(), ids=MALFORMED_BUT_SIGNED.keys())
def test_every_malformed_but_signed_body_is_a_400(client: FlaskClient, bot_app: Flask, body: bytes) -> None:
    assert post_signed(client, body) == 400
    assert runtime_of(bot_app).events.depth == 0


def test_unknown_event_types_are_ignored(client: FlaskClient, bot_app: Flask, line_fake: tuple[LineApiFake, Served],
                                         clock: FakeClock) -> None:
    body = json.dumps({"events": [{"type": "somethingNew", "timestamp": ms(clock), "mode": "active",
                                   "webhookEventId": "X", "deliveryContext": {"isRedelivery": False},
                                   "source": {"type": "user", "userId": USER}}]}).encode()
    assert post_signed(client, body) == 200
    runtime_of(bot_app).events.wait_idle()
    assert line_fake[0].deliveries == []


def test_a_redelivered_event_is_handled_once_even_across_a_restart(bot_config: Config, clock: FakeClock,
                                                                   line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    event = text_event(USER, "เมนู", fake.issue_reply_token(USER), ms(clock), event_id="01HREDELIVERED")
    first = create_app(bot_config, clock=clock, flush_interval=None)
    for _ in range(2):
        assert post_signed(first.test_client(), body_of(event)) == 200
    runtime_of(first).events.wait_idle()
    runtime_of(first).stop()
    event["deliveryContext"] = {"isRedelivery": True}
    second = create_app(bot_config, clock=clock, flush_interval=None)
    assert post_signed(second.test_client(), body_of(event)) == 200
    runtime_of(second).events.wait_idle()
    runtime_of(second).stop()
    assert len(fake.deliveries) == 1


def test_an_expired_reply_token_falls_back_to_push(client: FlaskClient, bot_app: Flask,
                                                   line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    token = fake.issue_reply_token(USER)
    sent_at = ms(clock)
    clock.advance(90)  # LINE's token is older than the fake's 60 s, and older than our reply window
    post_signed(client, body_of(text_event(USER, "เมนู", token, sent_at)))
    runtime_of(bot_app).events.wait_idle()
    (delivery,) = fake.deliveries
    assert delivery.kind == "push" and delivery.retry_key and "สิ่งที่ทำได้ที่นี่" in delivery.messages[0]["text"]


def test_a_refused_reply_token_falls_back_to_push(bot_config: Config, line_fake: tuple[LineApiFake, Served],
                                                  clock: FakeClock) -> None:
    fake, _ = line_fake
    token = fake.issue_reply_token(USER)
    fake.issue_reply_token(USER)
    app = create_app(bot_config, clock=clock, flush_interval=None)
    post_signed(app.test_client(), body_of(text_event(USER, "เมนู", token, ms(clock))))
    post_signed(app.test_client(), body_of(text_event(USER, "help", token, ms(clock))))  # token already used
    runtime_of(app).events.wait_idle()
    runtime_of(app).stop()
    assert [d.kind for d in fake.deliveries] == ["reply", "push"]
    assert (400, "Invalid reply token") in fake.rejected


def test_thousand_events_from_concurrent_clients_are_all_answered_and_processed(
        bot_config: Config, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    app = create_app(bot_config, clock=clock, flush_interval=None, event_capacity=2000)
    served = serve(app)
    users = [f"U{n:032x}" for n in range(1000)]
    bodies = [body_of(text_event(user, "เมนู", fake.issue_reply_token(user), ms(clock))) for user in users]

    def post(body: bytes) -> int:
        return requests.post(served.url + "/callback", data=body, timeout=30,
                             headers={"X-Line-Signature": sign(CHANNEL_SECRET, body)}).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(post, bodies))
    runtime_of(app).events.wait_idle()
    served.stop()
    runtime_of(app).stop()
    assert statuses == [200] * 1000
    assert sorted(d.to[0] for d in fake.deliveries) == sorted(users)
    assert all(d.kind == "reply" for d in fake.deliveries)


def test_healthz_reports_snapshot_age_and_outbox_depth(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"snapshot_age_seconds": 0.0, "snapshot_error": False, "state_error": False,
                             "outbox_depth": 0, "event_queue_depth": 0, "events_in_progress": 0}


def test_postbacks_reach_the_same_handlers(client: FlaskClient, bot_app: Flask,
                                           line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, _ = line_fake
    event = text_event(USER, "", fake.issue_reply_token(USER), ms(clock))
    del event["message"]
    event.update({"type": "postback", "postback": {"data": f"คะแนน ITA {LAST_YEAR}"}})
    post_signed(client, body_of(event))
    runtime_of(bot_app).events.wait_idle()
    assert texts(fake)[0].startswith(f"ผล ITA ปี {LAST_YEAR}")


def test_the_first_question_shows_the_loading_animation(client: FlaskClient, bot_app: Flask,
                                                        line_fake: tuple[LineApiFake, Served],
                                                        clock: FakeClock) -> None:
    fake, _ = line_fake
    for _ in range(2):
        post_signed(client, body_of(text_event(USER, "เมนู", fake.issue_reply_token(USER), ms(clock))))
        runtime_of(bot_app).events.wait_idle()
    assert fake.loading == [(USER, 10)], "only while the workbook is being read"


def test_a_body_beyond_the_inbox_bound_gets_503_and_the_redelivery_is_answered_once(
        bot_config: Config, line_fake: tuple[LineApiFake, Served], clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    fake, _ = line_fake
    fake.gate = threading.Event()
    app = create_app(bot_config, clock=clock, flush_interval=None, event_threads=2, event_capacity=3)
    client = app.test_client()
    runtime_of(app).snapshots.get()  # no loading-animation call to wait on
    users = [f"U{n:032x}" for n in range(5)]
    events = [text_event(user, "เมนู", fake.issue_reply_token(user), ms(clock)) for user in users]
    with caplog.at_level(logging.WARNING):
        assert post_signed(client, body_of(*events)) == 503, "never 200 for events that will not be handled"
    assert "inbox full: 3 of 5 events kept" in caplog.text
    fake.gate.set()
    assert runtime_of(app).events.wait_idle()
    for redelivered in events:
        redelivered["deliveryContext"] = {"isRedelivery": True}
    assert post_signed(client, body_of(*events)) == 200
    assert runtime_of(app).events.wait_idle()
    runtime_of(app).stop()
    assert sorted(d.to[0] for d in fake.deliveries) == users, "each person answered once"


def test_a_state_store_that_cannot_be_written_gets_503(bot_config: Config, bot_app: Flask,
                                                       line_fake: tuple[LineApiFake, Served],
                                                       clock: FakeClock) -> None:
    runtime_of(bot_app).stores.inbox.close()  # as if the disk went away
    body = body_of(text_event(USER, "เมนู", line_fake[0].issue_reply_token(USER), ms(clock)))
    assert post_signed(bot_app.test_client(), body) == 503
