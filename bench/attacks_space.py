"""Attacks of issue 35 on space and threads: one LINE account filling the photo space, a burst of document GETs.

Each returns what held, with its figure, or raises AssertionError; bounded in count, loopback only.
"""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import requests

from bench.attacks import Target, complaint
from common.clock import office_clock, office_zone
from demo.workbook import demo_score_years
from handlers.documents.links import DocumentLinks
from handlers.documents.requests import DocumentRequest
from tests.fakes.line_events import body_of, sign, text_event
from tests.fakes.photos import jpeg_with_gps
from tests.fakes.processes import eventually

HOARDER = "U" + "h" * 32
DRAFT = ["ร้องเรียน", "จัดซื้อจัดจ้าง", "ขอแนบรูปจำนวนมาก", "ถัดไป", "กองช่าง", "ข้าม", "ข้าม"]
PUBLIC_URL = "https://ita.example.go.th"
"""ITA_PUBLIC_URL of the attacked bot: document links are signed for it (the path is what is fetched)."""


def photo_space(target: Target, rounds: int, photos: int) -> str:
    """One account: drafts with more photos than allowed, cancelled or abandoned; then a web complaint's photo."""
    for n in range(photos):
        target.line.content[f"hoard-{n}"] = jpeg_with_gps(256)
    before = set(_kept(target.data_dir))  # what earlier attacks filed
    most = 0
    for round_no in range(rounds):
        for text in DRAFT:
            _event(target, _text(target, text))
        for n in range(photos):
            _event(target, _photo(target, f"hoard-{n}"))
        most = max(most, len(set(_kept(target.data_dir)) - before))
        _event(target, _text(target, "ยกเลิก" if round_no % 2 == 0 else "เมนู"))
    left = len(set(_kept(target.data_dir)) - before)
    assert most <= 3, f"one draft kept {most} photos"
    session, token = target.form("127.0.15.1")  # an address no other step uses (each has its hourly limit)
    web = session.post(target.front.url + "/complaint", data=complaint(token), timeout=30,
                       files=[("photos", ("a.jpg", io.BytesIO(jpeg_with_gps())))])
    assert web.status_code == 200, f"the web form's photo answered {web.status_code}"
    assert left == 0, f"{left} photos of cancelled drafts left"
    return (f"{rounds} drafts x {photos} photos from one account: at most {most} kept, {left} left after "
            "cancelling; a web complaint's photo then: 200")


def document_burst(target: Target, count: int, runs: Path) -> str:
    """``count`` GETs of one PDF link at once (through nginx), /healthz during them, then the link again."""
    year = demo_score_years(datetime.now().date())[-1]
    links = DocumentLinks("s" * 32, PUBLIC_URL, office_clock(office_zone()), ttl=timedelta(hours=1))
    url = target.front.url + links.issue(DocumentRequest("analysis", year), "pdf").url.removeprefix(PUBLIC_URL)
    before = _runs(runs)
    with ThreadPoolExecutor(count) as pool:
        burst = [pool.submit(requests.get, url, timeout=120) for _ in range(count)]
        started = time.monotonic()
        health = requests.get(target.front.url + "/healthz", timeout=30).status_code
        health_took = time.monotonic() - started
        statuses = [future.result().status_code for future in burst]
    assert eventually(lambda: requests.get(url, timeout=120).status_code == 200, timeout=120), \
        f"never served: {requests.get(url, timeout=120).text[:200]}"
    started = time.monotonic()
    again = requests.get(url, timeout=120)
    again_took = time.monotonic() - started
    conversions = _runs(runs) - before
    assert set(statuses) <= {200, 503} and health == 200 and health_took < 2.5, (statuses, health, health_took)
    assert conversions == 1 and again.status_code == 200, f"{conversions} LibreOffice runs"
    return (f"{count} GETs of one PDF link: {statuses.count(200)}x200 {statuses.count(503)}x503, "
            f"{conversions} LibreOffice run; /healthz meanwhile {health_took * 1000:.0f} ms; "
            f"the link again {again_took * 1000:.0f} ms")


def counting_soffice(folder: Path, real: str) -> Path:
    """A ``soffice`` for PATH that writes a line for each run, then runs LibreOffice; the file it writes."""
    folder.mkdir(parents=True, exist_ok=True)
    runs = folder / "soffice-runs"
    script = folder / "soffice"
    script.write_text(f'#!/bin/sh\necho run >> "{runs}"\nexec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return runs


def _runs(runs: Path) -> int:
    return runs.read_text(encoding="utf-8").count("run") if runs.exists() else 0


def _kept(data_dir: Path) -> list[Path]:
    folder = data_dir / "attachments"
    return [path for path in folder.iterdir() if not path.name.startswith(".")] if folder.exists() else []


def _text(target: Target, text: str) -> dict[str, object]:
    return text_event(HOARDER, text, target.line.issue_reply_token(HOARDER), int(time.time() * 1000))


def _photo(target: Target, message_id: str) -> dict[str, object]:
    event = _text(target, "")
    event["message"] = {"type": "image", "id": message_id, "contentProvider": {"type": "line"}, "quoteToken": "q"}
    return event


def _event(target: Target, event: dict[str, object]) -> None:
    """Send one signed event and wait for the bot's answer to it."""
    before = len(target.line.messages_to(HOARDER))
    body = body_of(event)
    status = requests.post(target.front.url + "/callback", data=body, timeout=30,
                           headers={"X-Line-Signature": sign(target.secret, body),
                                    "Content-Type": "application/json"}).status_code
    assert status == 200, f"the webhook answered {status}"
    assert eventually(lambda: len(target.line.messages_to(HOARDER)) > before, timeout=60), "no answer"
