"""The demo's small "office website" (www.muaklek.go.th as the demo workbook names it), served by ``ita-bot demo``.

The demo workbook's OIT links point at ``https://www.muaklek.go.th/oit/<ข้อ>``; the demo maps that domain here
(``Config.demo_site``, ``bot.demo_site``), so ``ita-bot oit check``, the ``oit-links`` job and ``ส่งลิงก์`` work offline.
Most pages are good pages of the current fiscal year; two are deliberately wrong so the demo shows a finding:
``BAD_ITEMS`` (one page removed: 404, one still showing last year's document).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from flask import Blueprint, Response

from common.thaitext import fiscal_year_of
from demo import workbook_data as data

PREFIX = "/demo-site"
HOST = "www.muaklek.go.th"
MISSING, OLD_YEAR = "o5", "o16"
BAD_ITEMS = {MISSING: "ไม่พบหน้า (404)", OLD_YEAR: "ไม่พบปีงบประมาณปัจจุบัน"}
"""Items whose page the check finds wanting, and why."""
_TITLES = {item: title for item, title, *_ in data.OIT_ITEMS}
_OTHER_PAGES = {"anti-corruption/plan": "แผนปฏิบัติการป้องกันการทุจริต", "complaints": "ช่องทางร้องเรียนร้องทุกข์"}


def setting(base_url: str) -> str:
    """``Config.demo_site`` for a demo served at ``base_url``."""
    return f"{HOST}={base_url}{PREFIX}"


def office_site_blueprint(today: Callable[[], date]) -> Blueprint:
    """The site's pages; anything else is the site's own 404 page (as a real site answers)."""
    site = Blueprint("demo_office_site", __name__)

    @site.get(f"{PREFIX}/")
    @site.get(f"{PREFIX}/oit")
    def home() -> Response:
        year = fiscal_year_of(today())
        rows = "".join(f'<li><a href="/oit/{item}">{item.upper()} {html.escape(title)}</a></li>'
                       for item, title in _TITLES.items() if item != MISSING)
        return _page(f"การเปิดเผยข้อมูลสาธารณะ (OIT) ปีงบประมาณ พ.ศ. {year}", f"<ul>{rows}</ul>")

    @site.get(f"{PREFIX}/oit/<item>")
    def oit_page(item: str) -> Response:
        key = item.lower()
        if key not in _TITLES or key == MISSING:
            return _missing()
        year = fiscal_year_of(today()) - (1 if key == OLD_YEAR else 0)
        return _page(f"{key.upper()} {_TITLES[key]}", _body(_TITLES[key], year))

    @site.get(f"{PREFIX}/<path:path>")
    def other(path: str) -> Response:
        title = _OTHER_PAGES.get(path.strip("/"))
        return _page(title, _body(title, fiscal_year_of(today()))) if title else _missing()

    return site


def _body(title: str, year: int) -> str:
    return (f"<p>{html.escape(title)} ประจำปีงบประมาณ พ.ศ. {year} ของเทศบาลตำบลมวกเหล็ก อำเภอมวกเหล็ก "
            "จังหวัดสระบุรี เผยแพร่เพื่อให้ประชาชนตรวจสอบได้ตามหลักการเปิดเผยข้อมูลสาธารณะ</p>"
            f"<p>ประกาศ ณ วันที่ 1 ตุลาคม {year - 1} (ข้อมูลตัวอย่างสำหรับโหมดสาธิต)</p>")


def _page(title: str, body: str, status: int = 200) -> Response:
    text = (f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>{html.escape(title)} - '
            f'เทศบาลตำบลมวกเหล็ก</title></head><body><header>เทศบาลตำบลมวกเหล็ก (เว็บไซต์ตัวอย่าง)</header>'
            f"<main><h1>{html.escape(title)}</h1>{body}</main></body></html>")
    return Response(text, status, content_type="text/html; charset=utf-8")


def _missing() -> Response:
    return _page("ไม่พบหน้าที่ต้องการ", "<p>หน้านี้ถูกย้ายหรือลบแล้ว</p>", 404)
