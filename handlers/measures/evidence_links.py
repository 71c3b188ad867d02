"""A measure's evidence photos in LINE: signed 15-minute links to each (served by bot.evidence_http).

A link is ``/evidence/<measure>/<n>?f=<file>&exp=<unix time>&sig=<HMAC-SHA256 over measure, n, file and exp>``,
signed like the complaint photos (``link_signer``, its own purpose): nothing is stored, any instance can
check it, and changing the measure, the number, the file or the expiry breaks the signature. The file is
in the link because the sheet reaches the bot's snapshot only after the outbox is flushed: a photo just
sent is viewable at once. Links are only handed to those who may update the measure (its unit, admins).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import quote

from handlers.casework.photos import REFERENCE, STAMP
from handlers.conversation.links import IssuedLink, LinkRefused, link_signer
from handlers.conversation.ports import EvidencePhotoLinks
from handlers.conversation.replies import Flex, Reply
from handlers.measures.evidence import photo_references
from templates import render, render_json

PURPOSE = "ita-evidence-v1"
TTL = timedelta(minutes=15)
SHOWN = 10
"""At most this many photo buttons (the latest ones) under a measure."""
CODE = re.compile(r"^[^\s/?#%|\\]{1,40}$")
FILE = re.compile(r"^[A-Za-z0-9_-]+\.(jpg|png)$")

__all__ = ["CODE", "FILE", "EvidenceLinks", "LinkRefused", "photo_card"]


class EvidenceLinks:
    def __init__(self, secret_key: str, base_url: str, clock: Callable[[], datetime], ttl: timedelta = TTL) -> None:
        self.base_url = base_url.rstrip("/")
        self._signer = link_signer(secret_key, PURPOSE, self.base_url)
        self.clock = clock
        self.ttl = ttl

    def issue(self, code: str, index: int, reference: str) -> IssuedLink:
        """The link to photo ``index`` (from 1) of a measure, the file ``attachments/<file>``, good for ``ttl``."""
        name = reference.removeprefix("attachments/")
        stamp = int((self.clock() + self.ttl).timestamp())
        signature = self._signer.get_signature(_signed(code, index, name, stamp)).decode()
        url = f"{self.base_url}/evidence/{quote(code, safe='')}/{index}?f={name}&exp={stamp}&sig={signature}"
        return IssuedLink(url, self.clock() + self.ttl)

    def check(self, code: str, index: int, name: str, exp: str, sig: str) -> None:
        """Passes for a link this office issued and that has not expired; LinkRefused otherwise."""
        if not STAMP.fullmatch(exp) or not CODE.match(code) or not FILE.match(name):
            raise LinkRefused(expired=False)
        if not self._signer.verify_signature(_signed(code, index, name, int(exp)), sig.encode()):
            raise LinkRefused(expired=False)
        if self.clock().timestamp() > int(exp):
            raise LinkRefused(expired=True)

    def urls(self, code: str, cell: str | None) -> list[tuple[int, str]]:
        """(number, link) of the latest photos a หลักฐาน cell lists; none for a code a link cannot carry."""
        if not CODE.match(code):
            return []
        numbered = [(n, ref) for n, ref in enumerate(photo_references(cell), start=1) if REFERENCE.match(ref)]
        return [(n, self.issue(code, n, ref).url) for n, ref in numbered[-SHOWN:]]


def _signed(code: str, index: int, name: str, stamp: int) -> str:
    return f"{code}|{index}|{name}|{stamp}"


def photo_card(links: EvidencePhotoLinks | None, code: str, cell: str | None) -> list[Reply]:
    """A small card with one button per evidence photo of the measure; nothing without photos or a public URL."""
    numbered = links.urls(code, cell) if links else []
    if not numbered:
        return []
    count = len(photo_references(cell))
    values = {"code": code, "count": count, "numbered": numbered, "ttl": int(TTL.total_seconds() // 60)}
    return [Flex(render("evidence_photos.alt.j2", **values), render_json("evidence_photos.json.j2", **values))]
