"""One office's running parts: snapshot cache, stores, event workers, messenger, flusher, jobs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.dispatch import Dispatcher, pseudonymizer
from bot.intake import Intake
from bot.jobs import JobRunner, Scheduler
from bot.link_check import CheckSettings, OitLinkCheck, checker
from bot.messenger import LineMessenger, Messenger
from bot.officer_notices import OfficerNotices
from bot.pump import InboxPump
from bot.worker import Periodic
from common.clock import office_clock
from common.config import Config
from handlers.assistant import Assistant
from handlers.case_updates import assignment_pusher
from handlers.casework import conflict_pusher
from handlers.complaint_desk import ComplaintDesk, setting_days
from handlers.complaint_sync import expired_cases, sync_updates
from handlers.documents.links import DocumentLinks
from handlers.evidence_links import EvidenceLinks
from handlers.photos import CasePhotos, PhotoLinks
from handlers.unit_updates import conflict_router
from sheets.backend import WorkbookBackend
from sheets.factory import account_budget, open_backend, shared_snapshot
from sheets.flusher import Flusher
from sheets.snapshot import SnapshotCache
from state.attachments import AttachmentStore
from state.complaint_ledger import LedgerStore
from state.outbox import OutboxStore, OutboxWriter
from state.row_changes import RowChangeWriter
from state.store import StateStore
from state.stores import Stores, open_stores


@dataclass(frozen=True)
class Timing:
    """How often the background work runs; None turns a part off (tests drive it by hand)."""

    flush_interval: float | None = 2.0
    sync_interval: float | None = 60.0
    event_threads: int = 4
    event_capacity: int = 10_000
    """The inbox's bound: events waiting beyond it get a 503 (LINE redelivers them)."""
    scheduler: bool = False
    inbox_lease: float = 30.0
    """Seconds before another worker takes an event whose worker stopped renewing (a crashed instance)."""


@dataclass
class Runtime:
    """What runs beside the web requests; ``stop()`` ends the threads (tests, shutdown)."""

    office: str
    config: Config
    snapshots: SnapshotCache
    stores: Stores
    desk: ComplaintDesk
    attachments: AttachmentStore
    events: InboxPump
    intake: Intake
    messenger: Messenger
    jobs: JobRunner
    clock: Callable[[], datetime]
    notices: OfficerNotices
    background: list[Any] = field(default_factory=list)
    documents: DocumentLinks | None = None
    """Signs the download links of `รายงาน`; None while ITA_PUBLIC_URL is unset."""
    photo_links: PhotoLinks | None = None
    """Signs the 15-minute links to a case's photos; None while ITA_PUBLIC_URL is unset."""
    evidence_links: EvidenceLinks | None = None
    """Signs the 15-minute links to a measure's evidence photos; None while ITA_PUBLIC_URL is unset."""

    @property
    def outbox(self) -> OutboxStore:
        return self.stores.outbox

    @property
    def state(self) -> StateStore:
        return self.stores.state

    @property
    def ledger(self) -> LedgerStore:
        return self.stores.ledger

    def stop(self) -> None:
        self.events.stop()
        for task in self.background:
            task.stop()
        self.stores.close()


