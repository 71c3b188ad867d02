"""Public transparency pages: /transparency and /transparency/complaints (+ .csv), from the snapshot only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, request

from bot.public_pages import MAX_AGE, error_page, html, layout, no_office
from bot.webform import REQUEST_WAIT
from common.thaitext import format_thai_date
from handlers.conversation.years import parse_year
from handlers.public.transparency import complaint_stats, complaint_years, csv_rows, overview
from sheets.snapshot import SnapshotCache
from sheets.workbook import Snapshot

UNREADABLE = "ยังอ่านข้อมูลของหน่วยงานไม่ได้ โปรดลองใหม่ภายหลัง"


def not_found(message: str, values: dict[str, Any] | None = None) -> Response:
    """The Thai 404 page; ``values``: the office's layout (links onward), none when no office is known."""
    return error_page(values or no_office(), 404, message)


def _read_at(snapshot: Snapshot) -> str:
    loaded = snapshot.loaded_at
    return f"{format_thai_date(loaded.date())} {loaded:%H:%M} น."


def _dates(stats: dict[str, Any]) -> dict[str, Any]:
    return {**stats, "start_text": format_thai_date(stats["start"]), "end_text": format_thai_date(stats["end"])}


def transparency_blueprint(snapshots: SnapshotCache, clock: Callable[[], datetime], prefix: str = "") -> Blueprint:
    """``prefix`` is where the blueprint is mounted ("" or /<office>), for the links between the pages."""
    blueprint = Blueprint("transparency", __name__)

    def year_asked(snapshot: Snapshot) -> int | str | None:
        """The asked ``?year=`` when the page has it, "" when none was asked, None when it is unknown."""
        text = request.args.get("year", "").strip()[:12]
        if not text:
            return ""
        year, known = parse_year(text), complaint_years(snapshot, clock().date())
        return year if year is not None and known[-1] <= year <= known[0] else None

    @blueprint.get("/transparency")
    def transparency() -> Response:
        snapshot = snapshots.get(wait=REQUEST_WAIT)
        if snapshot is None:
            return not_found(UNREADABLE, layout(None, prefix))
        values = overview(snapshot, clock().date())
        values["complaints"] = _dates(values["complaints"])
        return html("web/transparency.html.j2", title="ข้อมูลเพื่อความโปร่งใส", read_at=_read_at(snapshot),
                    complaints_url=f"{prefix}/transparency/complaints", **layout(snapshot, prefix, "transparency"),
                    **values)

    def stats_or_404() -> tuple[Snapshot, dict[str, Any]] | Response:
        snapshot = snapshots.get(wait=REQUEST_WAIT)
        if snapshot is None:
            return not_found(UNREADABLE, layout(None, prefix))
        year = year_asked(snapshot)
        if year is None:
            years = ", ".join(str(y) for y in complaint_years(snapshot, clock().date()))
            return not_found(f"ไม่พบข้อมูลของปีงบประมาณที่ระบุ ดูได้ปี {years}", layout(snapshot, prefix))
        today = clock().date()
        chosen = year if isinstance(year, int) else complaint_years(snapshot, today)[0]
        return snapshot, _dates(complaint_stats(snapshot, chosen, today))

    @blueprint.get("/transparency/complaints")
    def complaints() -> Response:
        found = stats_or_404()
        if isinstance(found, Response):
            return found
        snapshot, stats = found
        return html("web/transparency_complaints.html.j2", title=f"สถิติเรื่องร้องเรียน ปีงบประมาณ {stats['year']}",
                    read_at=_read_at(snapshot), s=stats, years=complaint_years(snapshot, clock().date()),
                    csv_url=f"{prefix}/transparency/complaints.csv?year={stats['year']}",
                    **layout(snapshot, prefix, "transparency"))

    @blueprint.get("/transparency/complaints.csv")
    def complaints_csv() -> Response:
        found = stats_or_404()
        if isinstance(found, Response):
            return found
        out = io.StringIO()
        csv.writer(out).writerows(csv_rows(found[1]))
        response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
        response.headers["Content-Disposition"] = f"attachment; filename=complaints-{found[1]['year']}.csv"
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response

    return blueprint
