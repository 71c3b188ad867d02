"""The public pages around the forms: the shared layout, ``/`` (landing), ``/privacy`` (the PDPA notice) and the
Thai error page (404 and every other HTTP error), for one office or each office of a many-office deployment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response
from werkzeug.exceptions import HTTPException

from bot.photo_retention import ORPHAN_AGE
from bot.web_client import CSP
from handlers.complaints.desk import closed_case_retention
from handlers.conversation.engine import FLOW_TIMEOUT
from handlers.public.office import office_contact, page_links
from handlers.public.privacy import Retention, durations
from handlers.staff.assistant import org_name
from sheets.workbook import Snapshot
from state.complaint_ledger import FILINGS_KEPT, USAGE_KEPT
from state.photo_drafts import IDLE
from state.redis_ledger import USAGE_TTL
from state.store import KEEP_TURNS, SESSION_TTL
from templates import render

MAX_AGE = 60
"""Seconds a browser or proxy may keep the landing and privacy pages (the sheet's settings may change)."""
ERRORS = {404: "ไม่พบหน้าที่ต้องการ ลิงก์อาจพิมพ์ผิดหรือหน้านี้ถูกย้ายแล้ว",
          405: "หน้านี้ไม่รับคำขอแบบนี้ กรุณาเปิดจากลิงก์ด้านล่าง",
          413: "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป กรุณาลดขนาดหรือจำนวนรูปแล้วส่งใหม่"}
OTHER_ERROR = "คำขอไม่ถูกต้อง กรุณาเปิดหน้าจากลิงก์ด้านล่าง"
CLIENT_WINDOW = timedelta(days=1)
"""The filing limits count per day (``ledger`` windows are dated): a window's day comes on top of USAGE_KEPT."""


def no_office() -> dict[str, Any]:
    """The layout of a page no office answers (a many-office deployment's own paths): no links onward."""
    return {**layout(None, ""), "links": [], "urls": {}, "home_url": ""}


def layout(snapshot: Snapshot | None, prefix: str, current: str = "") -> dict[str, Any]:
    """What base.html.j2 needs: the office's name and contact, and the links between its public pages."""
    name = org_name(snapshot)
    links = page_links(prefix)
    return {"org": name, "office": office_contact(name, snapshot.settings if snapshot else {}), "links": links,
            "urls": {link["key"]: link["url"] for link in links}, "current": current, "home_url": f"{prefix}/"}


def html(template: str, status: int = 200, *, cache: bool = True, **values: Any) -> Response:
    """A public page: never framed, no scripts; cacheable a minute unless it holds a form (``cache=False``)."""
    response = Response(render(template, **values), status=status, mimetype="text/html")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}" if cache else "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = CSP
    return response


def retention(snapshot: Snapshot | None) -> Retention:
    """The notice's figures, from the constants and settings the code acts on (never a copied number)."""
    return Retention(closed_case=closed_case_retention(snapshot.settings if snapshot else {}),
                     flow_timeout=FLOW_TIMEOUT, draft_photos=IDLE, stray_photos=ORPHAN_AGE,
                     counters=max(USAGE_KEPT + CLIENT_WINDOW, USAGE_TTL), replies=KEEP_TURNS, drafts=SESSION_TTL,
                     filings=FILINGS_KEPT)


def error_page(values: dict[str, Any], status: int, message: str = "") -> Response:
    """The Thai error page with links onward (the office's pages when known)."""
    return html("web/not_found.html.j2", status, cache=False, title="ไม่พบหน้า" if status == 404 else "ทำรายการไม่ได้",
                message=message or ERRORS.get(status, OTHER_ERROR), **values)


def http_error_page(snapshot: Callable[[], Snapshot | None] | None, prefix: str) -> Callable[[HTTPException], Response]:
    """An app's handler of HTTP errors: the Thai page, with the office's layout (``snapshot`` None: no office)."""

    def handle(error: HTTPException) -> Response:
        return error_page(no_office() if snapshot is None else layout(snapshot(), prefix), error.code or 400)

    return handle


def public_blueprint(snapshot: Callable[[], Snapshot | None], prefix: str, *, google: bool) -> Blueprint:
    """``/`` and ``/privacy``; ``google``: the register is a Google Sheet (the notice names Google as a recipient)."""
    blueprint = Blueprint("public", __name__)

    @blueprint.get("/")
    def landing() -> Response:
        return html("web/landing.html.j2", title="บริการประชาชน", **layout(snapshot(), prefix, "home"))

    @blueprint.get("/privacy")
    def privacy() -> Response:
        current = snapshot()
        return html("web/privacy.html.j2", title="ประกาศความเป็นส่วนตัว", google=google,
                    kept=durations(retention(current)), **layout(current, prefix, "privacy"))

    return blueprint
