"""Wires the parts together: create_app(config=None, *, store=None, messenger=None, clock=None)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, jsonify
from linebot.v3 import WebhookParser
from linebot.v3.webhooks import Event
from werkzeug.exceptions import HTTPException

from ita_bot.bot.dispatch import Dispatcher, pseudonymizer
from ita_bot.bot.jobs import JobRunner, Scheduler
from ita_bot.bot.jobs_http import jobs_blueprint
from ita_bot.bot.line_fake import LineApiFake, line_fake_blueprint
from ita_bot.bot.messenger import LineMessenger, Messenger
from ita_bot.bot.simulator import simulator_blueprint
from ita_bot.bot.webform import webform_blueprint
from ita_bot.bot.webhook import webhook_blueprint
from ita_bot.bot.worker import BoundedWorker, Periodic
from ita_bot.config import Config
from ita_bot.handlers.assistant import Assistant
from ita_bot.handlers.complaint_desk import ComplaintDesk, setting_days
from ita_bot.handlers.complaint_sync import sync_updates
from ita_bot.sheets.attachments import AttachmentStore
from ita_bot.sheets.backend import WorkbookBackend
from ita_bot.sheets.complaint_ledger import ComplaintLedger
from ita_bot.sheets.factory import open_backend
from ita_bot.sheets.flusher import Flusher
from ita_bot.sheets.outbox import Outbox, OutboxWriter
from ita_bot.sheets.snapshot import SnapshotCache
from ita_bot.sheets.state import SqliteStateStore

log = logging.getLogger(__name__)
MAX_FORM_BODY = 16 * 1024 * 1024
FAKE_PREFIX = "/line-fake"


@dataclass
class Runtime:
    """What runs beside the web requests; ``stop()`` ends the threads (tests, shutdown)."""

    snapshots: SnapshotCache
    outbox: Outbox
    state: SqliteStateStore
    ledger: ComplaintLedger
    desk: ComplaintDesk
    events: BoundedWorker[Event]
    messenger: Messenger
    jobs: JobRunner | None = None
    background: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        self.events.stop()
        for task in self.background:
            task.stop()
        self.outbox.close()
        self.state.close()
        self.ledger.close()


def create_app(config: Config | None = None, *, store: WorkbookBackend | None = None,
               messenger: Messenger | None = None, clock: Callable[[], datetime] | None = None,
               flush_interval: float | None = 2.0, sync_interval: float | None = 60.0, event_threads: int = 4,
               event_capacity: int = 1000, scheduler: bool | None = None) -> Flask:
    config = config or Config.from_env()
    clock = clock or datetime.now
    backend = store or open_backend(config)
    snapshots = SnapshotCache(backend, clock, config.cache_ttl)
    outbox = Outbox(config.outbox_path)
    state = SqliteStateStore(config.state_path)
    pseudonym = pseudonymizer(config.secret_key.encode())
    messenger = messenger or LineMessenger(config.line_access_token, config.line_api_host, clock)
    writer = OutboxWriter(outbox, clock)
    ledger = ComplaintLedger(config.data_dir / "complaints.sqlite3", config.secret_key)
    desk = ComplaintDesk(ledger, writer, clock, hourly_cap=config.complaint_hourly_cap)
    assistant = Assistant(state, pseudonym, clock, writer=writer, desk=desk)
    attachments = AttachmentStore(config.data_dir / "attachments")
    dispatcher = Dispatcher(assistant, snapshots, messenger, state, clock, pseudonym, attachments)
    events: BoundedWorker[Event] = BoundedWorker(dispatcher, threads=event_threads, capacity=event_capacity,
                                                 name="events")
    runtime = Runtime(snapshots, outbox, state, ledger, desk, events, messenger)
    if flush_interval:
        flusher = Flusher(outbox, backend, clock)
        runtime.background.append(Periodic(flusher.flush_once, flush_interval, "outbox-flusher"))
    if sync_interval:
        runtime.background.append(Periodic(lambda: complaint_sync(runtime, clock), sync_interval, "complaint-sync"))
    runtime.jobs = JobRunner(snapshots, messenger, state, writer, clock, lambda: complaint_sync(runtime, clock))
    if config.scheduler if scheduler is None else scheduler:
        runtime.background.append(Scheduler(runtime.jobs))

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BODY
    app.secret_key = config.secret_key
    app.extensions["ita"] = runtime
    app.register_blueprint(webhook_blueprint(WebhookParser(config.line_channel_secret), events))
    app.register_blueprint(webform_blueprint(desk, snapshots, attachments, messenger, clock))
    app.register_blueprint(jobs_blueprint(runtime.jobs, config.jobs_token))

    @app.get("/healthz")
    def healthz() -> tuple[Any, int]:
        snapshots.get()
        status = snapshots.status()
        body = {"snapshot_age_seconds": status.age_seconds, "snapshot_error": status.last_error is not None,
                "outbox_depth": outbox.depth(), "event_queue_depth": events.depth}
        return jsonify(body), 200 if status.age_seconds is not None else 503

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return f"{error.code} {error.name}", error.code or 500

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        log.error("unexpected error (%s)", type(error).__name__)
        return "500 Internal Server Error", 500

    return app


def create_demo_app(config: Config, base_url: str, secrets: tuple[str, str, str]) -> tuple[Flask, LineApiFake]:
    """The app of ``ita-bot demo``: LINE API calls go to the fake and the simulator on the same server."""
    channel_secret, access_token, secret_key = secrets
    config = replace(config, line_channel_secret=channel_secret, line_access_token=access_token,
                     line_api_host=base_url + FAKE_PREFIX, secret_key=secret_key)
    fake = LineApiFake(access_token, datetime.now)
    app = create_app(config, scheduler=False)
    app.register_blueprint(line_fake_blueprint(fake), url_prefix=FAKE_PREFIX)
    app.register_blueprint(simulator_blueprint(fake, channel_secret))
    return app, fake


def complaint_sync(runtime: Runtime, clock: Callable[[], datetime]) -> int:
    """One pass of the complaint-sync job: push status changes to opted-in complainants."""
    snapshot = runtime.snapshots.get()
    if snapshot is None:
        return 0
    retention = setting_days(snapshot.settings, "complaint_retention_days", 30)
    return sync_updates(snapshot, runtime.ledger, runtime.messenger.push, clock(), timedelta(days=retention))


def runtime_of(app: Flask) -> Runtime:
    runtime: Runtime = app.extensions["ita"]
    return runtime
