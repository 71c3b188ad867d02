"""How every link the bot hands out is signed (documents, case photos, evidence photos): itsdangerous
HMAC-SHA256 over a key derived from ITA_SECRET_KEY, one salt per purpose and office."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itsdangerous import Signer

SIGNING: dict[str, Any] = {"digest_method": hashlib.sha256}
"""How every link of the bot is signed: itsdangerous HMAC-SHA256 over a key derived from ITA_SECRET_KEY."""


def link_signer(secret_key: str, purpose: str, base_url: str) -> Signer:
    """The signer of one kind of link (``purpose``) of one office (its base URL: another office's link fails)."""
    return Signer(secret_key, salt=f"{purpose}:{base_url.rstrip('/')}", **SIGNING)


class LinkRefused(ValueError):
    """An altered, unknown or expired link; ``expired`` tells which."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class IssuedLink:
    url: str
    expires: datetime
