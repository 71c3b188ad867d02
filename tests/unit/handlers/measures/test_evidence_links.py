"""Signed links to a measure's evidence photos, and the card of buttons the อัปเดต flow shows for them."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from handlers.conversation.replies import Flex
from handlers.measures.evidence_links import EvidenceLinks, LinkRefused, photo_card
from handlers.staff.assistant import Assistant
from sheets.workbook import Snapshot
from state.outbox import Outbox
from state.row_changes import RowChangeWriter
from state.store import SqliteStateStore
from tests.conftest import FakeClock
from tests.unit.conftest import CITIZEN, STAFF, said, talk

BASE = "https://ita.example.go.th"
JPG, PNG = "attachments/" + "a" * 32 + ".jpg", "attachments/" + "b" * 32 + ".png"
CELL = f"https://www.muaklek.go.th/plan\nรูปถ่าย 2 รูป: {JPG}, {PNG}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 12, 7, 10))


def parts(url: str) -> tuple[str, int, str, str, str]:
    split = urlsplit(url)
    _, _, code, index = split.path.split("/")
    query = {key: value[0] for key, value in parse_qs(split.query).items()}
    return code, int(index), query["f"], query["exp"], query["sig"]


def test_a_link_passes_until_it_expires_and_names_its_file(clock: FakeClock) -> None:
    links = EvidenceLinks("k" * 32, BASE, clock)
    url = links.issue("M2570-02", 2, PNG).url
    assert url.startswith(f"{BASE}/evidence/M2570-02/2?f={'b' * 32}.png&exp=")
    links.check(*parts(url))
    clock.advance(15 * 60 + 1)
    with pytest.raises(LinkRefused) as refused:
        links.check(*parts(url))
    assert refused.value.expired


@pytest.mark.parametrize("position", [0, 1, 2, 3, 4], ids=["code", "number", "file", "exp", "sig"])
def test_changing_any_part_breaks_the_link(clock: FakeClock, position: int) -> None:
    links = EvidenceLinks("k" * 32, BASE, clock)
    given = list(parts(links.issue("M2570-02", 1, JPG).url))
    given[position] = {0: "M2570-03", 1: 2, 2: "c" * 32 + ".jpg", 3: str(int(given[3]) + 60), 4: "x" * 27}[position]
    with pytest.raises(LinkRefused) as refused:
        links.check(*given)  # type: ignore[arg-type]
    assert not refused.value.expired


def test_another_office_or_key_refuses_the_link(clock: FakeClock) -> None:
    url = EvidenceLinks("k" * 32, BASE, clock).issue("M2570-02", 1, JPG).url
    for other in (EvidenceLinks("k" * 32, BASE + "/nongbua", clock), EvidenceLinks("j" * 32, BASE, clock)):
        with pytest.raises(LinkRefused):
            other.check(*parts(url))


def test_the_card_has_the_latest_photos_and_nothing_without_photos_or_links(clock: FakeClock) -> None:
    links = EvidenceLinks("k" * 32, BASE, clock)
    (card,) = photo_card(links, "M2570-02", CELL)
    assert isinstance(card, Flex) and "รูปหลักฐาน มาตรการ M2570-02 2 รูป" in card.alt_text
    assert [n for n, _ in links.urls("M2570-02", CELL)] == [1, 2]
    many = "รูปถ่าย 12 รูป: " + ", ".join(f"attachments/{n:032x}.jpg" for n in range(12))
    assert [n for n, _ in links.urls("M2570-02", many)] == list(range(3, 13))
    assert photo_card(None, "M2570-02", CELL) == [] and photo_card(links, "M2570-02", "https://x.go.th") == []
    assert links.urls("M 2570/02", CELL) == [], "a code a path cannot carry gets no links"


def test_the_update_flow_shows_the_photo_buttons_to_the_owner_unit_only(
        tmp_path: Path, clock: FakeClock, outbox: Outbox, demo_snapshot: Snapshot) -> None:
    state = SqliteStateStore(tmp_path / "state.sqlite3", "k" * 32)
    updater = Assistant(state, lambda user: hmac.new(b"k", user.encode(), hashlib.sha256).hexdigest(), clock,
                        row_changes=RowChangeWriter(outbox, clock), evidence=EvidenceLinks("k" * 32, BASE, clock))
    for text in ("อัปเดต M2570-02", "หลักฐาน"):
        assert not any(isinstance(r, Flex) for r in talk(updater, demo_snapshot, STAFF, text)), "no photo yet"
    first = talk(updater, demo_snapshot, STAFF, JPG, kind="image")
    assert isinstance(first[0], Flex) and "รูปหลักฐาน มาตรการ M2570-02 1 รูป" in first[0].alt_text
    assert "บันทึกรูปแล้ว · รูปถ่าย 1 รูป" in said(first)
    assert "รูปหลักฐาน มาตรการ M2570-02 2 รูป" in said(talk(updater, demo_snapshot, STAFF, PNG, kind="image"))
    refused = talk(updater, demo_snapshot, CITIZEN, "อัปเดต M2570-02")
    assert not any(isinstance(r, Flex) for r in refused) and "M2570-02" not in said(refused)
