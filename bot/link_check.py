"""Fetches OIT links politely (httpx) and hands each page to the pure rules of handlers.oit.links.

At most ``per_host`` requests at a time to one host with a pause after each, at most 5 redirects (followed
here: each must stay on the office's site before it is asked, and its body is never read), a timeout on every
request and on the whole fetch, an honest User-Agent, and at most ``max_bytes`` of a page read, counted after
gzip/deflate are undone (``bot.capped_body``). A 200 page is compared with a random missing path of the same
site, fetched once per host. Every request goes through ``bot.link_guard`` (no private or loopback addresses
unless ``allow_private``). A 429 or 503 with a short ``Retry-After`` is tried once more after that wait.
``check(url)`` is the one-link entry point (a link handed in through LINE); ``check_many`` the batch one.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from bot import demo_site
from bot.capped_body import read_capped
from bot.link_guard import GuardedTransport, InternalAddress, Resolver, describe, resolve
from common.config import Config
from handlers.oit.links import (
    NOT_A_LINK,
    OFF_SITE,
    REFUSED,
    Fetched,
    Verdict,
    as_link,
    judge,
    on_site,
    retry_delay,
    site_of,
)

REDIRECTS = (301, 302, 303, 307, 308)
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
    demo_site: str = ""
    """Demo only (``bot.demo_site``): ``host=base URL`` of the demo's local office website; empty in production."""


def settings_of(config: Config) -> CheckSettings:
    """The check as a deployment configures it: private addresses only when allowed, the demo site only in the demo."""
    return CheckSettings(allow_private=config.link_check_private, demo_site=config.demo_site)


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


async def _get(run: _Run, url: str, site: str) -> Fetched:
    """One GET, and a second one when a 429/503 asked for a short wait."""
    page, wait = await _attempt(run, url, site)
    if wait is None:
        return page
    await run.hooks.sleep(wait)
    return (await _attempt(run, url, site))[0]


async def _attempt(run: _Run, url: str, site: str) -> tuple[Fetched, float | None]:
    """One GET through the host's slot and the wait its answer asks for; errors become ``Fetched.error``."""
    host = (urlsplit(url).hostname or "").lower()
    slot = run.slots.setdefault(host, asyncio.Semaphore(run.settings.per_host))
    async with slot:
        try:
            return await asyncio.wait_for(_follow(run, url, site), timeout=run.settings.timeout * 2)
        except (TimeoutError, httpx.HTTPError, httpx.InvalidURL, OSError) as error:
            return Fetched(url, error=describe(error), answered=_answered(error)), None
        finally:
            if run.settings.pause > 0:
                await asyncio.sleep(run.settings.pause)


def _answered(error: BaseException) -> bool:
    """A redirect loop or an address inside a network is what the site (its DNS) answers, not an outage."""
    return isinstance(error, InternalAddress | httpx.TooManyRedirects)


async def _follow(run: _Run, url: str, site: str) -> tuple[Fetched, float | None]:
    """Redirects followed here, not by httpx: each next address must be on the office's site before it is asked
    (the guard checks its address as it is sent), and a redirect's body is never read."""
    current = httpx.URL(url)
    for hops in range(run.settings.max_redirects + 1):
        if not on_site(str(current), site):
            return Fetched(url, final_url=str(current), redirected=True), None
        response = await run.client.send(run.client.build_request("GET", current), stream=True)
        try:
            location = response.headers.get("location") if response.status_code in REDIRECTS else None
            if location is None:
                return await _page(run, url, response, redirected=hops > 0), _wait(run, response)
            current = current.join(location)
        finally:
            await response.aclose()
    raise httpx.TooManyRedirects("too many redirects")


def _wait(run: _Run, response: httpx.Response) -> float | None:
    if response.status_code not in (429, 503):
        return None
    return retry_delay(response.headers.get("retry-after"), run.hooks.now(), run.settings.max_retry_wait)


async def _page(run: _Run, url: str, response: httpx.Response, *, redirected: bool) -> Fetched:
    """The final answer; the text of a textual 200 page, at most ``max_bytes`` of it once inflated."""
    kind = response.headers.get("content-type", "text/html").lower()
    textual = kind.startswith("text/") or "html" in kind or "xml" in kind
    body = await read_capped(response, run.settings.max_bytes) if textual and response.status_code == 200 else b""
    text = body.decode(response.encoding or "utf-8", errors="replace")
    return Fetched(url, response.status_code, str(response.url), redirected, text, textual=textual)


async def _missing_page(run: _Run, url: str, site: str) -> Fetched:
    """A random path of the link's site, fetched once per host (the site's own "not found" page)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in run.missing:
        probe = f"{parts.scheme}://{parts.netloc}/ita-bot-missing-{run.rng.getrandbits(48):012x}"
        run.missing[host] = asyncio.ensure_future(_get(run, probe, site))
    return await run.missing[host]


async def _check_one(run: _Run, link: Link) -> Verdict:
    url = as_link(link.cell)
    if url is None:
        return Verdict(NOT_A_LINK)
    site = site_of(link.website)
    if not on_site(url, site):
        return Verdict(OFF_SITE, (urlsplit(url).hostname or "").lower())
    page = await _get(run, url, site)
    compared = (page.status == 200 and page.textual) or page.status in REFUSED
    missing = await _missing_page(run, url, site) if compared else None
    return judge(page, site=site, fiscal_year=link.fiscal_year, missing=missing)


def _transport(settings: CheckSettings, hooks: Hooks) -> httpx.AsyncBaseTransport:
    """No kept-alive connections: requests go to pinned addresses, and the pool (keyed by address) would hand a
    connection made for one name's TLS to another site on the same shared-hosting address."""
    inner = hooks.transport or httpx.AsyncHTTPTransport(
        verify=settings.verify_tls, limits=httpx.Limits(max_connections=100, max_keepalive_connections=0))
    guarded = GuardedTransport(inner, allow_private=settings.allow_private, resolver=hooks.resolver)
    demo = demo_site.parse(settings.demo_site)
    return demo_site.DemoSiteTransport(guarded, *demo) if demo else guarded


async def check_links(links: Sequence[Link], settings: CheckSettings | None = None,
                      rng: random.Random | None = None, hooks: Hooks | None = None) -> list[Verdict]:
    """Every link's verdict, in order; hosts are checked side by side, each host politely."""
    settings, hooks = settings or CheckSettings(), hooks or Hooks()
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    async with httpx.AsyncClient(follow_redirects=False, timeout=httpx.Timeout(settings.timeout), headers=headers,
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
    """The ``handlers.conversation.ports.LinkCheck`` of a handed-in link: good verdicts pass, others say why, and a
    site that did not answer is neither (None, why)."""

    def __init__(self, settings: CheckSettings | None = None) -> None:
        self.settings = settings

    def check(self, url: str, *, fiscal_year: int, website: str) -> tuple[bool | None, str]:
        verdict = check(url, fiscal_year=fiscal_year, website=website, settings=self.settings)
        return (verdict.good if verdict.answered else None), (verdict.text if verdict.answered else verdict.detail)
