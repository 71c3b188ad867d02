"""The web form under attack: refused posts leave nothing, photos lose their metadata, limits are per visitor."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, runtime_of
from common.config import Config
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock
from tests.fakes.photos import GPS_IFD, PHONE_MAKE, jpeg_with_gps, png
from tests.fakes.servers import Served
from tests.integration.bot.test_webform import RECEIPT, submit, token
from tests.integration.conftest import quick_messenger

OFFICERS = "C" + "6" * 32


def stored(config: Config) -> list[Path]:
    folder = config.data_dir / "attachments"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_refused_posts_leave_no_files(client: FlaskClient, bot_app: Flask, bot_config: Config) -> None:
    photos = [(io.BytesIO(jpeg_with_gps()), "a.jpg"), (io.BytesIO(jpeg_with_gps()), "b.jpg"),
              (io.BytesIO(b"not a photo"), "c.txt")]
    for _ in range(10):
        status, page = submit(client, photos=list(photos))
        assert status == 400 and "JPEG หรือ PNG" in page
        photos = [(io.BytesIO(jpeg_with_gps()), "a.jpg"), (io.BytesIO(jpeg_with_gps()), "b.jpg"),
                  (io.BytesIO(b"not a photo"), "c.txt")]
    runtime_of(bot_app).desk.hourly_cap = 0
    status, page = submit(client, photos=[(io.BytesIO(jpeg_with_gps()), "a.jpg")])
    assert status == 429 and "มีผู้ส่งเรื่องทางเว็บไซต์จำนวนมาก" in page
    assert stored(bot_config) == [] and runtime_of(bot_app).outbox.depth() == 0


def test_a_fake_jpeg_is_refused(client: FlaskClient, bot_config: Config) -> None:
    status, page = submit(client, photos=[(io.BytesIO(b"\xff\xd8\xff\xe0" + b"\0" * 500), "a.jpg")])
    assert status == 400 and "JPEG หรือ PNG" in page and stored(bot_config) == []


def test_photos_lose_their_gps_and_phone_model(client: FlaskClient, bot_config: Config) -> None:
    from PIL import Image

    status, _ = submit(client, photos=[(io.BytesIO(jpeg_with_gps()), "a.jpg"), (io.BytesIO(png()), "b.png")])
    assert status == 200
    kept = stored(bot_config)
    assert sorted(path.suffix for path in kept) == [".jpg", ".png"]
    for path in kept:
        assert PHONE_MAKE.encode() not in path.read_bytes()
        with Image.open(path) as image:
            assert not image.getexif().get_ifd(GPS_IFD) and not image.getexif()
        assert path.stat().st_mode & 0o777 == 0o600
    assert (bot_config.data_dir / "attachments").stat().st_mode & 0o777 == 0o700


@pytest.fixture
def small_disk_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    app = create_app(replace(bot_config, attachment_budget_mb=1), clock=clock,
                     messenger=quick_messenger(bot_config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


def test_a_full_disk_refuses_photos_in_thai(small_disk_app: Flask, bot_config: Config) -> None:
    client = small_disk_app.test_client()
    status, page = submit(client, photos=[(io.BytesIO(jpeg_with_gps(1400)), "a.jpg")])
    assert status == 503 and "พื้นที่เก็บรูปภาพของระบบเต็ม" in page and "ไม่แนบรูป" in page
    assert stored(bot_config) == [] and runtime_of(small_disk_app).outbox.depth() == 0
    assert submit(client)[0] == 200, "without photos the complaint is still taken"


def test_other_addresses_guessing_never_lock_out_a_citizen(client: FlaskClient) -> None:
    status, page = submit(client, address="10.0.0.1")
    receipt = RECEIPT.search(page)
    assert status == 200 and receipt
    csrf = token(client, "/status")
    for guess in range(1000):
        response = client.post("/status", data={"csrf_token": csrf, "receipt": f"{guess:010d}"},
                               environ_base={"REMOTE_ADDR": f"198.51.{guess // 200}.{guess % 200 // 10}"})
        assert response.status_code == 404
    mine = client.post("/status", data={"csrf_token": csrf, "receipt": receipt.group(1)},
                       environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert mine.status_code == 200 and "รับเรื่อง" in mine.get_data(as_text=True)


def test_dropping_the_cookie_does_not_reset_the_wrong_receipt_count(bot_app: Flask) -> None:
    statuses = []
    for _ in range(11):
        fresh = bot_app.test_client()  # a new cookie jar each time
        statuses.append(fresh.post("/status", data={"csrf_token": token(fresh, "/status"), "receipt": "AAAABBBBCC"},
                                   environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code)
    assert statuses == [404] * 10 + [429]


def test_a_visitor_has_an_hourly_filing_limit(client: FlaskClient, clock: FakeClock) -> None:
    """Each a different complaint: the same form sent again is the first case again (test_webform_again)."""
    assert [submit(client, address="203.0.113.5", details=f"เรื่องที่ {n}")[0] for n in range(6)] == [200] * 5 + [429]
    _, page = submit(client, address="203.0.113.5", details="เรื่องที่ 7")
    assert "ส่งเรื่องจากเครื่องนี้ครบ 5 เรื่องในชั่วโมงนี้แล้ว" in page
    assert submit(client, address="203.0.113.6", details="เรื่องที่ 8")[0] == 200
    clock.advance(3600)
    assert submit(client, address="203.0.113.5", details="เรื่องที่ 9")[0] == 200


def test_a_post_from_a_foreign_origin_is_refused(client: FlaskClient, bot_app: Flask) -> None:
    data = {"csrf_token": token(client), "category": "อื่น ๆ", "details": "x", "accused": "", "place": "",
            "incident_date": ""}
    for origin in ("https://evil.example", "null"):
        response = client.post("/complaint", data=data, headers={"Origin": origin})
        assert response.status_code == 403 and "ส่งแบบฟอร์มได้จากหน้านี้ของระบบเท่านั้น" in response.get_data(as_text=True)
    assert runtime_of(bot_app).outbox.depth() == 0
    assert client.post("/complaint", data=data, headers={"Origin": "http://localhost"}).status_code == 200


def test_cookies_and_headers(client: FlaskClient, bot_app: Flask) -> None:
    page = client.get("/complaint")
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert '<meta name="referrer" content="same-origin">' in page.get_data(as_text=True), \
        "no referrer to other sites, and the browser sends our Origin with the form (no-referrer made it null)"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "base-uri 'none'" in page.headers["Content-Security-Policy"]
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"
    secure = bot_app.test_client().get("/complaint", base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]


@pytest.fixture
def proxied_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    app = create_app(replace(bot_config, behind_proxy=True), clock=clock,
                     messenger=quick_messenger(bot_config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


def test_behind_the_front_server_the_forwarded_address_and_scheme_count(proxied_app: Flask) -> None:
    client = proxied_app.test_client()
    page = client.get("/status", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in page.headers["Set-Cookie"]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert csrf
    addresses = ["198.51.100.1"] * 10 + ["198.51.100.2"] * 10 + ["198.51.100.1"]
    statuses = [client.post("/status", data={"csrf_token": csrf.group(1), "receipt": "AAAABBBBCC"},
                            headers={"X-Forwarded-For": address}).status_code for address in addresses]
    assert statuses == [404] * 20 + [429], "each forwarded address has its own count"


def test_many_web_cases_at_once_reach_the_officers_as_one_digest(client: FlaskClient, bot_app: Flask,
                                                                 clock: FakeClock,
                                                                 line_fake: tuple[LineApiFake, Served]) -> None:
    fake, _ = line_fake
    for n in range(20):
        assert submit(client, address=f"203.0.113.{n}")[0] == 200
    assert len(fake.messages_to(OFFICERS)) == 1
    notices = runtime_of(bot_app).notices
    assert notices.flush() == 0, "the window has not passed"
    clock.advance(300)
    assert notices.flush() == 1
    deliveries = fake.messages_to(OFFICERS)
    digest = deliveries[1].messages[0]  # a card with เรื่อง <เลข> buttons (issue 36): its text is the alt text
    assert len(deliveries) == 2 and "เรื่องร้องเรียนใหม่ 19 เรื่อง" in (digest.get("altText") or digest["text"])


def test_a_web_filing_writes_no_log_line_of_its_own(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        assert submit(client)[0] == 200
    assert [r.getMessage() for r in caplog.records if r.name == "bot.webform"] == []
    assert "complaint filed" not in caplog.text, "a line per filing marks when someone complained"
