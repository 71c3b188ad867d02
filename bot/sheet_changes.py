"""``POST /sheet-changed[/<office>]`` (an Apps Script trigger in the sheet) and the watch that reads changed sheets.

The endpoint answers 204 and marks the office's sheet changed; 401 with a wrong token (HMAC of the office
id under ITA_SECRET_KEY), 429 past 30 pushes a minute for one office, 404 for an unknown office.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, request

from bot.worker import Periodic
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


def watch_sheets(app: Flask, runtimes: Mapping[str, Runtime], config: Config, clock: Callable[[], datetime],
                 *, single: str | None, background: bool = True) -> SheetWatch:
    """Mount the push endpoint, feed every Google office to the watch, and run it (Drive, sweep, due reads)."""
    watch = SheetWatch(clock)
    for office, runtime in runtimes.items():
        watch.add(watched_office(office, runtime, clock))
    if config.drive_poll_seconds and (config.drive_api_url or not config.sheets_api_url):  # a Sheets fake: Drive's too
        watch.feeds = drive_feeds(runtimes, config, watch)
    app.register_blueprint(sheet_changed_blueprint(watch, config.secret_key, clock, single))
    app.extensions["ita_sheet_watch"] = watch
    if background and runtimes:
        tasks = [Periodic(watch.tick, TICK_SECONDS, "sheet-watch")]
        if watch.feeds:
            tasks.append(Periodic(watch.poll_once, config.drive_poll_seconds, "drive-changes"))
        next(iter(runtimes.values())).background.extend(tasks)  # stopped with the runtimes
    return watch


def watched_office(office: str, runtime: Runtime, clock: Callable[[], datetime]) -> WatchedOffice:
    config = runtime.config
    key = config.google_credentials if config.store == "google" else None
    state = runtime.state

    def claim(job: str, period: str) -> bool:
        return state.claim_job(job, period, clock())

    return WatchedOffice(office, runtime.snapshots, config.spreadsheet_id if key else None,
                         account_of(key) if key else None, account_budget(config), claim)


def drive_feeds(runtimes: Mapping[str, Runtime], config: Config, watch: SheetWatch) -> list[DriveChanges]:
    """One Drive changes feed per service account, its page token kept in the state store."""
    keys = {account_of(r.config.google_credentials): r.config.google_credentials for r in runtimes.values()
            if r.config.store == "google" and r.config.google_credentials}
    tokens = page_tokens(config)
    return [DriveChanges(google_session(key, [DRIVE_SCOPE], DRIVE_ORIGIN, api_url=config.drive_api_url), tokens,
                         account, watch.mark_file) for account, key in keys.items()]


def page_tokens(config: Config) -> PageTokens:
    if is_redis(config.state_url):
        from state.stores import shared_client

        return RedisPageTokens(shared_client(config.state_url))
    return SqlitePageTokens(config.data_dir / "drive.sqlite3")
