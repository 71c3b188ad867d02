"""Fetches OIT links politely (httpx) and hands each page to the pure rules of handlers.oit.links.

At most ``per_host`` requests at a time to one host with a pause after each, at most 5 redirects, a
timeout on every request and on the whole fetch, an honest User-Agent, and at most ``max_bytes`` of a
page read. A 200 page is compared with a random missing path of the same site, fetched once per host.
Every request, redirects included, goes through ``bot.link_guard`` (no private or loopback addresses unless
``allow_private``). A 429 or 503 with a short ``Retry-After`` is tried once more after that wait.
``check(url)`` is the one-link entry point (a link handed in through LINE); ``check_many`` the batch one.
"""

from __future__ import annotations

import asyncio
import random
import socket
import ssl
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from bot.link_guard import INTERNAL, GuardedTransport, InternalAddress, Resolver, resolve
from handlers.oit.links import NOT_A_LINK, OFF_SITE, Fetched, Verdict, as_link, judge, on_site, retry_delay, site_of

USER_AGENT = "ita-bot-link-check/0.1 (ITA LINE assistant; checks the office's own OIT evidence links)"


@dataclass(frozen=True)
class CheckSettings:
    timeout: float = 8.0
    """Seconds for any one step (connect, read …) and, doubled, for the whole fetch of one page."""
    max_redirects: int = 5
    per_host: int = 2
    pause: float = 0.25
    """Seconds a host's slot stays taken after each request."""
    max_bytes: int = 1_000_000
    user_agent: str = USER_AGENT
    verify_tls: bool = True
    allow_private: bool = False
    """True only where the office's site is on a private network (and in tests against a local server)."""
    max_retry_wait: float = 10.0
    """Longest ``Retry-After`` of a 429/503 the check waits for before its one retry; longer: no retry."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Hooks:
    """What the check waits with, reads the time from, resolves names with and sends through (tests swap them)."""

    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    now: Callable[[], datetime] = _utc_now
    resolver: Resolver = resolve
    transport: httpx.AsyncBaseTransport | None = None


@dataclass(frozen=True)
class Link:
    """One ``ลิงก์`` cell to check, with what it is judged against."""

    cell: str | None
    fiscal_year: int
    website: str = ""


@dataclass
class _Run:
    client: httpx.AsyncClient
    settings: CheckSettings
    rng: random.Random
    hooks: Hooks
    slots: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    missing: dict[str, asyncio.Task[Fetched]] = field(default_factory=dict)


def describe(error: BaseException) -> str:
    """Which of timeout, DNS, TLS, too many redirects or a failed connection an httpx error was (Thai)."""
    if isinstance(error, InternalAddress):
        return INTERNAL
    if isinstance(error, httpx.TooManyRedirects):
        return "เปลี่ยนเส้นทางเกิน 5 ครั้ง"
    if isinstance(error, httpx.TimeoutException | TimeoutError):
        return "หมดเวลา (timeout)"
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    words = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service not known" in words \
            or "nodename nor servname" in words or "name resolution" in words:
        return "DNS: ไม่พบชื่อโดเมน"
    if any(isinstance(e, ssl.SSLError) for e in chain) or "ssl" in words or "certificate" in words:
        return "TLS: ใบรับรองหรือการเข้ารหัสผิดพลาด"
    if isinstance(error, httpx.ConnectError):
        return "เชื่อมต่อไม่ได้"
    return "การตอบกลับผิดรูปแบบ"


async def _get(run: _Run, url: str) -> Fetched:
    """One GET, and a second one when a 429/503 asked for a short wait."""
    page, wait = await _attempt(run, url)
    if wait is None:
        return page
    await run.hooks.sleep(wait)
    return (await _attempt(run, url))[0]


async def _attempt(run: _Run, url: str) -> tuple[Fetched, float | None]:
    """One GET through the host's slot and the wait its answer asks for; errors become ``Fetched.error``."""
    host = (urlsplit(url).hostname or "").lower()
    slot = run.slots.setdefault(host, asyncio.Semaphore(run.settings.per_host))
    async with slot:
        try:
            return await asyncio.wait_for(_read(run, url), timeout=run.settings.timeout * 2)
        except (TimeoutError, httpx.HTTPError, httpx.InvalidURL, OSError) as error:
            return Fetched(url, error=describe(error)), None
        finally:
            if run.settings.pause > 0:
                await asyncio.sleep(run.settings.pause)


