"""HTTP sessions to Google for a service account: fakes' base URLs, the Sheets budget before each request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2.service_account import Credentials
from requests.adapters import HTTPAdapter

from sheets.budget import SheetsBudget

SHEETS_ORIGIN = "https://sheets.googleapis.com"
DRIVE_ORIGIN = "https://www.googleapis.com"
IAM_ORIGIN = "https://iamcredentials.googleapis.com"
SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
DRIVE_SCOPE = "https://www.googleapis.com/auth/drive.metadata.readonly"
"""Enough for Drive's changes.getStartPageToken and changes.list: file ids and who changed them, no content."""


class RebaseAdapter(HTTPAdapter):
    """Sends requests meant for a Google origin to another base URL (the fake in tests and benchmarks)."""

    def __init__(self, origin: str, base_url: str | None = None, budget: SheetsBudget | None = None) -> None:
        super().__init__()
        self.origin = origin
        self.base_url = base_url.rstrip("/") if base_url else None
        self.budget = budget

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        """Every request (retries and metadata included) is paid from the budget before it leaves."""
        if self.budget is not None:
            self.budget.spend("read" if (request.method or "GET").upper() == "GET" else "write")
        if self.base_url:
            request.url = self.base_url + str(request.url)[len(self.origin):]
        return super().send(request, *args, **kwargs)


def google_session(credentials_file: str, scopes: Sequence[str], origin: str, *, api_url: str | None = None,
                   budget: SheetsBudget | None = None) -> AuthorizedSession:
    """A session for one Google API as the service account, through ``api_url`` when a fake stands in."""
    credentials = Credentials.from_service_account_file(credentials_file, scopes=list(scopes))
    auth_session = requests.Session()  # tokens, and google-auth's access-boundary lookup
    session = AuthorizedSession(credentials, auth_request=Request(auth_session))
    if api_url or budget is not None:
        session.mount(origin, RebaseAdapter(origin, api_url, budget))
    if api_url:
        auth_session.mount(IAM_ORIGIN, RebaseAdapter(IAM_ORIGIN, api_url))
    return session
