"""Signed document links: the request round-trips; altered, expired or another office's links are refused."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from handlers.conversation.links import LinkRefused
from handlers.documents.links import DocumentLinks
from handlers.documents.requests import DocumentRequest
from tests.conftest import FakeClock
from tests.tampering import tampered

KEY = "k" * 32


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_a_link_carries_its_request_until_it_expires(clock: FakeClock) -> None:
    links = DocumentLinks(KEY, "https://ita.example.go.th/", clock)
    request = DocumentRequest("progress", 2570, as_of=date(2027, 3, 31), thai_digits=False)
    issued = links.issue(request, "pdf")
    assert issued.url.startswith("https://ita.example.go.th/documents/")
    assert issued.expires == clock() + timedelta(hours=24)
    assert links.read(token_of(issued.url)) == (request, "pdf")
    clock.advance(24 * 3600 + 1)
    with pytest.raises(LinkRefused) as refused:
        links.read(token_of(issued.url))
    assert refused.value.expired


@pytest.mark.parametrize("change", [
    tampered,
    lambda token: token.split(".")[0] + "." + token.split(".")[0][:27],
    lambda token: "",
    lambda token: "not-a-token",
])
def test_an_altered_link_is_refused(clock: FakeClock, change: object) -> None:
    links = DocumentLinks(KEY, "https://ita.example.go.th", clock)
    token = token_of(links.issue(DocumentRequest("analysis", 2565), "docx").url)
    with pytest.raises(LinkRefused) as refused:
        links.read(change(token))  # type: ignore[operator]
    assert not refused.value.expired


def test_another_offices_link_or_key_is_refused(clock: FakeClock) -> None:
    muaklek = DocumentLinks(KEY, "https://ita.example.go.th/muaklek", clock)
    bangjak = DocumentLinks(KEY, "https://ita.example.go.th/bangjak", clock)
    other_key = DocumentLinks("x" * 32, "https://ita.example.go.th/muaklek", clock)
    token = token_of(muaklek.issue(DocumentRequest("complaints", 2570), "pdf").url)
    for links in (bangjak, other_key):
        with pytest.raises(LinkRefused):
            links.read(token)
    assert muaklek.read(token)[0].kind == "complaints"
    assert datetime(2026, 11, 23, 9) == clock()


def test_the_public_url_must_be_https_except_on_this_machine() -> None:
    from common.config import Config, ConfigError

    assert Config.from_env({"ITA_PUBLIC_URL": "https://ita.example.go.th/"}).public_url == "https://ita.example.go.th"
    assert Config.from_env({"ITA_PUBLIC_URL": "http://127.0.0.1:8000"}).public_url == "http://127.0.0.1:8000"
    assert Config.from_env({}).public_url == ""
    for bad in ("http://ita.example.go.th", "ita.example.go.th"):
        with pytest.raises(ConfigError, match="ITA_PUBLIC_URL ต้องขึ้นต้นด้วย https://"):
            Config.from_env({"ITA_PUBLIC_URL": bad})
