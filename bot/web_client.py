"""Who is asking, and from where: the web form's per-client key, Origin check, cookie and response headers.

A visitor is known only by a keyed hash of their address that changes every day (so it cannot be linked
across days or reversed without ITA_SECRET_KEY), kept only in expiring limit counters and never logged.
Behind the shipped front server (ITA_BEHIND_PROXY=1) the address is the one it forwards.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from urllib.parse import urlsplit

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")


def client_tag(secret: str, address: str | None, now: datetime) -> str:
    """A keyed, day-scoped hash of the client address: what the limits count, never the address itself."""
    message = f"client|{now:%Y-%m-%d}|{address or 'unknown'}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:24]


def foreign_origin(request: Request) -> bool:
    """A POST whose Origin names another site (or "null"); no Origin at all is left to the CSRF token.

    Our pages set the referrer policy ``same-origin``, with which browsers send our own Origin on the form.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return urlsplit(origin).netloc.lower() != request.host.lower()


class SessionCookies(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (directly or via the front server)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        from flask import request

        return bool(request.is_secure) or super().get_cookie_secure(app)


def harden(app: Flask, *, behind_proxy: bool) -> None:
    """Cookie flags, nosniff on every answer, and the forwarded address/scheme when behind the front server."""
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.session_interface = SessionCookies()
    if behind_proxy:  # the front server overwrites X-Forwarded-For and X-Forwarded-Proto: trust one hop
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    @app.after_request
    def nosniff(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
