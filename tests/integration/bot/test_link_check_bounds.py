"""The link check reads little of a hostile site: compression bombs, huge redirect bodies, off-site hops.

Peak memory is read from the kernel (``VmHWM``, reset through ``/proc/self/clear_refs``), so a body held even
for a moment counts; the hostile site runs in this process too, as a thread, and its bombs are built first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.link_check import CheckSettings, Hooks, Link, check_many
from handlers.oit.links import CANNOT_CHECK, GOOD, OFF_SITE, UNREACHABLE, Verdict
from tests.fakes.hostile_site import gzip_bomb, site, zlib_bomb
from tests.fakes.servers import serve

LOCAL = CheckSettings(timeout=5.0, pause=0.0, allow_private=True)
MB = 1 << 20
OFFICE, ELSEWHERE = "www.office.go.th", "cdn.elsewhere.example"


def peak_kb() -> int:
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(status["VmHWM"].split()[0])


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


async def loopback(host: str, port: int) -> list[str]:
    """Both names of the test are this machine."""
    return ["127.0.0.1"]


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[str, Counter[str]]]:
    gzip_bomb(), zlib_bomb()
    asked: Counter[str] = Counter()
    served = serve(site(asked))
    yield served.url.rsplit(":", 1)[1], asked
    served.stop()


def check_under_watch(port: str, *paths: str) -> tuple[list[Verdict], int]:
    """The verdicts of the office's ``paths`` and how much the process's peak memory grew meanwhile (bytes)."""
    links = [Link(f"http://{OFFICE}:{port}{path}", 2569, "office.go.th") for path in paths]
    reset_peak()
    before = peak_kb()
    verdicts = check_many(links, LOCAL, hooks=Hooks(resolver=loopback))
    return verdicts, (peak_kb() - before) * 1024


@pytest.mark.parametrize("path", ["/gzip-bomb", "/deflate-bomb", "/raw-deflate-bomb", "/endless",
                                  "/redirect-with-bomb", "/redirect-with-huge-body"])
def test_a_bomb_or_a_huge_body_costs_little_memory_and_gets_a_thai_verdict(
        hostile: tuple[str, Counter[str]], path: str) -> None:
    port, _ = hostile
    [verdict], grown = check_under_watch(port, path)
    assert grown < 50 * MB, f"peak memory grew {grown / MB:.0f} MB"
    assert any("\u0e00" <= c <= "\u0e7f" for c in verdict.verdict), "a Thai verdict"
    assert verdict.verdict in (*GOOD, UNREACHABLE, CANNOT_CHECK, "หน้าว่างหรือหน้าแจ้งไม่พบ"), verdict.text


def test_many_bombs_at_once_stay_bounded(hostile: tuple[str, Counter[str]]) -> None:
    port, _ = hostile
    verdicts, grown = check_under_watch(port, *["/gzip-bomb", "/redirect-with-bomb", "/deflate-bomb"] * 4)
    assert grown < 50 * MB, f"peak memory grew {grown / MB:.0f} MB"
    assert len(verdicts) == 12


def test_a_redirect_off_the_site_is_judged_before_the_other_host_is_asked(
        hostile: tuple[str, Counter[str]]) -> None:
    port, asked = hostile
    [verdict], grown = check_under_watch(port, f"/elsewhere?to=http://{ELSEWHERE}:{port}/gzip-bomb")
    assert verdict.text == f"{OFF_SITE} ({ELSEWHERE})" == "ไม่ใช่เว็บไซต์หลักของหน่วยงาน (cdn.elsewhere.example)"
    assert asked[f"{ELSEWHERE} /gzip-bomb"] == 0 and asked[f"{OFFICE} /elsewhere"] >= 1
    assert grown < 50 * MB


def test_a_body_in_a_coding_not_asked_for_is_not_read(hostile: tuple[str, Counter[str]]) -> None:
    [verdict], _ = check_under_watch(hostile[0], "/brotli")
    assert verdict.text == "ตรวจไม่ได้ (การตอบกลับผิดรูปแบบ)"


def test_the_office_page_behind_a_redirect_with_a_bomb_is_still_judged(hostile: tuple[str, Counter[str]]) -> None:
    [verdict], _ = check_under_watch(hostile[0], "/redirect-with-bomb")
    assert verdict.text == f"ใช้ได้ (เปลี่ยนเส้นทาง) → http://{OFFICE}:{hostile[0]}/page"
