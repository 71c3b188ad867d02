"""The LINE fake serves a user's photo as LINE's content endpoint does: the bytes, typed, for the channel only."""

from __future__ import annotations

import io

import requests
from PIL import Image

from common.config import Config
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock
from tests.fakes.servers import Served
from tests.integration.conftest import ACCESS_TOKEN, quick_messenger


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "#1e4e79").save(out, format="JPEG")
    return out.getvalue()


def test_the_content_endpoint_answers_as_lines(line_fake: tuple[LineApiFake, Served], bot_config: Config,
                                               clock: FakeClock) -> None:
    fake, served = line_fake
    photo = jpeg()
    fake.content["612345678901234567"] = photo
    url = f"{served.url}/v2/bot/message/612345678901234567/content"
    answer = requests.get(url, headers={"Authorization": f"Bearer {ACCESS_TOKEN}"}, timeout=10)
    assert answer.status_code == 200 and answer.content == photo
    assert answer.headers["Content-Type"] == "image/jpeg"
    assert requests.get(url, timeout=10).status_code == 401
    missing = requests.get(url.replace("612", "999"), headers={"Authorization": f"Bearer {ACCESS_TOKEN}"}, timeout=10)
    assert missing.status_code == 404
    assert quick_messenger(bot_config, clock).fetch_content("612345678901234567") == photo, "what the bot reads"
