"""Cards are validated and serialized once; what LINE receives is exactly what the SDK would have sent."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    FlexContainer,
    FlexMessage,
    PushMessageRequest,
    ReplyMessageRequest,
)

from bot.line_messages import flex_container, quick_reply, to_line_messages
from bot.messenger import MessageApiClient
from demo.workbook import demo_user_id
from handlers.conversation.replies import Flex
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from tests.unit.conftest import LAST_YEAR, talk

STAFF = demo_user_id("demo-staff")


@pytest.mark.parametrize("command", ["คะแนน", "วิเคราะห์", "OIT", "มาตรการ", f"คะแนน ITA {LAST_YEAR}"])
def test_a_cached_card_serializes_exactly_as_the_sdk_would(assistant: Assistant, demo_snapshot: Snapshot,
                                                           command: str) -> None:
    cards = [reply for reply in talk(assistant, demo_snapshot, STAFF, command) if isinstance(reply, Flex)]
    assert cards, f"{command} answers with a card"
    for card in cards:
        plain = FlexMessage(altText=card.alt_text, contents=FlexContainer.from_dict(card.contents),
                            quickReply=quick_reply(card.quick_replies))
        expected = ReplyMessageRequest(replyToken="t", messages=[plain]).to_dict()
        for _ in range(2):  # built, then served from the cache
            sent = ReplyMessageRequest(replyToken="t", messages=to_line_messages([card])).to_dict()
            assert json.dumps(sent, sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_the_same_card_is_built_once(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    flex_container.cache_clear()
    sent = [to_line_messages(talk(assistant, demo_snapshot, STAFF, "คะแนน")) for _ in range(5)]
    assert all(messages[0] is sent[0][0] for messages in sent)  # the card's SDK message, built once
    assert flex_container.cache_info().misses <= 1


def test_a_new_snapshot_builds_the_card_again(assistant: Assistant, demo_snapshot: Snapshot) -> None:
    first = to_line_messages(talk(assistant, demo_snapshot, STAFF, "คะแนน"))[0]
    again = to_line_messages(talk(assistant, replace(demo_snapshot), STAFF, "คะแนน"))[0]
    assert again is not first and again.to_dict() == first.to_dict()


@pytest.mark.parametrize("command", ["คะแนน", "วิเคราะห์", "OIT", "เมนู", "สวัสดี"])
def test_a_message_body_is_serialized_as_the_sdk_would(assistant: Assistant, demo_snapshot: Snapshot,
                                                       command: str) -> None:
    """The short cut of MessageApiClient gives exactly the SDK's full walk, for replies and pushes."""
    client = MessageApiClient(Configuration(host="http://127.0.0.1:9", access_token="t"))
    messages = to_line_messages(talk(assistant, demo_snapshot, STAFF, command))
    for body in (ReplyMessageRequest(replyToken="t", messages=messages),
                 PushMessageRequest(to="U" + "0" * 32, messages=messages, notificationDisabled=True)):
        walked = ApiClient.sanitize_for_serialization(client, body)
        assert json.dumps(client.sanitize_for_serialization(body), sort_keys=True) == json.dumps(walked, sort_keys=True)
    assert client.sanitize_for_serialization({"a": [1]}) == {"a": [1]}  # anything else: the SDK's own walk
