"""Demo only: the OIT link check reaches the demo's local "office website" for the office's own domain.

``ita-bot demo`` serves a small office website (``demo.office_site``) on its own server and sets
``Config.demo_site`` to ``www.muaklek.go.th=http://127.0.0.1:8000/demo-site``: requests for that domain (and its
subdomains) go to that base instead, past the guard that refuses internal addresses; every other host still goes
through ``bot.link_guard``. Nothing is mapped unless the setting is given, and ``common.config`` refuses it outside
the local (demo) store, so a production deployment never fetches an internal address this way.
"""

from __future__ import annotations

import httpx

from handlers.oit.links import on_site, site_of


def parse(setting: str) -> tuple[str, str] | None:
    """``host=base URL`` as the setting holds it; None when empty or without a host (never "every host")."""
    host, _, base = setting.partition("=")
    site = site_of(host)
    return (site, base.strip().rstrip("/")) if site and base.strip() else None


class DemoSiteTransport(httpx.AsyncBaseTransport):
    """Sends requests for ``site`` to ``base`` through ``direct``, all others through ``guarded``."""

    def __init__(self, guarded: httpx.AsyncBaseTransport, site: str, base: str,
                 direct: httpx.AsyncBaseTransport | None = None) -> None:
        self.guarded, self.site, self.base = guarded, site, httpx.URL(base)
        self.direct = direct or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not on_site(str(request.url), self.site):
            return await self.guarded.handle_async_request(request)
        local = self.base.copy_with(path=self.base.path.rstrip("/") + request.url.path, query=request.url.query)
        headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"host"]
        headers.append((b"Host", local.netloc))
        moved = httpx.Request(request.method, local, headers=headers, stream=request.stream,
                              extensions={k: v for k, v in request.extensions.items() if k != "sni_hostname"})
        return await self.direct.handle_async_request(moved)

    async def aclose(self) -> None:
        await self.guarded.aclose()
        await self.direct.aclose()
