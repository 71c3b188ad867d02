"""Reads at most a given number of bytes of a response body, counted after gzip/deflate are undone.

httpx inflates each network read whole (64 KB of a gzip bomb becomes 64 MB at once), so the body is read raw
and inflated here with zlib's ``max_length``: neither the raw bytes nor the inflated ones ever pass the cap.
A content coding other than identity, gzip or deflate (brotli, zstd: not asked for) is refused unread.
"""

from __future__ import annotations

import zlib

import httpx

RAW_CHUNK = 16 * 1024
"""Bytes taken from the connection at a time."""


class UnreadableBody(httpx.DecodingError):
    """The body is in a coding the check did not ask for, or its gzip/deflate is broken."""


class Inflater:
    """One response's content coding undone step by step, never more than ``room`` bytes at a time."""

    def __init__(self, coding: str) -> None:
        codings = [c.strip().lower() for c in coding.split(",") if c.strip().lower() not in ("", "identity")]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise UnreadableBody(f"content coding {coding[:40]!r} not asked for")
        self.kind = codings[0] if codings else "identity"
        wbits = zlib.MAX_WBITS | 16 if self.kind in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        """At most ``room`` bytes of what ``data`` inflates to (what does not fit is dropped: the cap is reached)."""
        if room <= 0:  # zlib reads a max_length of 0 as "no limit"
            return b""
        if self.kind == "identity":
            return data[:room]
        if self._zlib.eof:
            return b""
        first, self._first = self._first, False
        try:
            return self._zlib.decompress(data, room)
        except zlib.error:
            if not (self.kind == "deflate" and first):
                raise UnreadableBody("broken compressed body") from None
        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent raw, without the zlib header
        try:
            return self._zlib.decompress(data, room)
        except zlib.error:
            raise UnreadableBody("broken compressed body") from None

    @property
    def done(self) -> bool:
        return self.kind != "identity" and self._zlib.eof


async def read_capped(response: httpx.Response, cap: int) -> bytes:
    """The first ``cap`` bytes of the inflated body; the rest is never read, let alone inflated."""
    if response.is_stream_consumed:  # a transport that read the body whole already (httpx.MockTransport does)
        return response.content[:cap]
    inflater = Inflater(response.headers.get("content-encoding", ""))
    body, raw_read = bytearray(), 0
    async for raw in response.aiter_raw(RAW_CHUNK):
        raw_read += len(raw)
        body += inflater.feed(raw, cap - len(body))
        if len(body) >= cap or raw_read >= cap or inflater.done:
            break
    return bytes(body)
