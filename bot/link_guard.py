"""Keeps the link check off internal services: every request (each redirect too) goes to a resolved, public address.

The transport resolves the host itself, refuses private, loopback, link-local, reserved and other non-global
addresses (unless ``allow_private``), and connects to the address it checked (the original name stays in
``Host`` and in TLS SNI), so a name that resolves differently a moment later cannot slip through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable

import httpx

INTERNAL = "ที่อยู่ภายในเครือข่าย"
Resolver = Callable[[str, int], Awaitable[list[str]]]


class InternalAddress(httpx.ConnectError):
    """The link's host (or a redirect's) is an address inside a private network; nothing was sent."""


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
"""The well-known NAT64 prefix: the last 32 bits are the IPv4 address the gateway reaches."""
_EMBEDDING = (_NAT64, ipaddress.ip_network("::/96"), ipaddress.ip_network("::ffff:0:0:0/96"))
"""NAT64, IPv4-compatible ``::a.b.c.d`` and ``::ffff:0:a.b.c.d``: each carries an IPv4 in its last 32 bits."""
_ALWAYS_INTERNAL = (ipaddress.ip_network("64:ff9b:1::/48"), ipaddress.ip_network("2001::/32"),
                    ipaddress.ip_network("fec0::/10"))
"""Local-use NAT64 (RFC 8215), Teredo tunnels and the deprecated site-local range."""


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one maps (``::ffff:``), embeds (NAT64, IPv4-compatible) or tunnels to (6to4)."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in network for network in _EMBEDDING):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_internal(address: str) -> bool:
    """True for any address that is not a public unicast one (private, loopback, link-local, reserved …),
    IPv6 forms of such IPv4 addresses included."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _ALWAYS_INTERNAL):
            return True
        ip = embedded_ipv4(ip) or ip
    return not ip.is_global or ip.is_multicast


async def resolve(host: str, port: int) -> list[str]:
    """The addresses a host name resolves to (an address literal is itself, without a lookup)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


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
