"""Drive v3 ``changes.list`` for one service account: which of its offices' sheets changed, in one call.

Needs the scope ``drive.metadata.readonly`` and the Drive API enabled in the key's Cloud project. Drive
reports the bot's own writes too; a change whose ``file.lastModifyingUser.me`` is true is ours and is
not an admin's edit (the snapshot already follows our appends; our row changes mark it themselves).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import requests

from state.page_tokens import PageTokens

log = logging.getLogger(__name__)
DRIVE_API = "https://www.googleapis.com/drive/v3"
FIELDS = "nextPageToken,newStartPageToken,changes(fileId,removed,time,file(modifiedTime,lastModifyingUser(me)))"
MAX_PAGES = 20


class DriveError(Exception):
    """Drive did not answer as expected (not enabled, no scope, down): the offices fall back to the timer."""


class DriveChanges:
    """``poll_once`` reads the feed from the kept page token and calls ``on_change`` per changed sheet."""

    def __init__(self, session: requests.Session, tokens: PageTokens, account: str,
                 on_change: Callable[[str], bool], *, timeout: float = 20.0) -> None:
        self.session = session
        self.tokens = tokens
        self.account = account
        self.on_change = on_change
        """Called with a changed file's id; True when it is one of our offices' sheets."""
        self.timeout = timeout
        self.live = False
        """The last poll succeeded: change detection covers this account's offices."""

    def poll_once(self) -> int:
        """One pass over the feed; how many offices' sheets were marked changed."""
        try:
            marked = self._poll()
        except (requests.RequestException, DriveError, ValueError) as error:
            if self.live:
                log.warning("Drive changes feed unavailable (%s): offices read on the timer", type(error).__name__)
            self.live = False
            return 0
        self.live = True
        return marked

    def _poll(self) -> int:
        token = self.tokens.load(self.account)
        if token is None:
            start = self._get("/changes/startPageToken", {"supportsAllDrives": "true"})
            self.tokens.save(self.account, str(start["startPageToken"]))
            return 0
        marked = 0
        for _ in range(MAX_PAGES):
            page = self._get("/changes", {"pageToken": token, "pageSize": "1000", "includeRemoved": "false",
                                          "spaces": "drive", "supportsAllDrives": "true",
                                          "includeItemsFromAllDrives": "true", "fields": FIELDS})
            marked += sum(1 for change in page.get("changes", []) if self._admin_edit(change)
                          and self.on_change(str(change["fileId"])))
            token = str(page.get("nextPageToken") or page.get("newStartPageToken") or token)
            self.tokens.save(self.account, token)
            if "newStartPageToken" in page:
                break
        return marked

    def _admin_edit(self, change: Mapping[str, Any]) -> bool:
        if change.get("removed") or "fileId" not in change:
            return False
        return not change.get("file", {}).get("lastModifyingUser", {}).get("me", False)

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        response = self.session.get(DRIVE_API + path, params=params, timeout=self.timeout)
        if response.status_code != 200:
            raise DriveError(f"Drive ตอบ {response.status_code}")
        body = response.json()
        if not isinstance(body, dict):
            raise DriveError("Drive ตอบไม่ตรงรูปแบบ")
        return body
