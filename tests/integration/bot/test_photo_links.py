"""GET /photos/<case>/<n>: the photo for a signed link (no-store, nosniff); 403 when altered or expired, 404
for no such photo, never a 5xx; every view logged with the case and photo number only."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from sheets.flusher import Flusher
from sheets.local import LocalWorkbook
from sheets.schema import COMPLAINTS
from tests.conftest import FakeClock, line_ms
from tests.fakes.line_events import body_of, text_event
from tests.fakes.photos import PHONE_MAKE, jpeg_with_gps, png
from tests.fakes.servers import Served
from tests.fakes.sheet_edits import edit_complaint
from tests.integration.bot.test_casework import sheet_rows
from tests.integration.bot.test_complaints import JPEG, Chat, file_by_line
from tests.integration.conftest import post_signed, quick_messenger
from tests.tampering import tampered

PUBLIC = "https://ita.example.go.th"
OFFICER = demo_user_id("demo-officer")


@pytest.fixture
def photo_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    config = replace(bot_config, public_url=PUBLIC)
    app = create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


def a_case_with_photos(app: Flask, case_no: str = "2570-0004") -> list[str]:
    attachments = runtime_of(app).attachments
    references = [attachments.save(jpeg_with_gps()), attachments.save(png())]
    attachments.link(case_no, [r for r in references if r])
    return [r for r in references if r]


def link(app: Flask, case_no: str, index: int) -> str:
    links = runtime_of(app).photo_links
    assert links is not None
    return links.issue(case_no, index).url.removeprefix(PUBLIC)


def test_a_signed_link_serves_the_photo_privately_and_the_view_is_logged(
        photo_app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    jpg, png_ref = a_case_with_photos(photo_app)
    client = photo_app.test_client()
    with caplog.at_level(logging.INFO, logger="bot.photos_http"):
        first, second = client.get(link(photo_app, "2570-0004", 1)), client.get(link(photo_app, "2570-0004", 2))
    assert (first.status_code, first.mimetype, second.mimetype) == (200, "image/jpeg", "image/png")
    data_dir = runtime_of(photo_app).config.data_dir
    assert first.data == (data_dir / jpg).read_bytes() and second.data == (data_dir / png_ref).read_bytes()
    for response in (first, second):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert [r.getMessage() for r in caplog.records] == ["photo viewed: case 2570-0004 #1",
                                                        "photo viewed: case 2570-0004 #2"]


@pytest.mark.parametrize("change", [
    tampered,
    lambda path: path.replace("/2570-0004/", "/2570-0003/"),
    lambda path: path.replace("/1?", "/2?"),
    lambda path: path.split("?")[0],
    lambda path: path.split("&")[0],
], ids=["tampered", "other-case", "other-photo", "no-query", "no-sig"])
def test_an_altered_or_other_case_link_gets_403_in_thai(photo_app: Flask, change: object) -> None:
    a_case_with_photos(photo_app)
    a_case_with_photos(photo_app, "2570-0003")
    response = photo_app.test_client().get(change(link(photo_app, "2570-0004", 1)))  # type: ignore[operator]
    assert response.status_code == 403 and response.headers["Cache-Control"] == "no-store"
    assert "ลิงก์รูปภาพนี้ไม่ถูกต้อง" in response.get_data(as_text=True)


def test_an_expired_link_gets_403_saying_how_to_get_a_new_one(photo_app: Flask, clock: FakeClock,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    a_case_with_photos(photo_app)
    path = link(photo_app, "2570-0004", 1)
    clock.advance(15 * 60 + 1)
    with caplog.at_level(logging.INFO, logger="bot.photos_http"):
        response = photo_app.test_client().get(path)
    assert response.status_code == 403
    assert "หมดอายุแล้ว (ใช้ได้ 15 นาที) พิมพ์ เรื่อง 2570-0004" in response.get_data(as_text=True)
    assert [r.getMessage() for r in caplog.records] == ["photo link refused (expired): case 2570-0004 #1"]


@pytest.mark.parametrize(("case_no", "index"), [("2570-9999", 1), ("2570-0004", 3)], ids=["unknown-case", "no-such"])
def test_a_signed_link_to_no_photo_gets_404(photo_app: Flask, case_no: str, index: int) -> None:
    a_case_with_photos(photo_app)
    response = photo_app.test_client().get(link(photo_app, case_no, index))
    assert response.status_code == 404 and "ไม่พบรูปภาพนี้" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/photos/2570-0004/x?exp=1&sig=a", "/photos/2570-0004/-1", "/photos/2570-0004",
                                  "/photos/%0Aforged/1?exp=1&sig=a", "/photos/2570-0004/99999999999999999999"])
def test_malformed_paths_get_4xx_never_5xx(photo_app: Flask, path: str) -> None:
    assert photo_app.test_client().get(path).status_code in (403, 404)


def test_a_photo_removed_after_the_link_was_made_gets_404(photo_app: Flask) -> None:
    jpg, _ = a_case_with_photos(photo_app)
    path = link(photo_app, "2570-0004", 1)
    (runtime_of(photo_app).config.data_dir / jpg).unlink()
    assert photo_app.test_client().get(path).status_code == 404


def test_an_old_row_with_bare_paths_in_its_cell_still_serves_its_photo(photo_app: Flask, bot_config: Config) -> None:
    runtime = runtime_of(photo_app)
    reference = runtime.attachments.save(png())
    assert reference
    edit_complaint(bot_config.workbook_path, "2570-0003", {"ไฟล์แนบ": reference})
    runtime.snapshots.expire()
    response = photo_app.test_client().get(link(photo_app, "2570-0003", 1))
    assert response.status_code == 200 and response.data == (bot_config.data_dir / reference).read_bytes()


def test_no_public_url_no_photo_route(client: FlaskClient, bot_app: Flask) -> None:
    assert runtime_of(bot_app).photo_links is None
    assert client.get("/photos/2570-0004/1?exp=1&sig=a").status_code == 404


def test_the_index_is_kept_beside_the_photos_privately(photo_app: Flask) -> None:
    a_case_with_photos(photo_app)
    attachments = runtime_of(photo_app).attachments
    index = attachments.by_case / "2570-0004"
    assert index.stat().st_mode & 0o777 == 0o600 and attachments.by_case.stat().st_mode & 0o777 == 0o700
    assert len(list(attachments.folder.iterdir())) == 2, "the attachments folder holds only the photos"


def test_a_citizens_line_photo_reaches_the_officer_through_the_card(photo_app: Flask, bot_config: Config,
                                                                     line_fake: tuple[LineApiFake, Served],
                                                                     clock: FakeClock) -> None:
    fake = line_fake[0]
    client = photo_app.test_client()
    fake.content["m-1"] = JPEG
    file_by_line(Chat(client, photo_app, fake, clock), "มีรูปประกอบ", photo="m-1")
    runtime = runtime_of(photo_app)
    Flusher(runtime.outbox, LocalWorkbook(bot_config.workbook_path), clock).drain()
    runtime.snapshots.expire()
    (row,) = [r for r in sheet_rows(bot_config.workbook_path, COMPLAINTS.name) if r["เลขที่เรื่อง"] == "2570-0004"]
    assert row["ไฟล์แนบ"] == "รูปภาพ 1 รูป — ดูใน LINE: เรื่อง 2570-0004"
    before = len(fake.deliveries)
    event = text_event(OFFICER, "เรื่อง 2570-0004", fake.issue_reply_token(OFFICER), line_ms(clock()))
    assert post_signed(client, body_of(event)) == 200
    runtime.events.wait_idle()
    (card,) = [m for d in fake.deliveries[before:] for m in d.messages if m["type"] == "flex"]
    (uri,) = [t for t in re.findall(r'"uri": "([^"]+)"', json.dumps(card)) if "/photos/" in t]
    photo = client.get(uri.removeprefix(PUBLIC))
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg" and PHONE_MAKE.encode() not in photo.data
