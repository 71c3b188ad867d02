"""The simulator's photo and rich-menu endpoints, without a browser: what the page relies on."""

from __future__ import annotations

import io
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image
from werkzeug.serving import make_server

from app import create_demo_app, runtime_of
from cli.service import not_ready
from common.config import Config
from demo.line_fake import LineApiFake
from demo.workbook import demo_user_id
from tests.fakes.servers import Served


@pytest.fixture
def demo(tmp_path: Path, demo_xlsx: Path) -> Iterator[tuple[Flask, LineApiFake]]:
    workbook = tmp_path / "ita.xlsx"
    shutil.copyfile(demo_xlsx, workbook)
    server = make_server("127.0.0.1", 0, not_ready, threaded=True)
    config = Config(store="local", workbook_path=workbook, data_dir=tmp_path / "var")
    app, fake = create_demo_app(config, f"http://127.0.0.1:{server.server_port}", ("s" * 32, "token", "k" * 32))
    server.app = app
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served = Served(server, thread)
    yield app, fake
    served.stop()
    runtime_of(app).stop()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "#c0392b").save(out, format="JPEG")
    return out.getvalue()


def test_a_photo_is_kept_in_the_fake_under_a_line_like_message_id(demo: tuple[Flask, LineApiFake]) -> None:
    app, fake = demo
    client = app.test_client()
    answer = client.post("/simulator/api/photo", data=jpeg(), content_type="image/jpeg")
    message_id = answer.get_json()["id"]
    assert answer.status_code == 200 and message_id.isdecimal() and len(message_id) == 18
    assert fake.content[message_id] == jpeg()
    refused = client.post("/simulator/api/photo", data=b"<svg/>", content_type="image/svg+xml")
    assert refused.status_code == 400 and "ส่งได้เฉพาะรูปภาพ" in refused.get_json()["error"]


def test_each_persona_gets_the_menu_line_would_show_it(demo: tuple[Flask, LineApiFake]) -> None:
    app, fake = demo
    client = app.test_client()
    citizen = client.get(f"/simulator/api/richmenu?userId={demo_user_id('demo-citizen')}").get_json()["menu"]
    admin = client.get(f"/simulator/api/richmenu?userId={demo_user_id('demo-admin')}").get_json()["menu"]
    assert citizen["id"] == fake.default_rich_menu and len(citizen["areas"]) == 4
    assert admin["id"] == fake.user_rich_menus[demo_user_id("demo-admin")] and len(admin["areas"]) == 5
    assert citizen["image"].startswith("data:image/png;base64,")
    assert [a["action"]["text"] for a in citizen["areas"]][1] == "ร้องเรียน"
    assert len(fake.rich_menus) == 2, "deployed once"
    assert client.get("/simulator/api/richmenu?userId=U" + "0" * 32).status_code == 400
