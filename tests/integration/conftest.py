"""Fixtures for the LINE side: the LINE API fake on loopback, and the bot app on the demo workbook."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app, runtime_of
from bot.messenger import LineMessenger
from common.config import Config
from demo.line_fake import LineApiFake
from demo.line_fake_http import line_fake_blueprint
from demo.workbook import create_demo_workbook, demo_score_years
from sheets.local import LocalWorkbook
from tests.conftest import FakeClock
from tests.fakes.line_events import sign
from tests.fakes.servers import Served, serve

CHANNEL_SECRET = "c0ffee" * 6
ACCESS_TOKEN = "test-access-token"
DEMO_DAY = date(2026, 11, 23)
YEAR_BEFORE, LAST_YEAR = demo_score_years(DEMO_DAY)
"""The demo's two score years (the seed's 2564 and 2565 moved to the two fiscal years before DEMO_DAY's)."""


@pytest.fixture
def line_fake(clock: FakeClock) -> Iterator[tuple[LineApiFake, Served]]:
    fake = LineApiFake(ACCESS_TOKEN, clock)
    app = Flask("line-fake")
    app.register_blueprint(line_fake_blueprint(fake))
    served = serve(app)
    yield fake, served
    served.stop()


@pytest.fixture(scope="session")
def demo_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-workbook") / "ita.xlsx"
    create_demo_workbook(LocalWorkbook(path), DEMO_DAY)
    return path


@pytest.fixture
def own_workbook(tmp_path: Path, demo_xlsx: Path) -> Path:
    """The demo workbook copied for this test: a bot or a command may write to it (``demo_xlsx`` is shared)."""
    workbook = tmp_path / "ita.xlsx"
    shutil.copyfile(demo_xlsx, workbook)
    return workbook


@pytest.fixture
def bot_config(own_workbook: Path, tmp_path: Path, line_fake: tuple[LineApiFake, Served]) -> Config:
    workbook = own_workbook
    return Config(store="local", workbook_path=workbook, data_dir=tmp_path / "var", line_channel_secret=CHANNEL_SECRET,
                  line_access_token=ACCESS_TOKEN, line_api_host=line_fake[1].url, secret_key="k" * 32)


def quick_messenger(config: Config, clock: FakeClock) -> LineMessenger:
    """The real messenger, retrying without waiting out its backoff."""
    return LineMessenger(config.line_access_token, config.line_api_host, clock, sleep=lambda seconds: None)


@pytest.fixture
def bot_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    app = create_app(bot_config, clock=clock, messenger=quick_messenger(bot_config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


@pytest.fixture
def client(bot_app: Flask) -> FlaskClient:
    return bot_app.test_client()


def post_signed(client: FlaskClient, body: bytes, secret: str = CHANNEL_SECRET) -> int:
    response = client.post("/callback", data=body, headers={"X-Line-Signature": sign(secret, body),
                                                            "Content-Type": "application/json"})
    return response.status_code
