"""One office's running parts: snapshot cache, stores, event workers, messenger, flusher, jobs."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from bot.chat_links import ChatLinks
from bot.dispatch import Dispatcher, pseudonymizer
from bot.event_pool import OfficeEvents
from bot.intake import Intake, line_clock
from bot.jobs import JobRunner
from bot.link_check import OitLinkCheck, checker, settings_of
from bot.messenger import LineMessenger, Messenger
from bot.officer_notices import OfficerNotices
from bot.photo_decoding import PhotoDecoder
from bot.photo_retention import sweep_attachments
from bot.richmenu import StaffMenuLinker, line_apis
from bot.workers import Timing, Workers, start_workers
from common.clock import office_clock
from common.config import LINE_API, Config
from handlers.casework.cases import conflict_pusher
from handlers.casework.photos import CasePhotos, PhotoLinks
from handlers.casework.updates import assignment_pusher
from handlers.complaints.desk import ComplaintDesk, closed_case_retention
from handlers.complaints.sync import expired_cases, sync_updates
from handlers.documents.links import DocumentLinks
from handlers.measures.evidence_links import EvidenceLinks
from handlers.measures.units import conflict_router
from handlers.staff.approvals import MenuLinker, approval_pusher, decision_conflicts
from handlers.staff.assistant import Assistant
from sheets.backend import WorkbookBackend
from sheets.factory import account_budget, open_backend, shared_snapshot
from sheets.flusher import Flusher
from sheets.snapshot import SnapshotCache
from state.attachments import AttachmentStore
from state.complaint_ledger import LedgerStore
from state.outbox import OutboxStore, OutboxWriter
from state.photo_drafts import DraftPhotos
from state.row_changes import RowChange, RowChangeWriter
from state.store import StateStore
from state.stores import Stores, open_stores


@dataclass
class Runtime:
    """What runs beside the web requests; ``stop()`` ends the threads (tests, shutdown)."""

    office: str
    config: Config
    snapshots: SnapshotCache
    stores: Stores
    desk: ComplaintDesk
    attachments: AttachmentStore
    events: OfficeEvents
    intake: Intake
    messenger: Messenger
    jobs: JobRunner
    clock: Callable[[], datetime]
    notices: OfficerNotices
    drafts: DraftPhotos
    """Photos of open LINE complaint drafts, per sender."""
    workers: Workers
    owns_workers: bool
    """True when these threads are this office's alone (one office, the CLI): ``stop`` ends them too."""
    stop_hooks: list[Callable[[], None]] = field(default_factory=list)
    """What else forgets this office when it stops (the sheet watch)."""
    warmed: threading.Event = field(default_factory=threading.Event)
    """Set once the first read of the sheet (``warm``) succeeded or failed."""
    documents: DocumentLinks | None = None
    """Signs the download links of `รายงาน`; None while ITA_PUBLIC_URL is unset."""
    photo_links: PhotoLinks | None = None
    """Signs the 15-minute links to a case's photos; None while ITA_PUBLIC_URL is unset."""
    evidence_links: EvidenceLinks | None = None
    """Signs the 15-minute links to a measure's evidence photos; None while ITA_PUBLIC_URL is unset."""
    row_changes: RowChangeWriter | None = None
    """Where the web pages queue changes of existing rows (a complainant's rating on /status)."""

    @property
    def photo_decoder(self) -> PhotoDecoder:
        """Decodes the web form's photos one at a time, within budgets (one for every office of the process)."""
        return self.workers.photos

    @property
    def outbox(self) -> OutboxStore:
        return self.stores.outbox

    @property
    def state(self) -> StateStore:
        return self.stores.state

    @property
    def ledger(self) -> LedgerStore:
        return self.stores.ledger

    def warm(self) -> None:
        """Read the sheet once in the background, so that the first person does not wait for it."""
        self.workers.chores.once(self.office, "first-read", self._first_read)

    def _first_read(self) -> None:
        try:
            self.snapshots.get()
        finally:
            self.warmed.set()

    def stop(self, *, replaced: bool = False) -> None:
        """End this office's work; ``replaced``: a new runtime of the same office has taken its shared work over."""
        for hook in self.stop_hooks:
            hook()
        if not replaced:
            self.workers.remove_office(self.office)
        if self.owns_workers:
            self.workers.stop()
        self.stores.close()


