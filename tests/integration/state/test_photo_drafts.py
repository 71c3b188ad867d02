"""Draft photos on disk: a per-sender and a drafts' share of the photo space, deleted when the draft ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from state.attachments import AttachmentStore, clean_photo
from state.photo_drafts import DraftPhotos
from tests.conftest import FakeClock
from tests.fakes.photos import jpeg_with_gps

SENDER, OTHER = "a" * 24, "b" * 24
PHOTO = jpeg_with_gps(64)


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> AttachmentStore:
    size = len(clean_photo(PHOTO).data)  # type: ignore[union-attr]
    return AttachmentStore(tmp_path / "attachments", budget=size * 64 + size // 2, clock=clock)


@pytest.fixture
def drafts(store: AttachmentStore, clock: FakeClock) -> DraftPhotos:
    return DraftPhotos(store, clock)


def kept(store: AttachmentStore) -> list[str]:
    return sorted(f"attachments/{path.name}" for path in store.folder.iterdir())


def test_one_sender_cannot_hold_more_than_its_share(drafts: DraftPhotos) -> None:
    saved = [drafts.save(SENDER, PHOTO) for _ in range(4)]
    assert all(saved[:2]) and saved[2:] == [None, None], "a 32nd of 64 photos' room: two photos"
    assert drafts.save(OTHER, PHOTO), "another sender still has its own share"


def test_drafts_together_never_take_the_filed_photos_room(drafts: DraftPhotos, store: AttachmentStore) -> None:
    senders = [f"{n:024x}" for n in range(20)]
    held = [ref for sender in senders for ref in (drafts.save(sender, PHOTO), drafts.save(sender, PHOTO)) if ref]
    assert len(held) == 16, "drafts stop at a quarter of the space"
    photo = clean_photo(PHOTO)
    assert photo is not None
    assert store.has_room([photo] * 48), "the web form's three quarters are untouched by abandoned drafts"
    assert not store.has_room([photo] * 49)


def test_what_the_draft_no_longer_holds_is_deleted_but_a_filed_case_keeps_its_photos(
        drafts: DraftPhotos, store: AttachmentStore) -> None:
    first, second = drafts.save(SENDER, PHOTO), drafts.save(SENDER, PHOTO)
    assert first and second
    store.link("2570-0001", [first])
    assert drafts.settle(SENDER, []) == 1
    assert kept(store) == [first] and not drafts.holds(SENDER)


def test_a_draft_idle_past_the_timeout_loses_its_photos(drafts: DraftPhotos, store: AttachmentStore,
                                                        clock: FakeClock) -> None:
    mine, theirs = drafts.save(SENDER, PHOTO), drafts.save(OTHER, PHOTO)
    assert mine and theirs
    clock.advance(5 * 60)
    drafts.settle(SENDER, [mine])  # a turn of the draft: still open, active again
    clock.advance(6 * 60)
    assert drafts.expire() == 1 and kept(store) == [mine] and not drafts.holds(OTHER)
    clock.advance(5 * 60)
    assert drafts.expire() == 1 and kept(store) == []


def test_a_malformed_sender_is_refused(drafts: DraftPhotos) -> None:
    assert drafts.save("../etc", PHOTO) is None and drafts.settle("../etc", []) == 0
