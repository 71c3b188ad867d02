"""A burst of GETs of one document link over real HTTP runs LibreOffice once; the rest wait or get a Thai 503."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from flask import Flask

from app import create_app, runtime_of
from common.config import Config
from handlers.documents.requests import DocumentRequest
from tests.conftest import FakeClock
from tests.fakes.servers import serve
from tests.integration.conftest import LAST_YEAR, quick_messenger

PUBLIC = "https://ita.example.go.th"
BURST = 8


@pytest.fixture
def counted_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """LibreOffice itself, behind a script on PATH that counts its runs (one line a run)."""
    real = shutil.which("soffice")
    if real is None:
        pytest.skip("LibreOffice is not installed (make system-packages)")
    runs, folder = tmp_path / "soffice-runs", tmp_path / "bin"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(f'#!/bin/sh\necho run >> "{runs}"\nexec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return runs


@pytest.fixture
def linked_app(bot_config: Config, clock: FakeClock) -> Iterator[Flask]:
    config = replace(bot_config, public_url=PUBLIC)
    app = create_app(config, clock=clock, messenger=quick_messenger(config, clock), flush_interval=None)
    yield app
    runtime_of(app).stop()


def test_a_burst_of_one_link_converts_once(linked_app: Flask, counted_soffice: Path) -> None:
    links = runtime_of(linked_app).documents
    assert links is not None
    path = links.issue(DocumentRequest("analysis", LAST_YEAR), "pdf").url.removeprefix(PUBLIC)
    served = serve(linked_app)
    try:
        with httpx.Client(base_url=served.url, timeout=180) as client, ThreadPoolExecutor(BURST) as pool:
            responses = list(pool.map(lambda _: client.get(path), range(BURST)))
            again = client.get(path)
    finally:
        served.stop()
    assert counted_soffice.read_text().count("run") == 1
    served_ok = [r for r in responses if r.status_code == 200]
    busy = [r for r in responses if r.status_code == 503]
    assert served_ok and len(served_ok) + len(busy) == BURST
    assert all(r.headers["Retry-After"] == "15" and "กรุณาเปิดลิงก์นี้อีกครั้ง" in r.text for r in busy)
    assert again.status_code == 200 and again.content == served_ok[0].content and again.content.startswith(b"%PDF")
