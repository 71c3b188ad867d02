"""Wires the parts together: create_app(config=None, *, store=None, messenger=None, clock=None).

One office by default (``/callback``); with ITA_OFFICES each office gets ``/callback/<office>``,
``/<office>/complaint``, ``/<office>/status`` and ``/<office>/jobs/<name>``, with its own runtime.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from flask import Flask, Response, jsonify
from linebot.v3 import WebhookParser
from werkzeug.exceptions import HTTPException

from bot.documents_http import documents_blueprint
from bot.evidence_http import evidence_blueprint
from bot.jobs_http import jobs_blueprint
from bot.messenger import Messenger
from bot.photos_http import photos_blueprint
from bot.runtime import Runtime, Timing, build_runtime, complaint_sync
from bot.sheet_changes import watch_sheets
from bot.transparency_http import not_found, transparency_blueprint
from bot.web_client import harden
from bot.webform import REQUEST_WAIT, webform_blueprint
from bot.webhook import webhook_blueprint
from common.config import Config
from common.offices import Office, load_offices
from demo.line_fake import LineApiFake
from demo.line_fake_http import line_fake_blueprint
from demo.simulator import simulator_blueprint
from documents.photos import photo_folder
from sheets.backend import WorkbookBackend
from templates import render

log = logging.getLogger(__name__)
MAX_FORM_BODY = 16 * 1024 * 1024
FAKE_PREFIX = "/line-fake"
SINGLE = "default"

__all__ = ["Runtime", "complaint_sync", "create_app", "create_demo_app", "runtime_of"]


def create_app(config: Config | None = None, *, store: WorkbookBackend | None = None,
               messenger: Messenger | None = None, clock: Callable[[], datetime] | None = None,
               flush_interval: float | None = 2.0, sync_interval: float | None = 60.0, event_threads: int = 4,
               event_capacity: int = 10_000, scheduler: bool | None = None, inbox_lease: float = 30.0) -> Flask:
    config = config or Config.from_env()
    timing = Timing(flush_interval, sync_interval, event_threads, event_capacity,
                    config.scheduler if scheduler is None else scheduler, inbox_lease)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BODY
    app.secret_key = config.secret_key
    harden(app, behind_proxy=config.behind_proxy)
    runtimes: dict[str, Runtime] = {}
    if config.offices_file is None:
        runtimes[SINGLE] = build_runtime(config, SINGLE, timing, store=store, messenger=messenger,
                                         clock=clock)
        _mount(app, runtimes[SINGLE], name="", prefix="")
        app.extensions["ita"] = runtimes[SINGLE]
    else:
        disabled = _mount_offices(app, load_offices(config.offices_file, config, os.environ), timing, runtimes,
                                  clock)
        app.extensions["ita_disabled"] = disabled
        app.add_url_rule("/transparency", "transparency_without_office",
                         lambda: not_found("ระบุสำนักงานในลิงก์ เช่น /<รหัสสำนักงาน>/transparency"))
    app.extensions["ita_offices"] = runtimes
    watch_sheets(app, runtimes, config, clock or datetime.now, single=SINGLE if config.offices_file is None else None,
                 background=timing.scheduler)
    _add_health_and_errors(app)
    _freeze_long_lived_objects()
    return app


def _freeze_long_lived_objects() -> None:
    """Keep what start-up built (the Thai dictionary's trie, templates, cards) out of the garbage collector.

    A full collection walked those objects once, about 10 s into a run, and held every thread ~0.4 s:
    the webhook's p99 at 100 events/s went from ~10 ms to ~300 ms (bench.inbox_bench).
    """
    gc.collect()
    gc.freeze()


def _mount_offices(app: Flask, offices: list[Office], timing: Timing, runtimes: dict[str, Runtime],
                   clock: Callable[[], datetime] | None) -> dict[str, str]:
    """Each office gets its own runtime; an office that cannot start is left out, the others run."""
    disabled: dict[str, str] = {}
    for office in offices:
        if office.problem:
            log.error("office %s is off: %s", office.id, office.problem)
            disabled[office.id] = office.problem
            continue
        runtimes[office.id] = build_runtime(office.config, office.id, timing, clock=clock)
        _mount(app, runtimes[office.id], name=f"-{office.id}", prefix=f"/{office.id}")
    return disabled


def _mount(app: Flask, runtime: Runtime, *, name: str, prefix: str) -> None:
    config = runtime.config
    app.register_blueprint(webhook_blueprint(WebhookParser(config.line_channel_secret), runtime.intake,
                                             f"/callback{prefix}"),
                           name=f"webhook{name}")
    app.register_blueprint(webform_blueprint(runtime.desk, runtime.snapshots, runtime.attachments, runtime.notices,
                                             runtime.clock, prefix), name=f"webform{name}", url_prefix=prefix or None)
    app.register_blueprint(jobs_blueprint(runtime.jobs, config.jobs_token), name=f"jobs{name}",
                           url_prefix=prefix or None)
    app.register_blueprint(transparency_blueprint(runtime.snapshots, runtime.clock, prefix),
                           name=f"transparency{name}", url_prefix=prefix or None)
    if runtime.documents is not None:
        app.register_blueprint(documents_blueprint(runtime.documents, runtime.snapshots, runtime.clock,
                                                   photo_folder(runtime.attachments.folder)),
                               name=f"documents{name}", url_prefix=prefix or None)
    if runtime.photo_links is not None:
        app.register_blueprint(photos_blueprint(runtime.photo_links, runtime.attachments, runtime.snapshots),
                               name=f"photos{name}", url_prefix=prefix or None)
    if runtime.evidence_links is not None:
        app.register_blueprint(evidence_blueprint(runtime.evidence_links, runtime.attachments),
                               name=f"evidence{name}", url_prefix=prefix or None)


def _add_health_and_errors(app: Flask) -> None:
    @app.get("/healthz")
    def healthz() -> tuple[Any, int]:
        runtimes: dict[str, Runtime] = app.extensions["ita_offices"]
        offices = {office: _health(runtime) for office, runtime in runtimes.items()}
        if "ita" in app.extensions:
            return jsonify(offices[SINGLE]), 200 if _healthy(offices[SINGLE]) else 503
        body = {"offices": offices, "disabled": app.extensions.get("ita_disabled", {})}
        return jsonify(body), 200 if any(_healthy(office) for office in offices.values()) else 503

    @app.get("/<office>/transparency")
    @app.get("/<office>/transparency/complaints")
    @app.get("/<office>/transparency/complaints.csv")
    def unknown_office(office: str) -> Response:
        return not_found("ไม่พบสำนักงานที่ระบุ")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return f"{error.code} {error.name}", error.code or 500

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int, dict[str, str]]:
        log.error("unexpected error (%s)", type(error).__name__)
        return render("system_error.txt.j2"), 500, {"Content-Type": "text/plain; charset=utf-8"}


def _health(runtime: Runtime) -> dict[str, Any]:
    if runtime.snapshots.status().age_seconds is None:  # only the first read: probes must not spend quota
        runtime.snapshots.get(wait=REQUEST_WAIT)
    status = runtime.snapshots.status()
    try:
        depth: int | None = runtime.outbox.depth()
        events: int | None = runtime.events.depth
    except Exception as error:  # Redis unreachable: the instance cannot take complaints
        log.error("state store unreachable (%s)", type(error).__name__)
        depth = events = None
    return {"snapshot_age_seconds": status.age_seconds, "snapshot_error": status.last_error is not None,
            "state_error": depth is None, "outbox_depth": depth, "event_queue_depth": events,
            "events_in_progress": events}


def _healthy(office: dict[str, Any]) -> bool:
    return office["snapshot_age_seconds"] is not None and not office["state_error"]


def create_demo_app(config: Config, base_url: str, secrets: tuple[str, str, str]) -> tuple[Flask, LineApiFake]:
    """The app of ``ita-bot demo``: LINE API calls go to the fake and the simulator on the same server."""
    channel_secret, access_token, secret_key = secrets
    config = replace(config, line_channel_secret=channel_secret, line_access_token=access_token,
                     line_api_host=base_url + FAKE_PREFIX, secret_key=secret_key,
                     public_url=config.public_url or base_url)  # the simulator opens the documents' links
    fake = LineApiFake(access_token, datetime.now)
    app = create_app(config, scheduler=False)
    app.register_blueprint(line_fake_blueprint(fake), url_prefix=FAKE_PREFIX)
    app.register_blueprint(simulator_blueprint(fake, channel_secret))
    return app, fake


def runtime_of(app: Flask, office: str | None = None) -> Runtime:
    """The runtime of the single office, or of ``office`` in a many-office deployment."""
    runtime: Runtime = app.extensions["ita_offices"][office] if office else app.extensions["ita"]
    return runtime


def stop_all(app: Flask) -> None:
    for runtime in app.extensions["ita_offices"].values():
        runtime.stop()
