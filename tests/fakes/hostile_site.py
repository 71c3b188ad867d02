"""A hostile web site on loopback for the OIT link check: compression bombs, huge redirect bodies, endless pages.

Every answer is made cheaply (the bombs are built once from a repeated flushed block), and what the site
was asked for is kept per Host header, so a test can tell whether an off-site host was ever fetched.
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections import Counter
from collections.abc import Iterator

from flask import Flask, Response, request

GIB = 1 << 30
BLOCK = 1 << 20
PAGE = "<html><body><h1>รายงานผลการดำเนินงาน ปีงบประมาณ 2569</h1>" + "<p>ผลการดำเนินงานประจำไตรมาส</p>" * 20


@functools.cache
def deflate_bomb(size: int = GIB) -> bytes:
    """Raw deflate of ``size`` zero bytes (1 GiB is about 1 MB), made from one flushed 1 MiB block repeated."""
    block = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    one = block.compress(bytes(BLOCK)) + block.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    return one * (size // BLOCK) + end


@functools.cache
def gzip_bomb(size: int = GIB) -> bytes:
    """``size`` zero bytes as gzip: a header, the deflate bomb, the CRC and length of all those zeros."""
    crc, zeros = 0, bytes(BLOCK)
    for _ in range(size // BLOCK):
        crc = zlib.crc32(zeros, crc)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + deflate_bomb(size) + struct.pack("<II", crc, size % 2**32)


@functools.cache
def zlib_bomb(size: int = GIB) -> bytes:
    """``size`` zero bytes as HTTP "deflate" (zlib-wrapped deflate)."""
    adler = 1
    for _ in range(size // BLOCK):
        adler = zlib.adler32(bytes(BLOCK), adler)
    return b"\x78\xda" + deflate_bomb(size) + struct.pack(">I", adler)


def _endless(size: int) -> Iterator[bytes]:
    chunk = b"<p>" + b"x" * (64 * 1024 - 3)
    for _ in range(size // len(chunk)):
        yield chunk


def site(asked: Counter[str]) -> Flask:
    """The site; ``asked`` counts requests as ``host path``."""
    app = Flask("hostile-site")

    @app.before_request
    def count() -> None:
        asked[f"{request.host.split(':')[0]} {request.path}"] += 1

    def bomb(body: bytes, coding: str, status: int = 200, **headers: str) -> Response:
        return Response(body, status, {"Content-Encoding": coding, "Content-Type": "text/html", **headers})

    @app.get("/gzip-bomb")
    def gzip_page() -> Response:
        return bomb(gzip_bomb(), "gzip")

    @app.get("/deflate-bomb")
    def deflate_page() -> Response:
        return bomb(zlib_bomb(), "deflate")

    @app.get("/raw-deflate-bomb")
    def raw_deflate_page() -> Response:
        return bomb(deflate_bomb(), "deflate")

    @app.get("/brotli")
    def brotli_page() -> Response:
        return bomb(b"\x1b\xff\xff" * 1000, "br")

    @app.get("/endless")
    def endless_page() -> Response:
        return Response(_endless(GIB), 200, {"Content-Type": "text/html"})

    @app.get("/redirect-with-bomb")
    def redirect_with_bomb() -> Response:
        return bomb(gzip_bomb(), "gzip", 302, Location="/page")

    @app.get("/redirect-with-huge-body")
    def redirect_with_huge_body() -> Response:
        return Response(_endless(GIB), 302, {"Location": "/page", "Content-Type": "text/html"})

    @app.get("/elsewhere")
    def elsewhere() -> Response:
        target = request.args.get("to", "")
        return Response("", 302, {"Location": target})

    @app.get("/page")
    def page() -> Response:
        return Response(PAGE, 200, {"Content-Type": "text/html; charset=utf-8"})

    @app.errorhandler(404)
    def missing(_: Exception) -> Response:
        return Response("not found", 404)

    return app
