"""The LINE fake's channel endpoints answer as LINE's spec says, and refuse what LINE refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    SetWebhookEndpointRequest,
)
from linebot.v3.messaging import (
    TestWebhookEndpointRequest as WebhookTest,
)

from demo import line_fake_spec
from demo.line_fake import LineApiFake
from tests.fakes.line_events import sign
from tests.fakes.servers import Served

TOKEN, SECRET = "token-new-office", "e5" * 16
URL = "https://ita.example.go.th/callback/nongbua"


@pytest.fixture
def channel(line_fake: tuple[LineApiFake, Served]) -> tuple[LineApiFake, MessagingApi, list[tuple[str, bytes, str]]]:
    fake, served = line_fake
    fake.add_channel(TOKEN, SECRET, "อบต.หนองบัว")
    posted: list[tuple[str, bytes, str]] = []

    def deliver(url: str, body: bytes, headers: dict[str, str]) -> int:
        posted.append((url, body, headers["X-Line-Signature"]))
        return 200

    fake.deliver = deliver
    return fake, api(served, TOKEN), posted


def api(served: Served, token: str) -> MessagingApi:
    return MessagingApi(ApiClient(Configuration(host=served.url, access_token=token)))


def spec_errors(schema: str, body: Any) -> list[str]:
    validator = line_fake_spec.load()
    assert validator is not None
    return validator.errors(schema, body)


def raw(messaging: MessagingApi, call: str, *args: Any) -> Any:
    response = getattr(messaging, f"{call}_with_http_info")(*args)
    return json.loads(response.raw_data) if response.raw_data else {}


def test_bot_info_names_the_channels_account_as_the_spec_says(channel: Any) -> None:
    _, messaging, _ = channel
    info = messaging.get_bot_info()
    assert info.display_name == "อบต.หนองบัว" and info.basic_id.startswith("@") and info.user_id.startswith("U")
    assert spec_errors("BotInfoResponse", raw(messaging, "get_bot_info")) == []


def test_a_wrong_token_gets_401(line_fake: tuple[LineApiFake, Served]) -> None:
    with pytest.raises(ApiException) as refused:
        api(line_fake[1], "revoked").get_bot_info()
    assert refused.value.status == 401


@pytest.mark.parametrize("endpoint", ["http://ita.example.go.th/callback/x", "https://" + "a" * 500 + ".th/",
                                      "not a url"])
def test_lines_refusals_of_a_webhook_url(channel: Any, line_fake: tuple[LineApiFake, Served], endpoint: str) -> None:
    fake = channel[0]
    for body in ({"endpoint": endpoint}, {}, {"endpoint": 5}):
        refused = requests.put(line_fake[1].url + "/v2/bot/channel/webhook/endpoint", json=body, timeout=10,
                               headers={"Authorization": f"Bearer {TOKEN}"})
        assert refused.status_code == 400 and "message" in refused.json(), body
    assert fake.webhooks == {}


def test_the_webhook_url_is_kept_and_tested_with_a_signed_empty_event_list(channel: Any) -> None:
    _, messaging, posted = channel
    messaging.set_webhook_endpoint(SetWebhookEndpointRequest(endpoint=URL))
    got = raw(messaging, "get_webhook_endpoint")
    assert got == {"endpoint": URL, "active": True} and spec_errors("GetWebhookEndpointResponse", got) == []
    result = raw(messaging, "test_webhook_endpoint", WebhookTest())
    assert spec_errors("TestWebhookEndpointResponse", result) == []
    assert result["success"] is True and result["statusCode"] == 200 and result["reason"] == "OK"
    [(url, body, signature)] = posted
    assert url == URL and signature == sign(SECRET, body)
    assert json.loads(body)["events"] == [] and json.loads(body)["destination"].startswith("U")


def test_a_failing_endpoint_is_reported_not_refused(channel: Any) -> None:
    fake, messaging, _ = channel
    fake.deliver = lambda url, body, headers: 0
    result = messaging.test_webhook_endpoint(WebhookTest(endpoint=URL))
    assert (result.success, result.status_code, result.reason) == (False, 0, "Connection failed")
    fake.deliver = lambda url, body, headers: 404
    result = messaging.test_webhook_endpoint(WebhookTest(endpoint=URL))
    assert (result.success, result.status_code, result.reason) == (False, 404, "Not Found")


def test_testing_without_a_webhook_url_is_refused(channel: Any) -> None:
    _, messaging, posted = channel
    with pytest.raises(ApiException) as refused:
        messaging.test_webhook_endpoint(WebhookTest())
    assert refused.value.status == 400 and posted == []
    with pytest.raises(ApiException) as missing:
        messaging.get_webhook_endpoint()
    assert missing.value.status == 404
