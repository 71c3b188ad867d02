"""The OIT link rules: which Thai verdict a fetched page earns (pure; the fetching is bot.link_check).

A reviewer of the NACC looks only at what the submitted URL shows, so a link is good when it answers
200 on the office's own site, is not an error page dressed as 200 (compared with a random path of the
same site), and, when it shows Buddhist-era years, shows the fiscal year being assessed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from common.thaitext import to_arabic_digits

OK = "ใช้ได้"
REDIRECTED = "ใช้ได้ (เปลี่ยนเส้นทาง)"
NOT_FOUND = "ไม่พบหน้า"
UNREACHABLE = "เข้าไม่ได้"
"""The site answered, but not with the page (403, a redirect loop, an internal address): the link needs fixing."""
CANNOT_CHECK = "ตรวจไม่ได้"
"""The site did not answer (DNS, connect, timeout, TLS, 5xx, 429): nothing is known of the link (oit.standing)."""
SOFT_404 = "หน้าว่างหรือหน้าแจ้งไม่พบ"
OFF_SITE = "ไม่ใช่เว็บไซต์หลักของหน่วยงาน"
NO_YEAR = "ไม่พบปีงบประมาณปัจจุบัน"
NOT_A_LINK = "ไม่ใช่ลิงก์"
GOOD = (OK, REDIRECTED)
TRANSIENT = (408, 429)
"""Answers that say "not now" (like a 5xx): the check could not see the page."""
REFUSED = (401, 403)
"""Answers that say "not you": about the link when the site's missing path is answered otherwise, about the
checker when the missing path is refused too (a firewall turning away automatic visitors)."""
CHECKER_REFUSED = "เว็บไซต์ไม่ให้ระบบตรวจอัตโนมัติเข้า รหัส {status}"

MIN_TEXT = 80
"""Characters of visible text below which a 200 page counts as empty."""
SAME_AS_MISSING = 0.9
"""Similarity to the random missing path above which a page is the site's "not found" page."""
_MISSING_WORDS = ("ไม่พบหน้า", "ไม่พบข้อมูลที่ต้องการ", "page not found", "404 not found", "error 404",
                  "หน้าที่คุณต้องการไม่มีอยู่")
_TAGS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)
_BE_YEAR = re.compile(r"(?<![\d.,:])(25[4-9][0-9])(?![\d,:])")
_SHORT_BE_YEAR = re.compile(r"(?:ปีงบประมาณ|ปีงบ|พ\.ศ\.|พ\.ศ)\s*([5-9][0-9])(?!\d)")


@dataclass(frozen=True)
class Verdict:
    """What one link earned: ``text`` is what the sheet's ``ผลตรวจลิงก์`` shows."""

    verdict: str
    detail: str = ""
    final_url: str = ""

    @property
    def good(self) -> bool:
        return self.verdict in GOOD

    @property
    def answered(self) -> bool:
        """False when the site could not be reached: the verdict is about the site today, not about the link."""
        return self.verdict != CANNOT_CHECK

    @property
    def text(self) -> str:
        if self.verdict == REDIRECTED and self.final_url:
            return f"{self.verdict} → {self.final_url}"
        return f"{self.verdict} ({self.detail})" if self.detail else self.verdict


@dataclass(frozen=True)
class Fetched:
    """A page as the fetcher got it: a status and its text, or ``error`` (timeout, DNS, TLS …) and none."""

    url: str
    status: int = 0
    final_url: str = ""
    redirected: bool = False
    body: str = ""
    error: str = ""
    textual: bool = True
    """False for a PDF, an image or another file: its text is not judged."""
    answered: bool = False
    """With ``error``: the failure was the site's answer (a redirect loop, an internal address), not an outage."""


def retry_delay(header: str | None, now: datetime, limit: float) -> float | None:
    """Seconds a ``Retry-After`` (seconds or HTTP date) asks to wait; None if absent, unreadable or over ``limit``."""
    text = (header or "").strip()
    if not text:
        return None
    if text.isdecimal():
        seconds = float(text)
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = max(0.0, (when.replace(tzinfo=when.tzinfo or UTC) - now).total_seconds())
    return seconds if seconds <= limit else None


