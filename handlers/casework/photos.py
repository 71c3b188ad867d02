"""A case's photos for officers: where they are kept, and signed 15-minute links to each (bot.photos_http).

A link is ``/photos/<case>/<n>?exp=<unix time>&sig=<HMAC-SHA256 over case, n and exp>``, signed by the
documents' ``link_signer``: nothing is stored, any instance can check it, and changing the case, the
photo number or the expiry breaks the signature.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from handlers.conversation.links import IssuedLink, LinkRefused, link_signer
from sheets.records import Complaint

PURPOSE = "ita-photos-v1"
TTL = timedelta(minutes=15)
CASE_NO = re.compile(r"^\d{4}-\d{1,6}$")
STAMP = re.compile(r"[0-9]{1,12}")
"""A link's expiry: Unix seconds, ASCII digits only (int() refuses some characters isdigit() takes)."""
REFERENCE = re.compile(r"^attachments/[A-Za-z0-9_-]+\.(jpg|png)$")

__all__ = ["CASE_NO", "CasePhotos", "LinkRefused", "PhotoIndex", "PhotoLinks", "cell_references"]


class PhotoIndex(Protocol):
    """Which photo references belong to a case (state.attachments.AttachmentStore)."""

    def references(self, case_no: str) -> list[str]: ...


class PhotoLinks:
    def __init__(self, secret_key: str, base_url: str, clock: Callable[[], datetime], ttl: timedelta = TTL) -> None:
        self.base_url = base_url.rstrip("/")
        self._signer = link_signer(secret_key, PURPOSE, self.base_url)
        self.clock = clock
        self.ttl = ttl

    def issue(self, case_no: str, index: int) -> IssuedLink:
        """The link to photo ``index`` (from 1) of a case, good for ``ttl``."""
        expires = self.clock() + self.ttl
        stamp = int(expires.timestamp())
        signature = self._signer.get_signature(_signed(case_no, index, stamp)).decode()
        return IssuedLink(f"{self.base_url}/photos/{case_no}/{index}?exp={stamp}&sig={signature}", expires)

    def check(self, case_no: str, index: int, exp: str, sig: str) -> None:
        """Passes for a link this office issued and that has not expired; LinkRefused otherwise."""
        if not STAMP.fullmatch(exp) or not CASE_NO.match(case_no):
            raise LinkRefused(expired=False)
        if not self._signer.verify_signature(_signed(case_no, index, int(exp)), sig.encode()):
            raise LinkRefused(expired=False)
        if self.clock().timestamp() > int(exp):
            raise LinkRefused(expired=True)


def _signed(case_no: str, index: int, stamp: int) -> str:
    return f"{case_no}|{index}|{stamp}"


def cell_references(cell: str | None) -> list[str]:
    """The bare references an old row's ``ไฟล์แนบ`` holds (``attachments/….jpg, …``); none in the new wording."""
    parts = [part.strip() for part in (cell or "").split(",")]
    return [part for part in parts if REFERENCE.match(part)]


@dataclass(frozen=True)
class CasePhotos:
    """A case's photos: the bot's own index first, then an old row's bare paths; links when a URL is set."""

    index: PhotoIndex
    links: PhotoLinks | None = None

    def of(self, case_no: str, case: Complaint | None) -> list[str]:
        kept = self.index.references(case_no) if CASE_NO.match(case_no) else []
        return kept or cell_references(case.attachments if case else None)

    def urls(self, case: Complaint, count: int | None = None) -> list[str]:
        """One signed link per photo (``count`` of them when already known), none while ITA_PUBLIC_URL is unset."""
        if self.links is None:
            return []
        count = len(self.of(case.case_no, case)) if count is None else count
        return [self.links.issue(case.case_no, n).url for n in range(1, count + 1)]
