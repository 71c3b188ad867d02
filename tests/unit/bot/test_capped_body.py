"""The inflater gives at most the room it is offered, whatever the coding; codings not asked for are refused."""

from __future__ import annotations

import gzip
import zlib

import pytest

from bot.capped_body import Inflater, UnreadableBody

TEXT = "ผลการดำเนินงาน ปีงบประมาณ 2569 ".encode() * 500


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(("coding", "body"), [("gzip", gzip.compress(TEXT)), ("x-gzip", gzip.compress(TEXT)),
                                              ("deflate", zlib.compress(TEXT)), ("deflate", raw_deflate(TEXT)),
                                              ("", TEXT), ("identity", TEXT)])
def test_each_coding_is_undone_within_the_room(coding: str, body: bytes) -> None:
    assert Inflater(coding).feed(body, len(TEXT) + 10) == TEXT
    assert Inflater(coding).feed(body, 100) == TEXT[:100]


def test_a_bomb_fed_in_pieces_never_gives_more_than_the_room() -> None:
    inflater, body = Inflater("gzip"), gzip.compress(bytes(50 * 2**20))
    given = [len(inflater.feed(body[at:at + 4096], 1000)) for at in range(0, len(body), 4096)]
    assert max(given) == 1000 and not inflater.done


def test_the_end_of_a_compressed_body_is_known() -> None:
    inflater = Inflater("gzip")
    inflater.feed(gzip.compress(TEXT), 10**6)
    assert inflater.done and inflater.feed(b"trailing junk", 100) == b""


@pytest.mark.parametrize("coding", ["br", "zstd", "gzip, gzip", "compress"])
def test_codings_not_asked_for_are_refused(coding: str) -> None:
    with pytest.raises(UnreadableBody):
        Inflater(coding)


def test_a_broken_body_is_refused() -> None:
    with pytest.raises(UnreadableBody):
        Inflater("gzip").feed(b"not gzip at all", 100)
    with pytest.raises(UnreadableBody):
        Inflater("deflate").feed(b"\xff\xff not deflate", 100)
