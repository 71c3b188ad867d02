"""``POST /sheet-changed[/<office>]`` (an Apps Script trigger in the sheet) and the watch that reads changed sheets.

The endpoint answers 204 and marks the office's sheet changed; 401 with a wrong token (HMAC of the office
id under ITA_SECRET_KEY), 429 past 30 pushes a minute for one office, 404 for an unknown office.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, request

from bot.timers import SharedTimers
from common.config import Config, is_redis
from sheets.budget import account_of
from sheets.drive_changes import DriveChanges
from sheets.factory import account_budget
from sheets.google_http import DRIVE_ORIGIN, DRIVE_SCOPE, google_session
from sheets.push_token import token_matches
from sheets.sheet_watch import SheetWatch, WatchedOffice
from state.page_tokens import PageTokens, RedisPageTokens, SqlitePageTokens
from state.rate_window import LocalWindow

if TYPE_CHECKING:
    from bot.runtime import Runtime

PUSHES_PER_MINUTE = 30
TICK_SECONDS = 5.0


def sheet_changed_blueprint(watch: SheetWatch, secret_key: str, clock: Callable[[], datetime],
                            single: str | None) -> Blueprint:
    blueprint = Blueprint("sheet_changed", __name__)
    windows: dict[str, LocalWindow] = {}

    def changed(office: str) -> tuple[str, int]:
        if office not in watch.offices:
            return "ไม่พบสำนักงานที่ระบุ", 404
        presented = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token_matches(secret_key, office, presented):
            return "โทเค็นไม่ถูกต้อง", 401
        window = windows.setdefault(office, LocalWindow(PUSHES_PER_MINUTE))
        if not window.take(clock().timestamp()):
            return "แจ้งถี่เกินไป รอสักครู่", 429
        watch.mark(office)
        return "", 204

    blueprint.add_url_rule("/sheet-changed/<office>", "office", changed, methods=["POST"])
    if single is not None:
        blueprint.add_url_rule("/sheet-changed", "single", lambda: changed(single), methods=["POST"])
    return blueprint


def watch_sheets(app: Flask, config: Config, clock: Callable[[], datetime], *, single: str | None,
                 timers: SharedTimers | None) -> SheetWatch:
    """Mount the push endpoint and run the watch (Drive, sweep, due reads) on ``timers``; offices join it as they
    are built (``watch_office``). No timers: tests call ``tick`` and ``poll_once`` themselves."""
    watch = SheetWatch(clock)
    app.register_blueprint(sheet_changed_blueprint(watch, config.secret_key, clock, single))
    app.extensions["ita_sheet_watch"] = watch
    if timers is not None:
        timers.every("", "sheet-watch", watch.tick, TICK_SECONDS)
        if drive_polled(config):
            timers.every("", "drive-changes", watch.poll_once, config.drive_poll_seconds)
    return watch


def watch_office(watch: SheetWatch, runtime: Runtime, config: Config, clock: Callable[[], datetime]) -> None:
    """Feed one built office to the watch, and its service account's Drive feed once per account; the office
    leaves the watch when its runtime stops."""
    watched = watched_office(runtime.office, runtime, clock)
    watch.add(watched)
    runtime.stop_hooks.append(lambda: watch.remove(watched))
    key = runtime.config.google_credentials if runtime.config.store == "google" else None
    if key and drive_polled(config) and all(feed.account != account_of(key) for feed in watch.feeds):
        watch.feeds.append(DriveChanges(google_session(key, [DRIVE_SCOPE], DRIVE_ORIGIN, api_url=config.drive_api_url),
                                        page_tokens(config), account_of(key), watch.mark_file))


def drive_polled(config: Config) -> bool:
    """Drive's feed is polled unless turned off, and never against a Sheets fake without a Drive fake beside it."""
    return bool(config.drive_poll_seconds) and bool(config.drive_api_url or not config.sheets_api_url)


def watched_office(office: str, runtime: Runtime, clock: Callable[[], datetime]) -> WatchedOffice:
    config = runtime.config
    key = config.google_credentials if config.store == "google" else None
    state = runtime.state

    def claim(job: str, period: str) -> bool:
        return state.claim_job(job, period, clock())

    return WatchedOffice(office, runtime.snapshots, config.spreadsheet_id if key else None,
                         account_of(key) if key else None, account_budget(config), claim)


def page_tokens(config: Config) -> PageTokens:
    if is_redis(config.state_url):
        from state.stores import shared_client

        return RedisPageTokens(shared_client(config.state_url))
    return SqlitePageTokens(config.data_dir / "drive.sqlite3")
