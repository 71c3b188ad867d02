"""``ita-bot office …`` as an operator runs it: secrets on standard input, Thai answers, nothing in clear on disk."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app import create_app, stop_all
from bot.office_table import Reconciler
from common.config import Config
from demo.line_fake import LineApiFake
from tests.conftest import FakeClock
from tests.fakes.processes import ITA_BOT
from tests.fakes.servers import Served

PUBLIC = "https://ita.example.go.th"
SECRET, TOKEN = "e5" * 16, "token-nongbua"


@pytest.fixture
def env(tmp_path: Path, line_fake: tuple[LineApiFake, Served], clock: FakeClock) -> Iterator[dict[str, str]]:
    """A running deployment (in this process) on the SQLite state the commands write to."""
    fake, served = line_fake
    fake.add_channel(TOKEN, SECRET, "อบต.หนองบัว")
    config = Config(data_dir=tmp_path / "var", secret_key="k" * 32, line_api_host=served.url, public_url=PUBLIC,
                    office_registry=True)
    app = create_app(config, clock=clock, flush_interval=None, sync_interval=None, scheduler=False,
                     registry_interval=None)
    reconciler: Reconciler = app.extensions["ita_reconciler"]
    client = app.test_client()

    def deliver(url: str, body: bytes, headers: dict[str, str]) -> int:
        reconciler.reconcile()  # the server's poll, before LINE's test reaches it
        return client.post(urlsplit(url).path, data=body, headers=headers).status_code

    fake.deliver = deliver
    yield {**os.environ, "ITA_DATA_DIR": str(config.data_dir), "ITA_SECRET_KEY": config.secret_key,
           "LINE_API_HOST": served.url, "ITA_PUBLIC_URL": PUBLIC, "ITA_MANY_OFFICES": "1"}
    stop_all(app)


def ita_bot(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([ITA_BOT, "office", *args], env=env, input=stdin, capture_output=True, text=True,
                          timeout=120)


def test_add_list_remove_with_secrets_from_standard_input(env: dict[str, str], tmp_path: Path) -> None:
    added = ita_bot(env, "add", "nongbua", "--name", "อบต.หนองบัว", stdin=f"{SECRET}\n{TOKEN}\n")
    assert added.returncode == 0, added.stderr
    assert "อบต.หนองบัว" in added.stdout and f"{PUBLIC}/callback/nongbua" in added.stdout
    assert "ลงทะเบียน" in added.stdout, "says what the office admin does next"
    listed = ita_bot(env, "list")
    assert "nongbua" in listed.stdout and "ให้บริการ" in listed.stdout and "อายุข้อมูลชีต" in listed.stdout
    stored = b"".join(path.read_bytes() for path in (tmp_path / "var").rglob("*") if path.is_file())
    assert SECRET.encode() not in stored and TOKEN.encode() not in stored
    assert SECRET not in added.stdout + added.stderr + listed.stdout and TOKEN not in listed.stdout
    refused = ita_bot(env, "remove", "nongbua", "--purge", stdin="n\n")
    assert refused.returncode != 0 and "nongbua" in ita_bot(env, "list").stdout, "--purge asks first"
    removed = ita_bot(env, "remove", "nongbua")
    assert removed.returncode == 0 and "15 วินาที" in removed.stdout
    assert "nongbua" not in ita_bot(env, "list").stdout


def test_a_wrong_token_says_what_to_fix_and_keeps_nothing(env: dict[str, str]) -> None:
    failed = ita_bot(env, "add", "nongbua", "--name", "อบต.หนองบัว", stdin=f"{SECRET}\nrevoked-token\n")
    assert failed.returncode == 1
    assert "401" in failed.stderr and "ยังไม่ได้เพิ่มสำนักงาน nongbua" in failed.stderr
    assert ita_bot(env, "list").stdout == ""


@pytest.mark.parametrize(("args", "stdin", "expected"), [
    (("add", "Bad_Id", "--name", "x"), "", "รหัสสำนักงาน 'Bad_Id' ใช้ไม่ได้"),
    (("add", "nongbua", "--name", "x"), "not-a-secret\n", "channel secret"),
    (("add", "nongbua"), "", "--name"),
    (("remove", "nowhere"), "", "ไม่พบสำนักงานรหัส nowhere"),
    (("rotate", "nowhere"), f"{SECRET}\n{TOKEN}\n", "ไม่พบสำนักงานรหัส nowhere"),
])
def test_mistakes_are_explained_in_thai(env: dict[str, str], args: tuple[str, ...], stdin: str,
                                        expected: str) -> None:
    result = ita_bot(env, *args, stdin=stdin)
    assert result.returncode != 0 and expected in result.stderr and "Traceback" not in result.stderr