def build_runtime(config: Config, office: str, timing: Timing, *, store: WorkbookBackend | None = None,
                  messenger: Messenger | None = None, clock: Callable[[], datetime] | None = None) -> Runtime:
    clock = office_clock(config.zone, clock) if clock else office_clock(config.zone)  # ITA_TIMEZONE, not the host's
    budget = account_budget(config) if store is None else None
    backend = store or open_backend(config, budget)
    snapshots = SnapshotCache(backend, clock, config.cache_ttl, shared=shared_snapshot(config, office))
    stores = open_stores(config.state_url, config.data_dir, config.secret_key, office)
    pseudonym = pseudonymizer(config.secret_key.encode())
    messenger = messenger or LineMessenger(config.line_access_token, config.line_api_host, clock)
    writer = OutboxWriter(stores.outbox, clock)
    attachments = AttachmentStore(config.data_dir / "attachments", config.attachment_budget_mb * 1024 * 1024)
    desk = ComplaintDesk(stores.ledger, writer, clock, hourly_cap=config.complaint_hourly_cap,
                         receipt_key=hashlib.sha256(b"receipt-of-event|" + config.secret_key.encode()).digest(),
                         photos=attachments)
    links = document_links(config, office, clock)
    photo_links = signed_photo_links(config, office, clock)
    evidence_links = signed_evidence_links(config, office, clock)
    link_settings = CheckSettings(allow_private=config.link_check_private)
    assistant = Assistant(stores.state, pseudonym, clock, writer=writer, desk=desk, links=links,
                          row_changes=RowChangeWriter(stores.outbox, clock),
                          photos=CasePhotos(attachments, photo_links), link_check=OitLinkCheck(link_settings),
                          evidence=evidence_links, web_form_url=web_form_url(config, office))
    dispatcher = Dispatcher(assistant, snapshots, messenger, stores.state, clock, pseudonym, attachments,
                            zone=config.zone)
    events = InboxPump(stores.inbox, dispatcher, threads=timing.event_threads, lease=timing.inbox_lease,
                       give_up=dispatcher.give_up, after_done=dispatcher.forget, name=f"events-{office}")
    intake = Intake(stores.inbox, pseudonym, events.notify, limit=timing.event_capacity)
    jobs = JobRunner(snapshots, messenger, stores.state, writer, clock, lambda: 0, documents=links,
                     row_changes=RowChangeWriter(stores.outbox, clock), checker=checker(link_settings))
    notices = OfficerNotices(messenger, clock)
    runtime = Runtime(office, config, snapshots, stores, desk, attachments, events, intake, messenger, jobs, clock,
                      notices, documents=links, photo_links=photo_links, evidence_links=evidence_links)
    jobs.sync = lambda: complaint_sync(runtime)
    if timing.flush_interval:
        flusher = sheet_flusher(stores.outbox, backend, clock, snapshots, messenger)
        flusher.budget = budget
        runtime.background.append(Periodic(flusher.flush_once, timing.flush_interval, f"outbox-flusher-{office}"))
    if timing.flush_interval:
        runtime.background.append(Periodic(notices.flush, 30.0, f"officer-notices-{office}"))
    if timing.sync_interval:
        runtime.background.append(Periodic(lambda: complaint_sync(runtime), timing.sync_interval,
                                           f"complaint-sync-{office}"))
    if timing.scheduler:
        runtime.background.append(Scheduler(jobs, config.zone))
    return runtime


def sheet_flusher(outbox: OutboxStore, backend: WorkbookBackend, clock: Callable[[], datetime],
                  snapshots: SnapshotCache, messenger: Messenger) -> Flusher:
    """The outbox flusher: a written row change expires the snapshot; a conflict is pushed to who asked, an
    assignment to the assignee."""
    return Flusher(outbox, backend, clock, after_write=snapshots.expire, on_conflict=conflict_router(
        messenger.push, conflict_pusher(messenger.push)), on_applied=assignment_pusher(messenger.push))


def web_form_url(config: Config, office: str) -> str:
    """The bot's own complaint form under ITA_PUBLIC_URL (offered when complaint_web_url is blank)."""
    if not config.public_url:
        return ""
    prefix = "" if office == "default" else f"/{office}"
    return f"{config.public_url}{prefix}/complaint"


def document_links(config: Config, office: str, clock: Callable[[], datetime]) -> DocumentLinks | None:
    """Links under ITA_PUBLIC_URL (and the office's prefix when one deployment serves several)."""
    if not config.public_url or not config.secret_key:
        return None
    prefix = "" if office == "default" else f"/{office}"
    return DocumentLinks(config.secret_key, config.public_url + prefix, clock)


def signed_photo_links(config: Config, office: str, clock: Callable[[], datetime]) -> PhotoLinks | None:
    """Photo links under ITA_PUBLIC_URL, like the documents' links."""
    if not config.public_url or not config.secret_key:
        return None
    prefix = "" if office == "default" else f"/{office}"
    return PhotoLinks(config.secret_key, config.public_url + prefix, clock)


def signed_evidence_links(config: Config, office: str, clock: Callable[[], datetime]) -> EvidenceLinks | None:
    """Evidence photo links under ITA_PUBLIC_URL, like the documents' links."""
    if not config.public_url or not config.secret_key:
        return None
    prefix = "" if office == "default" else f"/{office}"
    return EvidenceLinks(config.secret_key, config.public_url + prefix, clock)


def complaint_sync(runtime: Runtime) -> int:
    """One pass of complaint-sync: push status changes to opted-in complainants.

    Instances may run it at the same moment; each update's retry key is derived from the case and
    what changed, so LINE delivers it once (a repeat gets 409).
    """
    if not runtime.ledger.subscribers() and not runtime.attachments.any():  # an idle office costs no Sheets read
        return 0
    snapshot = runtime.snapshots.get()
    if snapshot is None:
        return 0
    retention = timedelta(days=setting_days(snapshot.settings, "complaint_retention_days", 30))
    photos = CasePhotos(runtime.attachments)
    for case in expired_cases(snapshot, runtime.clock().date(), retention):
        for reference in photos.of(case.case_no, case):
            runtime.attachments.remove(reference)
        runtime.attachments.forget(case.case_no)
    return sync_updates(snapshot, runtime.ledger, runtime.messenger.push, runtime.clock(), retention)
