"""The bearer token an office's Apps Script sends to ``POST /sheet-changed``: derived, never stored."""

from __future__ import annotations

import hashlib
import hmac


def push_token(secret_key: str, office: str) -> str:
    """HMAC-SHA256 of the office id under ITA_SECRET_KEY (a new key changes every office's token)."""
    return hmac.new(secret_key.encode(), b"sheet-changed|" + office.encode(), hashlib.sha256).hexdigest()


def token_matches(secret_key: str, office: str, presented: str) -> bool:
    return bool(secret_key) and hmac.compare_digest(push_token(secret_key, office), presented)
