"""Cheap checks before costly ones on /complaint: no photo is decoded for a post refused by a limit or a size."""

from __future__ import annotations

import functools
import io

from flask import Flask
from flask.testing import FlaskClient

from app import runtime_of
from tests.fakes.photos import flat_png, png
from tests.integration.bot.test_webform import submit


@functools.cache
def forty_megapixels() -> bytes:
    return flat_png(39.9)


def big_pngs(count: int = 3) -> list[tuple[io.BytesIO, str]]:
    return [(io.BytesIO(forty_megapixels()), f"{n}.png") for n in range(count)]


def test_a_sender_over_its_limit_gets_429_before_any_photo_is_decoded(client: FlaskClient, bot_app: Flask) -> None:
    decoder = runtime_of(bot_app).photo_decoder
    for _ in range(5):
        assert submit(client, address="127.0.9.9")[0] == 200
    status, page = submit(client, address="127.0.9.9", photos=big_pngs())
    assert status == 429 and "ครบ 5 เรื่องในชั่วโมงนี้แล้ว" in page
    assert decoder.decoded == 0


def test_the_hourly_cap_answers_429_before_any_photo_is_decoded(client: FlaskClient, bot_app: Flask) -> None:
    runtime_of(bot_app).desk.hourly_cap = 0
    status, page = submit(client, photos=big_pngs())
    assert status == 429 and "มีผู้ส่งเรื่องทางเว็บไซต์จำนวนมาก" in page
    assert runtime_of(bot_app).photo_decoder.decoded == 0


def test_a_stale_form_or_too_many_photos_decode_nothing(client: FlaskClient, bot_app: Flask) -> None:
    stale = client.post("/complaint", data={"csrf_token": "stale", "details": "x", "photos": big_pngs(1)},
                        content_type="multipart/form-data")
    assert stale.status_code == 400
    status, page = submit(client, photos=[(io.BytesIO(png()), f"{n}.png") for n in range(4)])
    assert status == 400 and "แนบรูปได้ไม่เกิน 3 รูป" in page
    assert runtime_of(bot_app).photo_decoder.decoded == 0


def test_a_photo_over_the_pixel_budget_is_refused_from_its_header(client: FlaskClient, bot_app: Flask) -> None:
    decoder = runtime_of(bot_app).photo_decoder
    decoder.max_pixels = 1_000_000
    status, page = submit(client, photos=[(io.BytesIO(png((1001, 1000))), "a.png"), (io.BytesIO(png()), "b.png")])
    assert status == 400 and "JPEG หรือ PNG ขนาดไม่เกิน 1 ล้านพิกเซล" in page and decoder.decoded == 0
    assert submit(client, photos=[(io.BytesIO(png()), "b.png")])[0] == 200
    assert decoder.decoded == 1
