"""The link check stays off internal addresses (each redirect too) and retries once after a short Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bot.link_check import CheckSettings, Hooks, Link, check, check_many
from bot.link_guard import INTERNAL, is_internal
from handlers.oit.links import OK, UNREACHABLE, retry_delay

STRICT = CheckSettings(timeout=0.3, pause=0.0)
LOCAL = CheckSettings(timeout=0.3, pause=0.0, allow_private=True)
PAGE = "<html><body><h1>รายงานผลการดำเนินงาน ปีงบประมาณ 2569</h1>" + "<p>ผลการดำเนินงานประจำไตรมาส</p>" * 20
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
PUBLIC = "49.231.1.10"
NAMES = {"www.office.go.th": PUBLIC, "xn--o3cw4h.xn--o3cw4h": PUBLIC, "intranet.office.go.th": "10.0.0.8",
         "sneaky.office.go.th": "127.0.0.1"}


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


async def fake_resolver(host: str, port: int) -> list[str]:
    return [NAMES.get(host, host)]


class Waits:
    """An injected sleep that only records how long the check asked to wait."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def office_site(seen: list[httpx.Request]) -> httpx.MockTransport:
    """The public office site, faked at the HTTP level: /staff and /loopback redirect inside."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/staff":
            return httpx.Response(302, headers={"Location": "http://intranet.office.go.th/admin"})
        if request.url.path == "/loopback":
            return httpx.Response(302, headers={"Location": "http://sneaky.office.go.th:8080/"})
        if request.url.path.startswith("/ita-bot-missing-"):
            return httpx.Response(404, text="not found")
        return httpx.Response(200, text=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})

    return httpx.MockTransport(answer)


def test_by_default_loopback_and_private_addresses_are_refused_without_a_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/news").respond_with_data(PAGE, content_type="text/html")
    loopback = check(httpserver.url_for("/news"), fiscal_year=2569, settings=STRICT)
    private = check("http://10.1.2.3/oit/o10", fiscal_year=2569, settings=STRICT)
    assert loopback.text == private.text == f"{UNREACHABLE} ({INTERNAL})" == "เข้าไม่ได้ (ที่อยู่ภายในเครือข่าย)"
    assert len(httpserver.log) == 0
    assert check(httpserver.url_for("/news"), fiscal_year=2569, settings=LOCAL).verdict == OK


def test_a_name_that_resolves_inside_the_network_is_refused() -> None:
    hooks = Hooks(resolver=fake_resolver, transport=office_site(seen := []))
    verdicts = check_many([Link("http://intranet.office.go.th/oit", 2569)], STRICT, hooks=hooks)
    assert verdicts[0].detail == INTERNAL and seen == []


def test_a_redirect_into_the_network_is_refused_before_it_is_followed() -> None:
    seen: list[httpx.Request] = []
    hooks = Hooks(resolver=fake_resolver, transport=office_site(seen))
    links = [Link("http://www.office.go.th/staff", 2569), Link("http://www.office.go.th/loopback", 2569)]
    assert [v.text for v in check_many(links, STRICT, hooks=hooks)] == ["เข้าไม่ได้ (ที่อยู่ภายในเครือข่าย)"] * 2
    assert {r.url.path for r in seen} == {"/staff", "/loopback"}


def test_each_request_goes_to_the_address_that_was_checked_under_its_own_name() -> None:
    seen: list[httpx.Request] = []
    hooks = Hooks(resolver=fake_resolver, transport=office_site(seen))
    verdict = check_many([Link("https://www.office.go.th/ok", 2569, "office.go.th")], STRICT, hooks=hooks)[0]
    assert verdict.verdict == OK
    page = seen[0]
    assert (page.url.host, page.headers["host"], page.extensions["sni_hostname"]) == (
        PUBLIC, "www.office.go.th", "www.office.go.th")


def test_a_thai_domain_is_resolved_and_sent_in_its_ascii_form() -> None:
    seen: list[httpx.Request] = []
    hooks = Hooks(resolver=fake_resolver, transport=office_site(seen))
    assert check_many([Link("https://ไทย.ไทย/ok", 2569)], STRICT, hooks=hooks)[0].verdict == OK
    assert (seen[0].url.host, seen[0].extensions["sni_hostname"]) == (PUBLIC, "xn--o3cw4h.xn--o3cw4h")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "240.0.0.1", "224.0.0.1", "::1", "fe80::1",
                                     "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"])
def test_internal_addresses(address: str) -> None:
    assert is_internal(address)


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2001:4860:4860::8888"])
def test_public_addresses(address: str) -> None:
    assert not is_internal(address)


def busy_then_fine(status: int, retry_after: str) -> tuple[list[int], object]:
    """A handler that answers ``status`` with ``Retry-After`` once, then the page; and the statuses it gave."""
    given: list[int] = []

    def answer(request: Request) -> Response:
        first = not given
        given.append(status if first else 200)
        if first:
            return Response("busy", status, headers={"Retry-After": retry_after})
        return Response(PAGE, 200, content_type="text/html")

    return given, answer


@pytest.mark.parametrize("status", [429, 503])
def test_a_short_retry_after_is_waited_for_once(httpserver: HTTPServer, status: int) -> None:
    given, answer = busy_then_fine(status, "3")
    httpserver.expect_request("/busy").respond_with_handler(answer)  # type: ignore[arg-type]
    waits = Waits()
    verdict = check_many([Link(httpserver.url_for("/busy"), 2569)], LOCAL, hooks=Hooks(sleep=waits))[0]
    assert (verdict.verdict, waits.seconds, given) == (OK, [3.0], [status, 200])


def test_a_retry_after_date_is_read_against_the_injected_clock(httpserver: HTTPServer) -> None:
    _, answer = busy_then_fine(503, format_datetime(NOW + timedelta(seconds=5), usegmt=True))
    httpserver.expect_request("/busy").respond_with_handler(answer)  # type: ignore[arg-type]
    waits = Waits()
    hooks = Hooks(sleep=waits, now=lambda: NOW)
    assert check_many([Link(httpserver.url_for("/busy"), 2569)], LOCAL, hooks=hooks)[0].verdict == OK
    assert waits.seconds == [5.0]


def test_a_long_or_missing_retry_after_is_not_waited_for(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/slow").respond_with_data("busy", status=429, headers={"Retry-After": "120"})
    httpserver.expect_request("/down").respond_with_data("down", status=503)
    waits = Waits()
    links = [Link(httpserver.url_for("/slow"), 2569), Link(httpserver.url_for("/down"), 2569)]
    verdicts = check_many(links, LOCAL, hooks=Hooks(sleep=waits))
    assert [v.text for v in verdicts] == ["ตรวจไม่ได้ (รหัส 429)", "ตรวจไม่ได้ (เซิร์ฟเวอร์ขัดข้อง 503)"]
    assert waits.seconds == [] and len(httpserver.log) == 2


def test_retry_delay_rules() -> None:
    assert retry_delay("10", NOW, 10.0) == 10.0
    assert retry_delay("11", NOW, 10.0) is None
    assert retry_delay(format_datetime(NOW - timedelta(seconds=30), usegmt=True), NOW, 10.0) == 0.0
    assert [retry_delay(text, NOW, 10.0) for text in (None, "", "soon", "-1")] == [None] * 4
