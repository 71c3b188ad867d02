"""Signed photo links: HMAC-SHA256 over case, photo number and expiry; 15 minutes; altered or other-case refused."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import Signer

from handlers.casework.photos import CasePhotos, LinkRefused, PhotoLinks, cell_references
from sheets.records import Complaint
from tests.conftest import FakeClock
from tests.tampering import tampered

KEY = "k" * 32
BASE = "https://ita.example.go.th"


def parts(url: str) -> tuple[str, int, str, str]:
    split = urlsplit(url)
    _, _, case_no, index = split.path.split("/")
    query = {k: v[0] for k, v in parse_qs(split.query).items()}
    return case_no, int(index), query["exp"], query["sig"]


def test_a_link_names_the_case_and_photo_and_lasts_fifteen_minutes(clock: FakeClock) -> None:
    links = PhotoLinks(KEY, BASE + "/", clock)
    issued = links.issue("2570-0004", 2)
    assert issued.url.startswith(f"{BASE}/photos/2570-0004/2?exp=")
    assert issued.expires == clock() + timedelta(minutes=15)
    case_no, index, exp, sig = parts(issued.url)
    links.check(case_no, index, exp, sig)
    clock.advance(15 * 60)
    links.check(case_no, index, exp, sig)
    clock.advance(1)
    with pytest.raises(LinkRefused) as refused:
        links.check(case_no, index, exp, sig)
    assert refused.value.expired


def test_the_signature_is_hmac_sha256_over_case_index_and_expiry(clock: FakeClock) -> None:
    _, _, exp, sig = parts(PhotoLinks(KEY, BASE, clock).issue("2570-0004", 1).url)
    expected = Signer(KEY, salt=f"ita-photos-v1:{BASE}", digest_method=hashlib.sha256)
    assert expected.verify_signature(f"2570-0004|1|{exp}", sig)
    assert len(expected.get_signature("x")) == 43  # 32 bytes in base64: SHA-256, not the SHA-1 default


@pytest.mark.parametrize("change", [
    lambda c, i, e, s: ("2570-0005", i, e, s),  # another case
    lambda c, i, e, s: (c, i + 1, e, s),  # another photo of the case
    lambda c, i, e, s: (c, i, str(int(e) + 3600), s),  # a later expiry
    lambda c, i, e, s: (c, i, e, tampered(s)),
    lambda c, i, e, s: (c, i, e, ""),
    lambda c, i, e, s: (c, i, "", s),
    lambda c, i, e, s: (c, i, "-1", s),
    lambda c, i, e, s: ("../../etc", i, e, s),
    lambda c, i, e, s: (c, i, "²", s),  # isdigit() but not a number int() reads
    lambda c, i, e, s: (c, i, "፩፩", s),
    lambda c, i, e, s: (c, i, "9" * 5000, s),  # past Python's integer-string limit
], ids=["other-case", "other-photo", "later-expiry", "altered-sig", "no-sig", "no-exp", "bad-exp", "path",
        "superscript", "ethiopic", "huge"])
def test_an_altered_link_is_refused(clock: FakeClock, change: object) -> None:
    links = PhotoLinks(KEY, BASE, clock)
    altered = change(*parts(links.issue("2570-0004", 1).url))  # type: ignore[operator]
    with pytest.raises(LinkRefused) as refused:
        links.check(*altered)
    assert not refused.value.expired


def test_another_office_or_key_refuses_the_link(clock: FakeClock) -> None:
    link = parts(PhotoLinks(KEY, BASE, clock).issue("2570-0004", 1).url)
    for other in (PhotoLinks(KEY, BASE + "/other", clock), PhotoLinks("x" * 32, BASE, clock)):
        with pytest.raises(LinkRefused):
            other.check(*link)


class Index:
    def __init__(self, kept: dict[str, list[str]]) -> None:
        self.kept = kept

    def references(self, case_no: str) -> list[str]:
        return self.kept.get(case_no, [])


def complaint(cell: str | None) -> Complaint:
    return Complaint(2, "2570-0001", None, "LINE", "อื่น ๆ", "x", None, None, None, cell, "รับเรื่อง", None, None,
                     None, None, None)


def test_photos_come_from_the_index_then_from_an_old_rows_bare_paths(clock: FakeClock) -> None:
    photos = CasePhotos(Index({"2570-0001": ["attachments/new.jpg"]}), PhotoLinks(KEY, BASE, clock))
    assert photos.of("2570-0001", complaint("รูปภาพ 1 รูป — ดูใน LINE: เรื่อง 2570-0001")) == ["attachments/new.jpg"]
    old = CasePhotos(Index({}), None)
    assert old.of("2570-0001", complaint("attachments/a.jpg, attachments/b.png")) == ["attachments/a.jpg",
                                                                                     "attachments/b.png"]
    assert old.urls(complaint("attachments/a.jpg")) == []
    assert [parts(u)[:2] for u in photos.urls(complaint(None))] == [("2570-0001", 1)]


@pytest.mark.parametrize(("cell", "found"), [
    (None, []), ("", []), ("รูปภาพ 2 รูป — ดูใน LINE: เรื่อง 2570-0004", []),
    ("attachments/3fa1.jpg", ["attachments/3fa1.jpg"]), ("attachments/../secret.jpg", []),
    ("/etc/passwd, attachments/x.png", ["attachments/x.png"]), ("attachments/x.gif", []),
])
def test_only_references_of_the_attachments_folder_are_read_from_a_cell(cell: str | None, found: list[str]) -> None:
    assert cell_references(cell) == found
