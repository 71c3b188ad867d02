"""A plain reachability check of a link a unit hands in: the page answers with a success status in time."""

from __future__ import annotations

import requests

USER_AGENT = "ita-line-assistant link check"
GET_INSTEAD = (403, 405, 501)
"""Statuses some servers give to HEAD only: the page is asked again with GET."""


class ReachabilityCheck:
    """HEAD (then GET when the server refuses HEAD), redirects followed; anything below 400 is reachable."""

    def __init__(self, timeout: float = 8.0, session: requests.Session | None = None) -> None:
        self.timeout = timeout
        self.session = session or requests.Session()

    def check(self, url: str) -> tuple[bool, str]:
        try:
            status = self._status(url)
        except requests.Timeout:
            return False, f"เว็บไซต์ไม่ตอบภายใน {self.timeout:g} วินาที"
        except requests.RequestException:
            return False, "เชื่อมต่อเว็บไซต์นี้ไม่ได้ (ตรวจชื่อเว็บไซต์ หรือเว็บไซต์อาจปิดอยู่)"
        if status < 400:
            return True, ""
        if status == 404:
            return False, "เว็บไซต์ตอบว่าไม่พบหน้านี้ (404)"
        return False, f"เว็บไซต์ตอบรหัส {status} แทนการแสดงหน้า"

    def _status(self, url: str) -> int:
        headers = {"User-Agent": USER_AGENT}
        response = self.session.head(url, timeout=self.timeout, allow_redirects=True, headers=headers)
        if response.status_code in GET_INSTEAD:
            response = self.session.get(url, timeout=self.timeout, allow_redirects=True, headers=headers, stream=True)
            response.close()
        return response.status_code