def build_runtime(config: Config, office: str, timing: Timing, *, store: WorkbookBackend | None = None,
                  messenger: Messenger | None = None, clock: Callable[[], datetime] | None = None,
                  workers: Workers | None = None) -> Runtime:
    """One office's runtime; its background work joins ``workers`` (shared by the offices), or threads of its own."""
    owns_workers = workers is None
    workers = workers or start_workers(timing)
    clock = office_clock(config.zone, clock) if clock else office_clock(config.zone)  # ITA_TIMEZONE, not the host's
    budget = account_budget(config) if store is None else None
    backend = store or open_backend(config, budget)
    snapshots = SnapshotCache(backend, clock, config.cache_ttl, shared=shared_snapshot(config, office))
    stores = open_stores(config.state_url, config.data_dir, config.secret_key, config.state_key or office)
    pseudonym = pseudonymizer(config.secret_key.encode())
    injected = messenger is not None
    messenger = messenger or LineMessenger(config.line_access_token, config.line_api_host, clock)
    wake_flusher = partial(workers.writes.wake, office, "flush")
    writer = OutboxWriter(stores.outbox, clock, on_put=wake_flusher)
    attachments = AttachmentStore(config.data_dir / "attachments", config.attachment_budget_mb * 1024 * 1024,
                                  clock=clock)
    drafts = DraftPhotos(attachments, clock)
    desk = ComplaintDesk(stores.ledger, writer, clock, hourly_cap=config.complaint_hourly_cap,
                         receipt_key=hashlib.sha256(b"receipt-of-event|" + config.secret_key.encode()).digest(),
                         photos=attachments)
    # an injected messenger with LINE's own host is a test's: it never reaches LINE, nor do the chat links
    chat_url = ChatLinks(config.line_access_token, config.line_api_host, clock).url \
        if not injected or config.line_api_host != LINE_API else None
    links = document_links(config, office, clock)
    photo_links = signed_photo_links(config, office, clock)
    evidence_links = signed_evidence_links(config, office, clock)
    link_settings = settings_of(config)
    assistant = Assistant(stores.state, pseudonym, clock, writer=writer, desk=desk, links=links,
                          row_changes=RowChangeWriter(stores.outbox, clock, on_put=wake_flusher),
                          photos=CasePhotos(attachments, photo_links), link_check=OitLinkCheck(link_settings),
                          evidence=evidence_links, web_form_url=web_form_url(config, office),
                          chat_url=chat_url)
    dispatcher = Dispatcher(assistant, snapshots, messenger, stores.state, clock, pseudonym, attachments,
                            zone=config.zone, drafts=drafts)
    events = workers.events.add_office(office, stores.inbox, dispatcher, give_up=dispatcher.give_up,
                                       after_done=dispatcher.forget)
    intake = Intake(stores.inbox, pseudonym, events.notify, limit=timing.event_capacity,
                    now_ms=line_clock(clock, config.zone))
    jobs = JobRunner(snapshots, messenger, stores.state, writer, clock, lambda: 0, documents=links,
                     row_changes=RowChangeWriter(stores.outbox, clock, on_put=wake_flusher),
                     checker=checker(link_settings))
    notices = OfficerNotices(messenger, clock, chat_url=chat_url)
    runtime = Runtime(office, config, snapshots, stores, desk, attachments, events, intake, messenger, jobs, clock,
                      notices, drafts, workers, owns_workers, documents=links, photo_links=photo_links,
                      evidence_links=evidence_links,
                      row_changes=RowChangeWriter(stores.outbox, clock, on_put=wake_flusher))
    jobs.sync = lambda: complaint_sync(runtime)
    flusher = sheet_flusher(stores.outbox, backend, clock, snapshots, messenger,
                            StaffMenuLinker(lambda: line_apis(config)[0]))
    flusher.budget = budget
    schedule_background(runtime, timing, flusher)
    return runtime


def schedule_background(runtime: Runtime, timing: Timing, flusher: Flusher) -> None:
    """The office's periodic work on the shared timers, and its jobs on the shared scheduler."""
    workers, office = runtime.workers, runtime.office
    if timing.flush_interval:
        workers.writes.every(office, "flush", lambda: flush_busy(flusher), timing.flush_interval,
                             idle=max(timing.flush_idle, timing.flush_interval))
        workers.chores.every(office, "officer-notices", runtime.notices.flush, 60.0)
    if timing.sync_interval:
        workers.chores.every(office, "complaint-sync", lambda: complaint_sync(runtime), timing.sync_interval)
    if workers.scheduler is not None:
        workers.scheduler.add_office(office, runtime.jobs, runtime.config.zone)


def flush_busy(flusher: Flusher) -> bool:
    """One flush; True while records wait (flushed again after the interval, not after the idle pause)."""
    report = flusher.flush_once()
    return bool(report.written or report.already_there or report.failed) or flusher.outbox.depth() > 0


def sheet_flusher(outbox: OutboxStore, backend: WorkbookBackend, clock: Callable[[], datetime],
                  snapshots: SnapshotCache, messenger: Messenger, link_menu: MenuLinker | None = None) -> Flusher:
    """The outbox flusher: a written row change expires the snapshot; a conflict is pushed to who asked, an
    assignment to the assignee, an approval to the person approved (and their rich menu linked)."""
    return Flusher(outbox, backend, clock, after_write=snapshots.expire, on_conflict=decision_conflicts(
        messenger.push, conflict_router(messenger.push, conflict_pusher(messenger.push))),
                   on_applied=both(assignment_pusher(messenger.push), approval_pusher(messenger.push, link_menu)))


def both(*told: Callable[[RowChange], None]) -> Callable[[RowChange], None]:
    """One ``on_applied`` that tells each of ``told`` in turn."""

    def tell(change: RowChange) -> None:
        for one in told:
            one(change)

    return tell


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
    what changed, so LINE delivers it once (a repeat gets 409). Photos nothing needs any more go first
    (bot.photo_retention), then the state kept only for a while (``Stores.sweep``).
    """
    sweep_attachments(runtime.attachments, runtime.drafts, runtime.snapshots.get, runtime.clock)
    runtime.stores.sweep(runtime.clock(), line_clock(runtime.clock, runtime.config.zone)() / 1000)
    if not runtime.ledger.subscribers() and not runtime.attachments.any():  # an idle office costs no Sheets read
        return 0
    snapshot = runtime.snapshots.get()
    if snapshot is None:
        return 0
    retention = closed_case_retention(snapshot.settings)
    photos = CasePhotos(runtime.attachments)
    for case in expired_cases(snapshot, runtime.clock().date(), retention, runtime.attachments.linked_cases()):
        for reference in photos.of(case.case_no, case):
            runtime.attachments.remove(reference)
        runtime.attachments.forget(case.case_no)
    return sync_updates(snapshot, runtime.ledger, runtime.messenger.push, runtime.clock(), retention)
