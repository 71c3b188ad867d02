"""Signed, expiring download links for the documents (LINE cannot send files).

The token is the request itself, signed with itsdangerous (``handlers.conversation.links.SIGNING``) and carrying
its own expiry, which is checked against the injected clock; nothing is stored, so any instance can serve any
link, and a changed character makes the signature fail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from handlers.conversation.links import SIGNING, IssuedLink, LinkRefused
from handlers.documents.requests import KINDS, DocumentRequest

SALT = "ita-documents-v1"
FORMATS = ("docx", "pdf", "png")
"""The document to edit, to publish, and its first chart (shown in the LINE card)."""


class DocumentLinks:
    def __init__(self, secret_key: str, base_url: str, clock: Callable[[], datetime],
                 ttl: timedelta = timedelta(hours=24)) -> None:
        self.base_url = base_url.rstrip("/")
        # the base URL names the office: a link made for one office is refused by another's route
        self._serializer = URLSafeSerializer(secret_key, salt=f"{SALT}:{self.base_url}", signer_kwargs=SIGNING)
        self.clock = clock
        self.ttl = ttl

    def issue(self, request: DocumentRequest, kind: str, ttl: timedelta | None = None) -> IssuedLink:
        expires = self.clock() + (ttl or self.ttl)
        payload = {"k": request.kind, "y": request.year, "a": _iso(request.as_of), "s": _iso(request.start),
                   "e": _iso(request.end), "d": request.thai_digits, "f": kind, "x": int(expires.timestamp())}
        token = str(self._serializer.dumps(payload))
        return IssuedLink(f"{self.base_url}/documents/{token}", expires)

    def expires(self, token: str) -> datetime:
        """When a link (one ``read`` took) stops working: what the documents' cache keeps its file for."""
        payload: dict[str, Any] = self._serializer.loads(token)
        return datetime.fromtimestamp(float(payload["x"]))

    def read(self, token: str) -> tuple[DocumentRequest, str]:
        """The request and format a token stands for; LinkRefused when altered or expired."""
        try:
            payload: dict[str, Any] = self._serializer.loads(token)
        except BadSignature:
            raise LinkRefused(expired=False) from None
        if not isinstance(payload, dict) or payload.get("k") not in KINDS or payload.get("f") not in FORMATS:
            raise LinkRefused(expired=False)
        if self.clock().timestamp() > float(payload.get("x", 0)):
            raise LinkRefused(expired=True)
        request = DocumentRequest(payload["k"], payload.get("y"), _day(payload.get("a")), _day(payload.get("s")),
                                  _day(payload.get("e")), payload.get("d"))
        return request, str(payload["f"])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: object) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else None
