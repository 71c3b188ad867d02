"""Sealing: a key per purpose, each value bound to its row's key, clear values of older versions still read."""

from __future__ import annotations

import pytest

from state.sealing import SEALED, Cipher, SealError, derive_key

SECRET = "k" * 32
TEXT = '{"details": ["ขอให้ตรวจสอบการจัดซื้อ"]}'


def test_a_sealed_value_opens_under_its_key_and_context() -> None:
    cipher = Cipher(SECRET, "state")
    sealed = cipher.seal(TEXT, "pseudonym-a")
    assert sealed.startswith(SEALED) and "ตรวจสอบ" not in sealed and sealed.isascii()
    assert cipher.open(sealed, "pseudonym-a") == TEXT


@pytest.mark.parametrize(("secret", "purpose", "context"), [
    (SECRET, "state", "pseudonym-b"), (SECRET, "inbox", "pseudonym-a"), ("x" * 32, "state", "pseudonym-a")])
def test_another_key_purpose_or_row_opens_nothing(secret: str, purpose: str, context: str) -> None:
    sealed = Cipher(SECRET, "state").seal(TEXT, "pseudonym-a")
    with pytest.raises(SealError):
        Cipher(secret, purpose).open(sealed, context)


def test_the_same_text_seals_differently_each_time() -> None:
    cipher = Cipher(SECRET, "state")
    assert cipher.seal(TEXT, "a") != cipher.seal(TEXT, "a")


def test_purposes_get_unrelated_keys() -> None:
    keys = {derive_key(SECRET, purpose) for purpose in ("inbox", "state", "outbox", "ledger-message")}
    assert len(keys) == 4 and all(len(key) == 32 for key in keys)


def test_a_value_written_in_clear_by_an_older_version_is_read_as_it_is() -> None:
    assert Cipher(SECRET, "state").open(TEXT, "any") == TEXT


@pytest.mark.parametrize("damaged", [SEALED + "not base64!", SEALED + "AAAA", SEALED])
def test_a_damaged_value_is_refused_not_misread(damaged: str) -> None:
    with pytest.raises(SealError):
        Cipher(SECRET, "state").open(damaged, "a")
