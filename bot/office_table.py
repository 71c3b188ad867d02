"""The offices one process serves, looked up per request, and the reconciler that follows the office registry.

Each office has its runtime and a small WSGI app with its routes (``/callback/<office>``, ``/<office>/…``);
``OfficeDispatch`` sends a request to the app of the office its path names, or to the deployment's own app
(``/healthz``, an unknown office's 404). The reconciler reads the registry every few seconds: an added
office is built and served, a removed one is taken out of the table and stopped, a rotated one is rebuilt
with its new secrets and swapped in; the other offices are not touched.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from bot.runtime import Runtime
from common.config import Config
from common.offices import Office, registered_office
from state.office_registry import OfficeRegistry

log = logging.getLogger(__name__)
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
Builder = Callable[[Office], tuple[Runtime, WsgiApp]]
STARTING = "ระบบกำลังเริ่มทำงาน โปรดลองอีกครั้งในไม่กี่วินาที"
IN_FILE = "รหัสนี้มีอยู่แล้วใน ITA_OFFICES: ลบออกจากไฟล์หรือจากทะเบียน (ita-bot office remove) อย่างใดอย่างหนึ่ง"


class OfficeTable:
    """office id → (runtime, app, registry version); ``runtimes`` is the live view /healthz and tests read."""

    def __init__(self) -> None:
        self.runtimes: dict[str, Runtime] = {}
        self._apps: dict[str, WsgiApp] = {}
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()
        self.starting: set[str] = set()
        """Offices known but not built yet (a start in the background): their requests get a 503 meanwhile."""

    def put(self, office_id: str, runtime: Runtime, app: WsgiApp, version: int = 0) -> Runtime | None:
        """Serve ``office_id`` with this runtime; the one it replaces (to stop) or None."""
        with self._lock:
            old = self.runtimes.get(office_id)
            self._apps[office_id], self.runtimes[office_id], self._versions[office_id] = app, runtime, version
        return old

    def pop(self, office_id: str) -> Runtime | None:
        with self._lock:
            self._apps.pop(office_id, None)
            self._versions.pop(office_id, None)
            return self.runtimes.pop(office_id, None)

    def app_for(self, office_id: str) -> WsgiApp | None:
        return self._apps.get(office_id)

    def version(self, office_id: str) -> int | None:
        return self._versions.get(office_id)


def office_in(path: str) -> str | None:
    """The office a path names: /callback/<office>, or /<office>/… ."""
    parts = path.split("/", 3)
    if len(parts) < 3:
        return None
    return parts[2] if parts[1] == "callback" else parts[1]


class OfficeDispatch:
    """WSGI: a request for a served office goes to that office's app, everything else to ``base``."""

    def __init__(self, base: WsgiApp, table: OfficeTable) -> None:
        self.base, self.table = base, table

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        office = office_in(environ.get("PATH_INFO", ""))
        app = self.table.app_for(office) if office else None
        if app is None and office in self.table.starting:
            return starting(start_response)
        return (app or self.base)(environ, start_response)


def starting(start_response: Callable[..., Any]) -> Iterable[bytes]:
    """503 while the office is being built at start-up: LINE and browsers try again (nothing was taken in)."""
    body = STARTING.encode()
    start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8"),
                                               ("Content-Length", str(len(body))), ("Retry-After", "5")])
    return [body]


class Reconciler:
    """Brings the table in line with the registry; offices of ITA_OFFICES (``fixed``) are left alone."""

    def __init__(self, registry: OfficeRegistry, table: OfficeTable, build: Builder, base: Config,
                 fixed: set[str]) -> None:
        self.registry, self.table, self.build, self.base, self.fixed = registry, table, build, base, fixed
        self.problems: dict[str, str] = {}
        self._served: set[str] = set()
        self._lock = threading.Lock()

    def reconcile(self) -> None:
        with self._lock:
            try:
                records = {record.id: record for record in self.registry.all()}
            except Exception as error:  # the store is unreachable: keep serving what we serve
                log.error("office registry unreadable (%s)", type(error).__name__)
                return
            for office_id in sorted(self._served - set(records)):
                self._stop(office_id)
                log.info("office %s removed: no longer served", office_id)
            self.problems = {key: value for key, value in self.problems.items() if key in records}
            for record in records.values():
                if record.id in self.fixed:
                    self.problems[record.id] = IN_FILE
                elif self.table.version(record.id) != record.version:
                    self._start(registered_office(record, self.base), record.version)

    def registered_ids(self) -> list[str]:
        """The registry's offices not in ITA_OFFICES (none when it cannot be read)."""
        try:
            return [record.id for record in self.registry.all() if record.id not in self.fixed]
        except Exception as error:
            log.error("office registry unreadable (%s)", type(error).__name__)
            return []

    def _start(self, office: Office, version: int) -> None:
        if office.problem:
            self.problems[office.id] = office.problem
            self._stop(office.id)
            return
        try:
            runtime, app = self.build(office)
        except Exception as error:
            log.error("office %s could not start (%s)", office.id, type(error).__name__)
            self.problems[office.id] = f"เปิดสำนักงานไม่สำเร็จ ({type(error).__name__})"
            return
        old = self.table.put(office.id, runtime, app, version)
        self._served.add(office.id)
        self.problems.pop(office.id, None)
        log.info("office %s served (version %d)", office.id, version)
        if old is not None:
            old.stop(replaced=True)

    def _stop(self, office_id: str) -> None:
        self._served.discard(office_id)
        runtime = self.table.pop(office_id)
        if runtime is not None:
            runtime.stop()