def as_link(cell: str | None) -> str | None:
    """The URL in a ``ลิงก์`` cell, or None when the cell is not an http(s) link."""
    text = (cell or "").strip()
    if not text or any(c.isspace() for c in text):
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        return None
    return text


def site_of(website: str | None) -> str:
    """The office's own domain from ``ตั้งค่า`` ``website`` (a URL or a bare host), without ``www.``."""
    text = (website or "").strip()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    return host.removeprefix("www.").lower()


def on_site(url: str, site: str) -> bool:
    """True when the URL's host is the office's domain or one of its subdomains (no site set: any host)."""
    if not site:
        return True
    host = (urlsplit(url).hostname or "").lower()
    return host == site or host.endswith("." + site)


def visible_text(body: str) -> str:
    """A page's text without tags, scripts and runs of white space."""
    return " ".join(html.unescape(_TAGS.sub(" ", body)).split())


def years_shown(text: str) -> set[int]:
    """Buddhist-era years a page shows (Thai or Arabic digits; two-digit ones after พ.ศ./ปีงบประมาณ)."""
    arabic = to_arabic_digits(text)
    years = {int(y) for y in _BE_YEAR.findall(arabic)}
    return years | {2500 + int(y) for y in _SHORT_BE_YEAR.findall(arabic)}


def looks_missing(text: str, missing_text: str | None) -> bool:
    """An error page served as 200: almost no text, "not found" words, or the same as a random missing path."""
    if len(text) < MIN_TEXT:
        return True
    folded = text.casefold()
    if len(text) < 2000 and any(word in folded for word in _MISSING_WORDS):
        return True
    if missing_text is None:
        return False
    matcher = SequenceMatcher(None, text[:3000], missing_text[:3000], autojunk=False)
    return matcher.quick_ratio() >= SAME_AS_MISSING and matcher.ratio() >= SAME_AS_MISSING


def judge(page: Fetched, *, site: str, fiscal_year: int, missing: Fetched | None = None) -> Verdict:
    """The verdict of one fetched link; ``missing`` is a random path of the same site, fetched the same way
    (for a 200 page, to tell an error page dressed as 200; for a refusal, to tell a site that refuses the checker)."""
    if page.error:
        return Verdict(UNREACHABLE if page.answered else CANNOT_CHECK, page.error)
    final = page.final_url or page.url
    if not on_site(page.url, site) or not on_site(final, site):
        return Verdict(OFF_SITE, urlsplit(final).hostname or "")
    if page.status in (404, 410):
        return Verdict(NOT_FOUND, str(page.status))
    if page.status >= 500 or page.status in TRANSIENT:
        return Verdict(CANNOT_CHECK, f"เซิร์ฟเวอร์ขัดข้อง {page.status}" if page.status >= 500 else f"รหัส {page.status}")
    if page.status in REFUSED and missing is not None and missing.status in REFUSED:
        return Verdict(CANNOT_CHECK, CHECKER_REFUSED.format(status=page.status))
    if page.status >= 400 or page.status < 200:
        return Verdict(UNREACHABLE, f"รหัส {page.status}")
    if not page.textual:
        return _good(page, final)
    text = visible_text(page.body)
    missing_text = visible_text(missing.body) if missing and not missing.error and missing.status == 200 else None
    if looks_missing(text, missing_text):
        return Verdict(SOFT_404)
    years = years_shown(text)
    if years and fiscal_year not in years:
        return Verdict(NO_YEAR, f"พบ {', '.join(str(y) for y in sorted(years)[-3:])}")
    return _good(page, final)


def _good(page: Fetched, final: str) -> Verdict:
    return Verdict(REDIRECTED, final_url=final) if page.redirected else Verdict(OK)


RESULT, CHECKED = "ผลตรวจลิงก์", "ตรวจเมื่อ"
"""The OIT tab's columns the check writes: its verdict and when."""


def checked_text(when: datetime) -> str:
    """``ตรวจเมื่อ`` as the sheet shows times: 07/12/2569 06:00."""
    return when.strftime("%d/%m/") + str(when.year + 543) + when.strftime(" %H:%M")
