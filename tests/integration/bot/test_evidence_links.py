"""Evidence photos of a measure in LINE: the อัปเดต flow shows a button per photo, whose signed link serves it
(no-store, nosniff); 403 when altered or expired, 404 when the photo is gone, never a 5xx."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock
from tests.fakes.photos import PHONE_MAKE, jpeg_with_gps, png
from tests.fakes.servers import Served
from tests.integration.bot.test_casework import flush
from tests.integration.bot.test_measure_updates import say, send_photo
from tests.integration.conftest import quick_messenger
from tests.tampering import tampered

PUBLIC = "https://ita.example.go.th"


@pytest.fixture
def photo_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    config = replace(bot_config, public_url=PUBLIC)
    app = create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


def uris(node: Any) -> list[str]:
    """Every URI button of the messages, in order."""
    if isinstance(node, dict):
        action = node.get("action")
        own = [action["uri"]] if isinstance(action, dict) and action.get("type") == "uri" else []
        return own + [u for key, value in node.items() if key != "action" for u in uris(value)]
    if isinstance(node, list):
        return [u for item in node for u in uris(item)]
    return []


def photo_links(photo_app: Flask, fake: LineApiFake, clock: FakeClock) -> list[str]:
    """A staff member of the owning unit sends two photos as evidence; the links of the last answer."""
    client = photo_app.test_client()
    fake.content["p-1"], fake.content["p-2"] = jpeg_with_gps(), png()
    for text in ("อัปเดต M2570-02", "หลักฐาน"):
        say(client, photo_app, fake, clock, text)
    assert "รูปหลักฐาน มาตรการ M2570-02 1 รูป" in send_photo(client, photo_app, fake, clock, "p-1")
    before = len(fake.deliveries)
    assert "บันทึกรูปแล้ว · รูปถ่าย 2 รูป" in send_photo(client, photo_app, fake, clock, "p-2")
    links = uris([m for d in fake.deliveries[before:] for m in d.messages])
    assert len(links) == 2 and all(link.startswith(PUBLIC + "/evidence/M2570-02/") for link in links)
    return [link.removeprefix(PUBLIC) for link in links]


def test_the_buttons_after_an_update_open_each_photo_privately(
        photo_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    first, second = photo_links(photo_app, line_fake[0], clock)
    client = photo_app.test_client()
    with caplog.at_level(logging.INFO, logger="bot.evidence_http"):
        jpg, image = client.get(first), client.get(second)
    assert (jpg.status_code, jpg.mimetype, image.mimetype) == (200, "image/jpeg", "image/png")
    assert jpg.data.startswith(b"\xff\xd8\xff") and PHONE_MAKE.encode() not in jpg.data
    for response in (jpg, image):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    views = [r.getMessage() for r in caplog.records if r.name == "bot.evidence_http"]
    assert views == ["evidence photo viewed: measure M2570-02 #1", "evidence photo viewed: measure M2570-02 #2"]


def test_opening_the_measure_again_shows_the_buttons_once_the_sheet_has_the_photos(
        photo_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    fake, client = line_fake[0], photo_app.test_client()
    photo_links(photo_app, fake, clock)
    say(client, photo_app, fake, clock, "ยกเลิก")
    assert uris(say(client, photo_app, fake, clock, "อัปเดต M2570-02")) == [], "not in the sheet yet"
    say(client, photo_app, fake, clock, "ยกเลิก")
    flush(photo_app, runtime_of(photo_app).config, clock)
    again = say(client, photo_app, fake, clock, "อัปเดต M2570-02")
    assert [u.split("?")[0] for u in uris(again)] == [PUBLIC + "/evidence/M2570-02/1", PUBLIC + "/evidence/M2570-02/2"]
    assert photo_app.test_client().get(uris(again)[1].removeprefix(PUBLIC)).mimetype == "image/png"


@pytest.mark.parametrize("change", [
    tampered,
    lambda path: path.replace("/M2570-02/", "/M2570-03/"),
    lambda path: path.replace("/1?", "/2?"),
    lambda path: path.replace("?f=", "?f=0"),
    lambda path: path.split("?")[0],
    lambda path: path.split("&sig")[0],
], ids=["tampered", "other-measure", "other-number", "other-file", "no-query", "no-sig"])
def test_an_altered_link_gets_403_in_thai(photo_app: Flask, line_fake: tuple[LineApiFake, Served],
                                          clock: FakeClock, change: Any) -> None:
    first, _ = photo_links(photo_app, line_fake[0], clock)
    response = photo_app.test_client().get(change(first))
    assert response.status_code == 403 and response.headers["Cache-Control"] == "no-store"
    assert "ลิงก์รูปหลักฐานนี้ไม่ถูกต้อง" in response.get_data(as_text=True)


def test_an_expired_link_gets_403_saying_how_to_get_a_new_one(
        photo_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    first, _ = photo_links(photo_app, line_fake[0], clock)
    clock.advance(15 * 60 + 1)
    response = photo_app.test_client().get(first)
    assert response.status_code == 403
    assert "หมดอายุแล้ว (ใช้ได้ 15 นาที) พิมพ์ อัปเดต M2570-02" in response.get_data(as_text=True)


def test_a_photo_removed_after_the_link_was_made_gets_404(
        photo_app: Flask, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> None:
    first, _ = photo_links(photo_app, line_fake[0], clock)
    name = first.split("f=")[1].split("&")[0]
    (runtime_of(photo_app).attachments.folder / name).unlink()
    response = photo_app.test_client().get(first)
    assert response.status_code == 404 and "ไม่พบรูปหลักฐานนี้" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/evidence/M2570-02/x?f=a.jpg&exp=1&sig=a", "/evidence/M2570-02/-1",
                                  "/evidence/M2570-02", "/evidence/%0Aforged/1?f=a.jpg&exp=1&sig=a",
                                  "/evidence/M2570-02/1?f=../../etc/passwd&exp=1&sig=a",
                                  "/evidence/M2570-02/99999999999999999999"])
def test_malformed_paths_get_4xx_never_5xx(photo_app: Flask, path: str) -> None:
    assert photo_app.test_client().get(path).status_code in (403, 404)
