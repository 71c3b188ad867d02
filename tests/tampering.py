"""A signed link or token with one signature character changed, for the tests that it is refused."""

from __future__ import annotations


def tampered(signed: str) -> str:
    """Changes the fifth character from the end, not the last: base64 leaves the last character's low bits
    unused, so A↔B there can decode to the same bytes and the signature stays valid (one run in 16 passed it)."""
    index = len(signed) - 5
    return signed[:index] + ("A" if signed[index] != "A" else "B") + signed[index + 1:]
