"""Sealing what the bot keeps about a complaint or a complainant, with keys derived from ITA_SECRET_KEY.

``Cipher`` seals state rows (inbox events, drafts, recorded answers, queued rows) with AES-GCM under a
key of their own per purpose (HKDF-SHA256 with the purpose as label), bound to the row's key, so no
WAL, append-only file, RDB or backup holds them in clear. ``Sealer`` keeps the complaint ledger's older
scheme (receipt hashes, Fernet-sealed opted-in userIds), whose keys existing files depend on.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import sqlite3

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEALED = "sealed1:"
"""Marks a sealed value; stored JSON never starts so, so a value without it was written in clear by an older version."""
NONCE = 12


class SealError(ValueError):
    """A sealed value that this ITA_SECRET_KEY cannot open (another key, or damaged)."""


def derive_key(secret: str, purpose: str) -> bytes:
    """A 256-bit key for one purpose: keys of different purposes say nothing about each other."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"ita-bot|{purpose}".encode())
    return hkdf.derive(secret.encode())


class Cipher:
    """AES-GCM under one purpose's key; the key is derived once, when a store opens."""

    def __init__(self, secret: str, purpose: str) -> None:
        self._aead = AESGCM(derive_key(secret, purpose))

    def seal(self, text: str, context: str) -> str:
        """``text`` sealed and bound to ``context`` (the row's key): it opens under that key only."""
        nonce = os.urandom(NONCE)  # a nonce must come from the OS's generator, never from an injected one
        sealed = self._aead.encrypt(nonce, text.encode(), context.encode())
        return SEALED + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, stored: str, context: str) -> str:
        """The text; a value without the mark is returned as it is (written in clear before sealing)."""
        if not stored.startswith(SEALED):
            return stored
        try:
            raw = base64.b64decode(stored[len(SEALED):], validate=True)
            return self._aead.decrypt(raw[:NONCE], raw[NONCE:], context.encode()).decode()
        except (InvalidTag, binascii.Error, ValueError):
            raise SealError("sealed with another ITA_SECRET_KEY, or damaged") from None


def seal_clear_rows(db: sqlite3.Connection, cipher: Cipher, table: str, column: str, context: str,
                    where: str = "1") -> int:
    """Seal the rows an older version wrote in clear (``context`` is an SQL expression of the row's key).

    The names are this package's own constants, never input.
    """
    rows = db.execute(f"SELECT rowid, {context}, {column} FROM {table} "
                      f"WHERE {where} AND substr({column}, 1, {len(SEALED)}) != ?", (SEALED,)).fetchall()
    db.executemany(f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
                   [(cipher.seal(value, key), rowid) for rowid, key, value in rows])
    return len(rows)


def fernet_for(secret: str, purpose: str) -> Fernet:
    """A Fernet key derived from ITA_SECRET_KEY for one purpose (each purpose its own key)."""
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(purpose.encode() + b"|" + secret.encode()).digest()))


class Sealer:
    """Receipts as keyed hashes; opted-in userIds sealed with Fernet; both keys derived from ITA_SECRET_KEY.

    What a subscriber was last told (an officer's answer) is sealed with a ``Cipher`` of its own.
    """

    def __init__(self, secret: str) -> None:
        self._hash_key = hashlib.sha256(b"receipt|" + secret.encode()).digest()
        self._fernet = fernet_for(secret, "sealed-id")
        self._messages = Cipher(secret, "ledger-message")

    def seal_message(self, case_no: str, message: str | None) -> str | None:
        return self._messages.seal(message, case_no) if message is not None else None

    def open_message(self, case_no: str, stored: str | None) -> str | None:
        """None also when sealed with another ITA_SECRET_KEY (the subscriber cannot be unsealed either)."""
        try:
            return self._messages.open(stored, case_no) if stored is not None else None
        except SealError:
            return None

    def receipt_hash(self, receipt: str) -> str:
        return hmac.new(self._hash_key, receipt.encode(), hashlib.sha256).hexdigest()

    def seal(self, user_id: str) -> bytes:
        return self._fernet.encrypt(user_id.encode())

    def unseal(self, sealed: bytes) -> str | None:
        """None when sealed with another ITA_SECRET_KEY: nobody can be notified."""
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken:
            return None
