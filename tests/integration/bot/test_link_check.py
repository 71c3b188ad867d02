"""The plain reachability check against a real HTTP server on loopback (no network)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from bot.link_check import ReachabilityCheck
from tests.fakes.web_pages import web_site


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with web_site() as url:
        yield url


@pytest.mark.parametrize(("path", "expected"), [
    ("/oit/o10", (True, "")),
    ("/get-only", (True, "")),  # HEAD refused, GET opens
    ("/moved", (True, "")),
    ("/nothing-here", (False, "เว็บไซต์ตอบว่าไม่พบหน้านี้ (404)")),
    ("/broken", (False, "เว็บไซต์ตอบรหัส 500 แทนการแสดงหน้า")),
])
def test_pages(base: str, path: str, expected: tuple[bool, str]) -> None:
    assert ReachabilityCheck(timeout=5).check(base + path) == expected


def test_a_closed_port_and_a_silent_server() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    ok, reason = ReachabilityCheck(timeout=5).check(f"http://127.0.0.1:{port}/oit/o1")
    assert not ok and reason.startswith("เชื่อมต่อเว็บไซต์นี้ไม่ได้")
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        ok, reason = ReachabilityCheck(timeout=0.3).check(f"http://127.0.0.1:{silent.getsockname()[1]}/")
    assert (ok, reason) == (False, "เว็บไซต์ไม่ตอบภายใน 0.3 วินาที")