async def _read(run: _Run, url: str) -> tuple[Fetched, float | None]:
    async with run.client.stream("GET", url) as response:
        wait = None
        if response.status_code in (429, 503):
            wait = retry_delay(response.headers.get("retry-after"), run.hooks.now(), run.settings.max_retry_wait)
        kind = response.headers.get("content-type", "text/html").lower()
        textual = kind.startswith("text/") or "html" in kind or "xml" in kind
        body = bytearray()
        if textual and response.status_code == 200:
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) >= run.settings.max_bytes:
                    break
        text = bytes(body).decode(response.encoding or "utf-8", errors="replace")
        return Fetched(url, response.status_code, str(response.url), bool(response.history), text,
                       textual=textual), wait


async def _missing_page(run: _Run, url: str) -> Fetched:
    """A random path of the link's site, fetched once per host (the site's own "not found" page)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in run.missing:
        probe = f"{parts.scheme}://{parts.netloc}/ita-bot-missing-{run.rng.getrandbits(48):012x}"
        run.missing[host] = asyncio.ensure_future(_get(run, probe))
    return await run.missing[host]


async def _check_one(run: _Run, link: Link) -> Verdict:
    url = as_link(link.cell)
    if url is None:
        return Verdict(NOT_A_LINK)
    site = site_of(link.website)
    if not on_site(url, site):
        return Verdict(OFF_SITE, (urlsplit(url).hostname or "").lower())
    page = await _get(run, url)
    missing = await _missing_page(run, url) if page.status == 200 and page.textual else None
    return judge(page, site=site, fiscal_year=link.fiscal_year, missing=missing)


def _transport(settings: CheckSettings, hooks: Hooks) -> GuardedTransport:
    """No kept-alive connections: requests go to pinned addresses, and the pool (keyed by address) would hand a
    connection made for one name's TLS to another site on the same shared-hosting address."""
    inner = hooks.transport or httpx.AsyncHTTPTransport(
        verify=settings.verify_tls, limits=httpx.Limits(max_connections=100, max_keepalive_connections=0))
    return GuardedTransport(inner, allow_private=settings.allow_private, resolver=hooks.resolver)


async def check_links(links: Sequence[Link], settings: CheckSettings | None = None,
                      rng: random.Random | None = None, hooks: Hooks | None = None) -> list[Verdict]:
    """Every link's verdict, in order; hosts are checked side by side, each host politely."""
    settings, hooks = settings or CheckSettings(), hooks or Hooks()
    async with httpx.AsyncClient(follow_redirects=True, max_redirects=settings.max_redirects,
                                 timeout=httpx.Timeout(settings.timeout), headers={"User-Agent": settings.user_agent},
                                 transport=_transport(settings, hooks)) as client:
        run = _Run(client, settings, rng or random.Random(), hooks)
        return list(await asyncio.gather(*(_check_one(run, link) for link in links)))


def check_many(links: Sequence[Link], settings: CheckSettings | None = None,
               rng: random.Random | None = None, hooks: Hooks | None = None) -> list[Verdict]:
    """``check_links`` for synchronous callers (the CLI, the jobs, a LINE event's worker thread). A thread that
    already runs an event loop (an embedding host, or Playwright's sync API in the tests) gets a thread of its own."""
    checking = check_links(links, settings, rng, hooks)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(checking)
    with ThreadPoolExecutor(max_workers=1) as side:
        return side.submit(asyncio.run, checking).result()


def check(url: str, *, fiscal_year: int, website: str = "", settings: CheckSettings | None = None) -> Verdict:
    """The verdict of one link, e.g. one handed in through LINE."""
    return check_many([Link(url, fiscal_year, website)], settings)[0]


def checker(settings: CheckSettings) -> Callable[[Sequence[Link]], list[Verdict]]:
    """``check_many`` with these settings, for the job and the CLI."""
    return lambda links: check_many(links, settings)


class OitLinkCheck:
    """The ``handlers.conversation.ports.LinkCheck`` of a handed-in link: good verdicts pass, others say why."""

    def __init__(self, settings: CheckSettings | None = None) -> None:
        self.settings = settings

    def check(self, url: str, *, fiscal_year: int, website: str) -> tuple[bool, str]:
        verdict = check(url, fiscal_year=fiscal_year, website=website, settings=self.settings)
        return verdict.good, verdict.text
