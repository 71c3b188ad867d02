"""Wires the parts together: create_app(config=None, *, store=None, messenger=None, clock=None).

One office by default (``/callback``); with ITA_OFFICES or ITA_MANY_OFFICES each office gets
``/callback/<office>``, ``/<office>/complaint``, ``/<office>/status`` and ``/<office>/jobs/<name>``, with its
own runtime, looked up per request (``bot.office_table``): offices added with ``ita-bot office add`` are served
within seconds, removed ones stop, without a restart.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from flask import Flask, Response, jsonify
from linebot.v3 import WebhookParser
from werkzeug.exceptions import HTTPException

from bot.documents_http import documents_blueprint
from bot.evidence_http import evidence_blueprint
from bot.health import FRESH_UP_TO, HealthFigures, healthy
from bot.jobs_http import jobs_blueprint
from bot.messenger import Messenger
from bot.office_table import OfficeDispatch, OfficeTable, Reconciler, WsgiApp
from bot.photos_http import photos_blueprint
from bot.public_pages import http_error_page, public_blueprint
from bot.runtime import Runtime, build_runtime, complaint_sync
from bot.sheet_changes import watch_office, watch_sheets
from bot.status_actions import status_actions_blueprint
from bot.transparency_http import not_found, transparency_blueprint
from bot.web_client import harden
from bot.webform import REQUEST_WAIT, webform_blueprint
from bot.webhook import webhook_blueprint
from bot.workers import Timing, Workers, start_workers
from common.config import Config
from common.offices import Office, load_offices
from demo import office_site
from demo.line_fake import LineApiFake
from demo.line_fake_http import line_fake_blueprint
from demo.simulator import simulator_blueprint
from demo.simulator_media import deploy_demo_menus
from documents.photos import photo_folder
from sheets.backend import WorkbookBackend
from state.office_registry import open_registry
from state.row_changes import RowChangeWriter
from templates import render

log = logging.getLogger(__name__)
MAX_FORM_BODY = 16 * 1024 * 1024
FAKE_PREFIX = "/line-fake"
SINGLE = "default"
HEALTH_WAIT = 0.5
"""Seconds /healthz waits, at most, for first reads under way before it reports (it never reads itself)."""

__all__ = ["Runtime", "complaint_sync", "create_app", "create_demo_app", "runtime_of"]


def create_app(config: Config | None = None, *, store: WorkbookBackend | None = None,
               messenger: Messenger | None = None, clock: Callable[[], datetime] | None = None,
               flush_interval: float | None = 2.0, sync_interval: float | None = 60.0, event_threads: int = 4,
               event_capacity: int = 10_000, scheduler: bool | None = None, inbox_lease: float = 30.0,
               registry_interval: float | None = 10.0, background: bool = False) -> Flask:
    """``registry_interval``: seconds between reads of the office registry (None: tests call ``reconcile``);
    ``background``: build many offices in a thread while the server answers (``ita-bot serve``)."""
    config = config or Config.from_env()
    timing = Timing(flush_interval, sync_interval, event_threads, event_capacity,
                    config.scheduler if scheduler is None else scheduler, inbox_lease)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BODY
    app.secret_key = config.secret_key
    table = OfficeTable()
    if not config.many_offices:
        runtime = table.runtimes[SINGLE] = build_runtime(config, SINGLE, timing, store=store, messenger=messenger,
                                                         clock=clock)
        _mount(app, runtime, name="", prefix="")
        watch = watch_sheets(app, config, clock or datetime.now, single=SINGLE,
                             timers=runtime.workers.chores if timing.flush_interval else None)
        watch_office(watch, runtime, config, clock or datetime.now)
        runtime.warm()
        app.extensions["ita"] = runtime
        _add_errors(app, runtime, "")
    else:
        workers = app.extensions["ita_workers"] = start_workers(timing, many=True)
        _serve_offices(app, config, table, timing, clock, registry_interval, workers, background)
        app.add_url_rule("/transparency", "transparency_without_office",
                         lambda: not_found("ระบุสำนักงานในลิงก์ เช่น /<รหัสสำนักงาน>/transparency"))
    app.extensions["ita_offices"] = table.runtimes
    harden(app, behind_proxy=config.behind_proxy)  # after the office dispatch: every office sees the forwarded address
    _add_health(app)
    if config.many_offices:
        _add_errors(app, None, "")
    _freeze_long_lived_objects()
    return app


def _freeze_long_lived_objects() -> None:
    """Keep what start-up built (the Thai dictionary's trie, templates, cards) out of the garbage collector.

    A full collection walked those objects once, about 10 s into a run, and held every thread ~0.4 s:
    the webhook's p99 at 100 events/s went from ~10 ms to ~300 ms (bench.inbox_bench).
    """
    gc.collect()
    gc.freeze()


def _serve_offices(app: Flask, config: Config, table: OfficeTable, timing: Timing,
                   clock: Callable[[], datetime] | None, registry_interval: float | None, workers: Workers,
                   background: bool) -> None:
    """The offices of ITA_OFFICES and of the registry, and the registry's changes from then on.

    ``background`` (``ita-bot serve``): the offices are built in a thread while the server already answers,
    /healthz at once and a known office's requests with a 503 until it is built (LINE redelivers)."""
    now = clock or datetime.now
    watch = watch_sheets(app, config, now, single=None, timers=workers.chores if timing.flush_interval else None)

    def build(office: Office) -> tuple[Runtime, WsgiApp]:
        runtime = build_runtime(office.config, office.id, timing, clock=clock, workers=workers)
        watch_office(watch, runtime, config, now)
        runtime.warm()
        return runtime, _office_app(runtime)

    in_file = load_offices(config.offices_file, config, os.environ) if config.offices_file else []
    disabled = {office.id: office.problem for office in in_file if office.problem}
    for office_id, problem in disabled.items():
        log.error("office %s is off: %s", office_id, problem)
    ready = [office for office in in_file if not office.problem]
    reconciler = Reconciler(open_registry(config.state_url, config.data_dir, config.secret_key), table, build,
                            config, {office.id for office in in_file})
    app.extensions.update(ita_disabled=disabled, ita_reconciler=reconciler, ita_table=table)
    app.wsgi_app = OfficeDispatch(app.wsgi_app, table)  # type: ignore[method-assign]

    def start() -> None:
        for office in ready:
            try:
                table.put(office.id, *build(office))
            except Exception as error:
                if not background:
                    raise
                log.error("office %s could not start (%s)", office.id, type(error).__name__)
                problem = f"เปิดสำนักงานไม่สำเร็จ ({type(error).__name__})"  # a new dict: /healthz may be reading it
                app.extensions["ita_disabled"] = {**app.extensions["ita_disabled"], office.id: problem}
            finally:
                table.starting.discard(office.id)
        reconciler.reconcile()
        table.starting.clear()
        if registry_interval:
            workers.chores.every("", "office-registry", reconciler.reconcile, registry_interval)

    if not background:
        start()
        return
    table.starting.update([office.id for office in ready] + reconciler.registered_ids())
    threading.Thread(target=start, name="offices-start", daemon=True).start()


def _office_app(runtime: Runtime) -> Flask:
    """One office's routes, in an app of its own (``OfficeDispatch`` picks it per request)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BODY
    app.secret_key = runtime.config.secret_key
    harden(app, behind_proxy=False)  # the forwarded address is read once, in front of the dispatch
    _mount(app, runtime, name="", prefix=f"/{runtime.office}")
    _add_errors(app, runtime, f"/{runtime.office}")
    return app


def _mount(app: Flask, runtime: Runtime, *, name: str, prefix: str) -> None:
    config = runtime.config
    app.register_blueprint(webhook_blueprint(WebhookParser(config.line_channel_secret), runtime.intake,
                                             f"/callback{prefix}"),
                           name=f"webhook{name}")
    app.register_blueprint(webform_blueprint(runtime.desk, runtime.snapshots, runtime.attachments, runtime.notices,
                                             runtime.clock, prefix, runtime.photo_decoder, runtime.row_changes),
                           name=f"webform{name}", url_prefix=prefix or None)
    changes = RowChangeWriter(runtime.stores.outbox, runtime.clock,
                              on_put=partial(runtime.workers.writes.wake, runtime.office, "flush"))
    app.register_blueprint(status_actions_blueprint(runtime.desk, runtime.snapshots, runtime.attachments,
                                                    runtime.notices, changes, runtime.clock, prefix,
                                                    runtime.photo_decoder),
                           name=f"status_actions{name}", url_prefix=prefix or None)
    app.register_blueprint(jobs_blueprint(runtime.jobs, config.jobs_token), name=f"jobs{name}",
                           url_prefix=prefix or None)
    app.register_blueprint(transparency_blueprint(runtime.snapshots, runtime.clock, prefix),
                           name=f"transparency{name}", url_prefix=prefix or None)
    app.register_blueprint(public_blueprint(partial(runtime.snapshots.get, wait=REQUEST_WAIT), prefix,
                                            google=config.store == "google"),
                           name=f"public{name}", url_prefix=prefix or None)
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


def _add_health(app: Flask) -> None:
    figures = HealthFigures()

    @app.get("/healthz")
    def healthz() -> tuple[Any, int]:
        runtimes: dict[str, Runtime] = dict(app.extensions["ita_offices"])
        table: OfficeTable | None = app.extensions.get("ita_table")
        few = len(runtimes) + len(table.starting if table else ()) <= FRESH_UP_TO  # the offices known, built or not
        deadline = time.monotonic() + HEALTH_WAIT
        for runtime in runtimes.values() if few else ():  # many offices: report at once, never wait on first reads
            runtime.warmed.wait(max(0.0, deadline - time.monotonic()))
        offices = figures.of(runtimes, few=few)
        if "ita" in app.extensions:
            return jsonify(offices[SINGLE]), 200 if healthy(offices[SINGLE]) else 503
        reconciler: Reconciler = app.extensions["ita_reconciler"]
        warming = sum(not runtime.warmed.is_set() for runtime in runtimes.values())
        starting = len(app.extensions["ita_table"].starting)
        body = {"offices": offices, "disabled": {**app.extensions["ita_disabled"], **reconciler.problems},
                "warming": warming, "starting": starting}
        serving = (warming or starting) and any(not office["state_error"] for office in offices.values())
        return jsonify(body), 200 if serving or any(healthy(office) for office in offices.values()) else 503

    @app.get("/<office>/transparency")
    @app.get("/<office>/transparency/complaints")
    @app.get("/<office>/transparency/complaints.csv")
    def unknown_office(office: str) -> Response:
        return not_found("ไม่พบสำนักงานที่ระบุ")


def _add_errors(app: Flask, runtime: Runtime | None, prefix: str) -> None:
    """HTTP errors (an unknown path, a wrong method, a body too large) as the Thai page with links onward."""
    app.register_error_handler(HTTPException, http_error_page(
        None if runtime is None else partial(runtime.snapshots.get, wait=REQUEST_WAIT), prefix))

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int, dict[str, str]]:
        log.error("unexpected error (%s)", type(error).__name__)
        return render("system_error.txt.j2"), 500, {"Content-Type": "text/plain; charset=utf-8"}


def create_demo_app(config: Config, base_url: str, secrets: tuple[str, str, str]) -> tuple[Flask, LineApiFake]:
    """The app of ``ita-bot demo``: LINE API calls go to the fake and the simulator on the same server."""
    channel_secret, access_token, secret_key = secrets
    config = replace(config, line_channel_secret=channel_secret, line_access_token=access_token,
                     line_api_host=base_url + FAKE_PREFIX, secret_key=secret_key,
                     public_url=config.public_url or base_url,  # the simulator opens the documents' links
                     demo_site=config.demo_site or office_site.setting(base_url))  # the OIT links' site, offline
    fake = LineApiFake(access_token, datetime.now)
    app = create_app(config, scheduler=False)
    app.register_blueprint(line_fake_blueprint(fake), url_prefix=FAKE_PREFIX)
    app.register_blueprint(simulator_blueprint(fake, channel_secret,
                                               deploy_menus=lambda: deploy_demo_menus(config, runtime_of(app))))
    app.register_blueprint(office_site.office_site_blueprint(lambda: runtime_of(app).clock().date()))
    return app, fake


def runtime_of(app: Flask, office: str | None = None) -> Runtime:
    """The runtime of the single office, or of ``office`` in a many-office deployment."""
    runtime: Runtime = app.extensions["ita_offices"][office] if office else app.extensions["ita"]
    return runtime


def stop_all(app: Flask) -> None:
    for runtime in list(app.extensions["ita_offices"].values()):
        runtime.stop()
    if "ita_workers" in app.extensions:
        app.extensions["ita_workers"].stop()
