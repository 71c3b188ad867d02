"""Which addresses the link guard treats as internal: IPv6 forms of internal IPv4 addresses included (a table)."""

from __future__ import annotations

import pytest

from bot.link_guard import is_internal

INTERNAL = [
    ("64:ff9b::a9fe:a9fe", "NAT64 of 169.254.169.254 (cloud metadata)"),
    ("64:ff9b::7f00:1", "NAT64 of 127.0.0.1"),
    ("64:ff9b::10.0.0.8", "NAT64 written with a dotted tail"),
    ("64:ff9b:1::808:808", "local-use NAT64 prefix (RFC 8215), whatever it embeds"),
    ("64:ff9b:1:ffff::a9fe:a9fe", "local-use NAT64, another place of the IPv4"),
    ("2002:a00:1::", "6to4 of 10.0.0.1"),
    ("2002:c0a8:101::1", "6to4 of 192.168.1.1"),
    ("2002:7f00:1::", "6to4 of 127.0.0.1"),
    ("::10.0.0.1", "IPv4-compatible form of 10.0.0.1"),
    ("::169.254.169.254", "IPv4-compatible form of the metadata address"),
    ("::127.0.0.1", "IPv4-compatible loopback"),
    ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
    ("::ffff:10.0.0.1", "IPv4-mapped private"),
    ("::ffff:0:10.0.0.1", "IPv4-translated (SIIT) private"),
    ("::ffff:0:a9fe:a9fe", "IPv4-translated metadata address"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "Teredo (tunnels to 10.0.0.1)"),
    ("2001:0:4136:e378:8000:63bf:f7f6:f7f7", "Teredo with a public client: a tunnel all the same"),
    ("fec0::1", "deprecated site-local"),
    ("feff:ffff::1", "deprecated site-local, top of the range"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("fe80::1%eth0", "link-local with a zone"),
    ("fc00::1", "unique local"),
    ("ff02::1", "multicast"),
]
PUBLIC = [
    ("8.8.8.8", "public IPv4"),
    ("2001:4860:4860::8888", "public IPv6"),
    ("64:ff9b::808:808", "NAT64 of a public IPv4"),
    ("2002:808:808::1", "6to4 of a public IPv4"),
    ("::ffff:8.8.8.8", "IPv4-mapped public"),
]


@pytest.mark.parametrize(("address", "why"), INTERNAL, ids=[why for _, why in INTERNAL])
def test_internal(address: str, why: str) -> None:
    assert is_internal(address), why


@pytest.mark.parametrize(("address", "why"), PUBLIC, ids=[why for _, why in PUBLIC])
def test_public(address: str, why: str) -> None:
    assert not is_internal(address), why
