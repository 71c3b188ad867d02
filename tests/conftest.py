"""Shared fixtures: an injected clock, the Google Sheets fake on loopback, and both backends."""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import redis
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from common.clock import DEFAULT_TIMEZONE
from sheets.backend import WorkbookBackend
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from tests.fakes.redis_server import RedisServer
from tests.fakes.sheets_api import FakeSheetsApi

os.environ["TZ"] = "UTC"  # every test runs as on a cloud server in UTC: the bot must keep Bangkok time anyway
time.tzset()

LOOPBACK = {"localhost", "127.0.0.1", "::1", "", None}
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only(host: object, *args: object, **kwargs: object) -> object:
    """Tests talk to fakes on this machine only: any other host is a bug, and fails at once."""
    if host not in LOOPBACK:
        raise socket.gaierror(f"tests must not reach {host!r}: point the client at a fake")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


socket.getaddrinfo = _loopback_only  # type: ignore[assignment]


class FakeClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: datetime = datetime(2026, 11, 23, 9, 0)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def line_ms(moment: datetime) -> int:
    """LINE's event timestamp (epoch ms) for a moment on the office's wall clock (a FakeClock's naive time)."""
    return int(moment.replace(tzinfo=ZoneInfo(DEFAULT_TIMEZONE)).timestamp() * 1000)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def rsa_key_pair() -> tuple[str, str]:
    """A throw-away service-account key, made at test time (never committed)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


@pytest.fixture
def sheets_fake() -> Iterator[FakeSheetsApi]:
    fake = FakeSheetsApi()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def google_credentials(tmp_path: Path, sheets_fake: FakeSheetsApi, rsa_key_pair: tuple[str, str]) -> Path:
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps(sheets_fake.service_account_info(*rsa_key_pair)))
    return path


@pytest.fixture
def google_env(tmp_path: Path, sheets_fake: FakeSheetsApi, google_credentials: Path) -> dict[str, str]:
    """The environment an admin sets for a Google Sheet, pointed at the fake."""
    return {**os.environ, "ITA_STORE": "google", "GOOGLE_SPREADSHEET_ID": sheets_fake.spreadsheet.id,
            "GOOGLE_APPLICATION_CREDENTIALS": str(google_credentials), "ITA_SHEETS_API_URL": sheets_fake.base_url,
            "ITA_DATA_DIR": str(tmp_path / "var"), "ITA_SECRET_KEY": "k" * 32}


@pytest.fixture
def google_workbook(sheets_fake: FakeSheetsApi, google_credentials: Path) -> GoogleWorkbook:
    return GoogleWorkbook(sheets_fake.spreadsheet.id, str(google_credentials), api_url=sheets_fake.base_url,
                          timeout=5, sleep=lambda seconds: None)


@pytest.fixture
def local_workbook(tmp_path: Path) -> LocalWorkbook:
    return LocalWorkbook(tmp_path / "ita.xlsx")


@pytest.fixture(params=["local", "google"])
def backend(request: pytest.FixtureRequest) -> WorkbookBackend:
    """Each contract test runs against both backends."""
    name = "local_workbook" if request.param == "local" else "google_workbook"
    workbook: WorkbookBackend = request.getfixturevalue(name)
    return workbook


@pytest.fixture
def set_header(request: pytest.FixtureRequest, backend: WorkbookBackend) -> Callable[[str, list[str]], None]:
    """Replace a tab's header row the way an admin would, in whichever backend is under test."""

    def in_xlsx(tab: str, header: list[str]) -> None:
        assert isinstance(backend, LocalWorkbook)
        book = openpyxl.load_workbook(backend.path)
        sheet = book[tab]
        for index in range(1, sheet.max_column + 1):
            sheet.cell(row=1, column=index, value=header[index - 1] if index <= len(header) else None)
        book.save(backend.path)

    def in_google(tab: str, header: list[str]) -> None:
        fake: FakeSheetsApi = request.getfixturevalue("sheets_fake")
        fake.seed(tab, [header])

    return in_xlsx if isinstance(backend, LocalWorkbook) else in_google


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server for the run (``make test`` installs it); missing fails in CI, skips elsewhere."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: run `make test` (it installs the Debian package)")
        pytest.skip("redis-server is not installed (make test installs it)")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The shared server, emptied for this test."""
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url


@pytest.fixture(params=["sqlite", "redis"])
def state_url(request: pytest.FixtureRequest) -> str:
    """ITA_STATE_URL for each state backend: "" (SQLite files in the data dir) or the test Redis."""
    if request.param == "sqlite":
        return ""
    url: str = request.getfixturevalue("redis_url")
    return url


@pytest.fixture
def redis_folders(state_url: str, request: pytest.FixtureRequest) -> list[Path]:
    """Where the test Redis keeps its append-only file and RDB, when the state is on Redis (else none)."""
    if not state_url:
        return []
    server: RedisServer = request.getfixturevalue("redis_server")
    return [server.directory]
