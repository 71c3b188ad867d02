"""Keeps the link check off internal services: every request (each redirect too) goes to a resolved, public address.

The transport resolves the host itself, refuses private, loopback, link-local, reserved and other non-global
addresses (unless ``allow_private``), and connects to the address it checked (the original name stays in
``Host`` and in TLS SNI), so a name that resolves differently a moment later cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

import httpx

INTERNAL = "ที่อยู่ภายในเครือข่าย"
Resolver = Callable[[str, int], Awaitable[list[str]]]


class InternalAddress(httpx.ConnectError):
    """The link's host (or a redirect's) is an address inside a private network; nothing was sent."""


def is_internal(address: str) -> bool:
    """True for any address that is not a public unicast one (private, loopback, link-local, reserved …)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to (an address literal is itself, without a lookup)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that checks and pins the address of every request before ``inner`` sends it."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, allow_private: bool = False,
                 resolver: Resolver = resolve) -> None:
        self.inner, self.allow_private, self.resolver = inner, allow_private, resolver

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.raw_host.decode("ascii")  # an international name in its ASCII (punycode) form
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        addresses = await self.resolver(host, port)
        if not addresses:
            raise httpx.ConnectError("no address", request=request)
        if not self.allow_private and any(is_internal(a) for a in addresses):
            raise InternalAddress(INTERNAL, request=request)
        extensions = dict(request.extensions)
        if request.url.scheme == "https":
            extensions.setdefault("sni_hostname", host)
        pinned = httpx.Request(request.method, request.url.copy_with(host=addresses[0]), headers=request.headers,
                               stream=request.stream, extensions=extensions)
        return await self.inner.handle_async_request(pinned)

    async def aclose(self) -> None:
        await self.inner.aclose()
