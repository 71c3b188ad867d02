"""Every message the bot can produce is one LINE accepts: sent by the real messenger to the LINE fake, which
checks it against LINE's own OpenAPI spec and documented limits; and each kind of mistake is refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from linebot.v3.messaging.exceptions import ApiException

from bot.line_messages import to_line_messages
from bot.messenger import LineMessenger
from demo import line_fake_spec
from demo.line_fake import LineApiFake
from handlers.conversation.replies import Flex, QuickReply, Reply, Text
from sheets.local import LocalWorkbook
from sheets.workbook import Snapshot, parse_workbook
from tests.conftest import FakeClock
from tests.fakes.bot_messages import LAST_YEAR, PEOPLE, every_message, make_assistant, sized
from tests.fakes.servers import Served
from tests.integration.conftest import quick_messenger

TO = PEOPLE["staff"]


@pytest.fixture(scope="module")
def snapshots(demo_xlsx: Path) -> dict[str, Snapshot]:
    return sized(parse_workbook(LocalWorkbook(demo_xlsx).read_tables(), datetime(2026, 11, 23, 9)))


@pytest.fixture
def messenger(bot_config: Any, clock: FakeClock) -> LineMessenger:
    return quick_messenger(bot_config, clock)


def test_the_fake_checks_against_lines_spec() -> None:
    assert line_fake_spec.load() is not None, f"LINE's spec must be at {line_fake_spec.SPEC} (shared/ beside us)"


def test_every_message_the_bot_can_produce_is_accepted(messenger: LineMessenger, line_fake: tuple[LineApiFake, Served],
                                                       snapshots: dict[str, Snapshot], tmp_path: Path,
                                                       clock: FakeClock) -> None:
    fake, _ = line_fake
    refused: dict[str, list[str]] = {}
    sent = 0
    for name, replies in every_message(make_assistant(tmp_path, clock), snapshots):
        try:
            messenger.push(TO, replies)
        except ApiException:
            refused[name] = fake.refusals[-1]
        sent += 1
    assert not refused, json.dumps(refused, ensure_ascii=False, indent=1)[:4000]
    assert sent > 300 and len(fake.deliveries) >= sent
    kinds = {m["type"] for d in fake.deliveries for m in d.messages}
    containers = {m["contents"]["type"] for d in fake.deliveries for m in d.messages if m["type"] == "flex"}
    assert kinds == {"text", "flex"} and containers == {"bubble", "carousel"}


@pytest.fixture(scope="module")
def produced(snapshots: dict[str, Snapshot], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Reply]]:
    return dict(every_message(make_assistant(tmp_path_factory.mktemp("bot"), FakeClock()), snapshots))


def _card(produced: dict[str, list[Reply]], wanted: str) -> Flex:
    return next(reply for reply in produced[wanted] if isinstance(reply, Flex))


def _texts(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("type") == "text" else []
    return own + [t for key in ("header", "body", "footer", "contents") if key in node for t in _texts(node[key])]


def _pad_to(size: int) -> Callable[[dict[str, Any]], None]:
    def pad(bubble: dict[str, Any]) -> None:
        filler = {"type": "text", "text": "ก" * 1000, "wrap": True}
        while len(json.dumps(bubble)) <= size:
            bubble["body"]["contents"].append(copy.deepcopy(filler))
    return pad


def _empty_text(bubble: dict[str, Any]) -> None:
    _texts(bubble)[0]["text"] = ""


def _bad_colour(bubble: dict[str, Any]) -> None:
    bubble["header"]["backgroundColor"] = "navy"


def _unknown_component(bubble: dict[str, Any]) -> None:
    bubble["body"]["contents"].append({"type": "chart", "data": []})


def _text_as_number(bubble: dict[str, Any]) -> None:
    _texts(bubble)[0]["text"] = 85


def _bad_layout(bubble: dict[str, Any]) -> None:
    bubble["body"]["layout"] = "grid"


BUBBLE_MUTATIONS = {"empty Flex text": _empty_text, "31 KB bubble": _pad_to(31 * 1024), "colour": _bad_colour,
                    "unknown component (spec)": _unknown_component, "text not a string (spec)": _text_as_number,
                    "unknown layout (spec)": _bad_layout}


@pytest.mark.parametrize("card", ["demo:staff:คะแนน#0", "demo:staff:OIT#0", "demo:staff:วิเคราะห์#0",
                                  f"demo:citizen:คะแนน ITA {LAST_YEAR}#0", "demo:job:weekly-digest:2026-11-23:0"])
@pytest.mark.parametrize("mutation", BUBBLE_MUTATIONS)
def test_a_broken_card_is_refused_and_nothing_of_the_request_is_sent(
        line_fake: tuple[LineApiFake, Served], produced: dict[str, list[Reply]], card: str, mutation: str) -> None:
    fake, served = line_fake
    before, good = _messages([Text("ก่อน"), _card(produced, card)])
    assert _push_raw(served, [before, good])[0] == 200, "the card as the bot makes it is accepted"
    BUBBLE_MUTATIONS[mutation](good["contents"])
    status, body = _push_raw(served, [before, good])
    assert status == 400 and body["details"], "the 400 says what is wrong"
    assert len(fake.deliveries) == 1, "LINE sends none of a refused request"


def _messages(replies: list[Reply]) -> list[dict[str, Any]]:
    """As line-bot-sdk puts them on the wire."""
    return [json.loads(json.dumps(message.to_dict())) for message in to_line_messages(replies)]


def _measures_carousel(produced: dict[str, list[Reply]]) -> dict[str, Any]:
    return _messages([_card(produced, "demo:staff:มาตรการ#0")])[0]


def _push_raw(served: Served, messages: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    response = requests.post(f"{served.url}/v2/bot/message/push", json={"to": TO, "messages": messages},
                             headers={"Authorization": "Bearer test-access-token"}, timeout=10)
    return response.status_code, response.json()


Messages = list[dict[str, Any]]


def _quick(messages: Messages) -> dict[str, Any]:
    item: dict[str, Any] = messages[0]["quickReply"]["items"][0]
    return item


def _bubbles(messages: Messages) -> list[dict[str, Any]]:
    bubbles: list[dict[str, Any]] = messages[1]["contents"]["contents"]
    return bubbles


LIMITS: dict[str, Callable[[Messages], None]] = {
    "empty text": lambda m: m[0].update(text=""),
    "text over 5000": lambda m: m[0].update(text="ก" * 5001),
    "six messages": lambda m: m.extend(copy.deepcopy(m[:1]) * 4),
    "fourteen quick replies": lambda m: m[0]["quickReply"].update(items=[_quick(m)] * 14),
    "label over 20": lambda m: _quick(m)["action"].update(label="ก" * 21),
    "alt text over 1500": lambda m: m[1].update(altText="ก" * 1501),
    "thirteen bubbles": lambda m: _bubbles(m).extend([copy.deepcopy(_bubbles(m)[0])] * (13 - len(_bubbles(m)))),
    "51 KB carousel": lambda m: [_pad_to(20 * 1024)(b) for b in _bubbles(m)[:3]] and None,
    "postback data over 300": lambda m: _quick(m).update(action={"type": "postback", "label": "x", "data": "d" * 301}),
    "missing altText (spec)": lambda m: m[1].pop("altText") and None,
    "unknown message (spec)": lambda m: m[0].update(type="txt"),
}


@pytest.mark.parametrize("mutation", LIMITS)
def test_each_documented_limit_is_refused(line_fake: tuple[LineApiFake, Served], produced: dict[str, list[Reply]],
                                          mutation: str) -> None:
    fake, served = line_fake
    text = _messages([Text("สวัสดี", (QuickReply("เมนู", text="เมนู"),))])[0]
    messages = [text, _measures_carousel(produced)]
    assert _push_raw(served, messages)[0] == 200
    LIMITS[mutation](messages)
    status, body = _push_raw(served, messages)
    assert status == 400 and body["details"], body
    assert len(fake.deliveries) == 1


def test_without_the_spec_the_sdk_models_and_limits_still_refuse(line_fake: tuple[LineApiFake, Served],
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    fake, served = line_fake
    missing = line_fake_spec.SPEC.parent / "absent.yml"
    assert line_fake_spec.load(missing) is None
    assert "not found" in caplog.text
    monkeypatch.setattr(line_fake_spec, "SPEC", missing)
    line_fake_spec.load.cache_clear()
    try:
        assert _push_raw(served, [{"type": "text", "text": "ok"}])[0] == 200
        assert _push_raw(served, [{"type": "text", "text": ""}])[0] == 400
        assert _push_raw(served, [{"type": "flex", "contents": {"type": "bubble"}}])[0] == 400
    finally:
        line_fake_spec.load.cache_clear()
    assert len(fake.deliveries) == 1
