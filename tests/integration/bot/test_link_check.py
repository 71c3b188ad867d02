"""The OIT link check against a local HTTP server: each kind of page, and one that never answers."""

from __future__ import annotations

import random
import re
import socket
import ssl
import time
from collections.abc import Iterator

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from bot.link_check import USER_AGENT, CheckSettings, Hooks, Link, check, check_many, describe
from handlers.oit.links import (
    CANNOT_CHECK,
    NO_YEAR,
    NOT_A_LINK,
    NOT_FOUND,
    OFF_SITE,
    OK,
    REDIRECTED,
    SOFT_404,
    UNREACHABLE,
)

FAST = CheckSettings(timeout=0.3, pause=0.0, allow_private=True)
"""The local test server is on 127.0.0.1, which the check refuses by default."""
PAGE = "<html><body><h1>ประกาศจัดซื้อจัดจ้าง ปีงบประมาณ 2569</h1>" + "<p>รายการประกาศผู้ชนะการเสนอราคา</p>" * 20
MISSING = "<html><body><p>ขออภัย ไม่มีเนื้อหาที่ท่านเรียก กรุณากลับไปที่หน้าหลักของเว็บไซต์ อบต.</p>" * 3


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """127.0.0.1, not localhost: a link's host needs a dot."""
    return ("127.0.0.1", 0)


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    """A small office site: its unknown paths answer 200 with a friendly page (a soft-404 site)."""
    httpserver.expect_request("/news").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/old").respond_with_data(PAGE.replace("2569", "2566"), content_type="text/html")
    httpserver.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "/news"})
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    httpserver.expect_request("/broken").respond_with_data("oops", status=503)
    httpserver.expect_request("/report.pdf").respond_with_data(b"%PDF-1.7", content_type="application/pdf")
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    httpserver.expect_request("/ua").respond_with_handler(
        lambda request: Response(PAGE if request.headers.get("User-Agent") == USER_AGENT else "", 200,
                                 content_type="text/html"))
    httpserver.no_handler_status_code = 200
    httpserver.expect_request("/empty").respond_with_data("<html><body></body></html>", content_type="text/html")
    _friendly_missing(httpserver)
    return httpserver


def _friendly_missing(server: HTTPServer) -> None:
    def answer(request: Request) -> Response:
        return Response(MISSING, 200, content_type="text/html")

    server.expect_request(re.compile(r"^/(ita-bot-missing-.*|no-such-page)$")).respond_with_handler(answer)


@pytest.fixture
def silent() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


def verdicts(server: HTTPServer, *paths: str, website: str = "") -> list[str]:
    links = [Link(server.url_for(p) if p.startswith("/") else p, 2569, website) for p in paths]
    return [v.verdict for v in check_many(links, FAST, random.Random(7))]


def test_each_kind_of_page_gets_its_verdict(site: HTTPServer) -> None:
    assert verdicts(site, "/news", "/moved", "/gone", "/broken", "/old", "/empty", "/no-such-page",
                    "/report.pdf", "/ua") == [OK, REDIRECTED, NOT_FOUND, CANNOT_CHECK, NO_YEAR, SOFT_404, SOFT_404,
                                              OK, OK]


def test_a_protected_page_needs_fixing_but_a_firewall_refusing_the_checker_cannot_be_checked(
        httpserver: HTTPServer) -> None:
    httpserver.expect_request("/members").respond_with_data("login first", status=403)
    httpserver.no_handler_status_code = 404
    assert verdicts(httpserver, "/members") == [UNREACHABLE]
    httpserver.clear()
    httpserver.no_handler_status_code = 403  # every path refused: the site turns the checker away
    assert verdicts(httpserver, "/members") == [CANNOT_CHECK]


def test_a_redirect_reports_the_final_url(site: HTTPServer) -> None:
    verdict = check(site.url_for("/moved"), fiscal_year=2569, settings=FAST)
    assert verdict.final_url == site.url_for("/news")


def test_more_than_five_redirects_is_the_sites_answer(site: HTTPServer) -> None:
    verdict = check(site.url_for("/loop"), fiscal_year=2569, settings=FAST)
    assert (verdict.verdict, verdict.detail, verdict.answered) == (UNREACHABLE, "เปลี่ยนเส้นทางเกิน 5 ครั้ง", True)


def test_off_site_links_and_non_links_are_judged_without_a_request(site: HTTPServer) -> None:
    assert verdicts(site, "https://drive.google.com/file/d/1", "ดูที่บอร์ดหน้าสำนักงาน", "/news",
                    website="www.nongbua.go.th") == [OFF_SITE, NOT_A_LINK, OFF_SITE]
    assert len(site.log) == 0


def test_a_server_that_never_answers_times_out_and_cannot_be_checked(silent: str) -> None:
    started = time.monotonic()
    verdict = check(silent, fiscal_year=2569, settings=FAST)
    assert (verdict.verdict, verdict.detail, verdict.answered) == (CANNOT_CHECK, "หมดเวลา (timeout)", False)
    assert time.monotonic() - started < 2


def test_tls_to_a_plain_http_server_is_a_tls_error(site: HTTPServer) -> None:
    verdict = check(site.url_for("/news").replace("http://", "https://"), fiscal_year=2569, settings=FAST)
    assert (verdict.verdict, verdict.detail) == (CANNOT_CHECK, "TLS: ใบรับรองหรือการเข้ารหัสผิดพลาด")


def test_dns_failures_are_named() -> None:
    error = httpx.ConnectError("[Errno -2] Name or service not known")
    assert describe(error) == "DNS: ไม่พบชื่อโดเมน"
    try:
        raise httpx.ConnectError("failed") from socket.gaierror(-3, "Temporary failure")
    except httpx.ConnectError as raised:
        assert describe(raised) == "DNS: ไม่พบชื่อโดเมน"
    try:
        raise httpx.ConnectError("failed") from ssl.SSLCertVerificationError("bad")
    except httpx.ConnectError as raised:
        assert describe(raised).startswith("TLS")


def test_at_most_two_requests_at_a_time_per_host(silent: str) -> None:
    started = time.monotonic()
    results = check_many([Link(silent, 2569)] * 4, FAST)
    elapsed = time.monotonic() - started
    assert all(v.verdict == CANNOT_CHECK for v in results)
    assert elapsed >= 2 * FAST.timeout * 0.9


def test_a_site_that_refuses_connections_cannot_be_checked() -> None:
    """The office's site down (nothing listens): ตรวจไม่ได้, which decides nothing by itself."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    verdict = check(f"http://127.0.0.1:{port}/oit/o1", fiscal_year=2569, settings=FAST)
    assert (verdict.text, verdict.answered) == ("ตรวจไม่ได้ (เชื่อมต่อไม่ได้)", False)


def test_an_unknown_host_cannot_be_checked() -> None:
    async def no_such_name(host: str, port: int) -> list[str]:
        raise socket.gaierror(-2, "Name or service not known")

    [verdict] = check_many([Link("https://www.nongbua.go.th/oit/o1", 2569)], FAST, hooks=Hooks(resolver=no_such_name))
    assert (verdict.text, verdict.answered) == ("ตรวจไม่ได้ (DNS: ไม่พบชื่อโดเมน)", False)
