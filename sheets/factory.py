"""Build the configured workbook backend, each service account's budget and each office's shared snapshot."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from common.config import Config, is_redis
from sheets.backend import WorkbookBackend
from sheets.budget import SheetsBudget, account_of
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook
from state.rate_window import LocalWindow
from state.shared_snapshot import LocalSnapshot, SharedSnapshot

_budgets: dict[str, SheetsBudget] = {}
_budgets_lock = threading.Lock()


def open_backend(config: Config, budget: SheetsBudget | None = None) -> WorkbookBackend:
    if config.store == "google":
        assert config.spreadsheet_id and config.google_credentials
        return GoogleWorkbook(config.spreadsheet_id, config.google_credentials, api_url=config.sheets_api_url,
                              timeout=config.sheets_timeout, budget=budget)
    return LocalWorkbook(config.workbook_path)


def account_budget(config: Config, clock: Callable[[], datetime] = datetime.now) -> SheetsBudget | None:
    """The budget of the office's service account, one per account in this process (and in Redis, for all)."""
    if config.store != "google" or not config.google_credentials:
        return None
    account = account_of(config.google_credentials)
    key = f"{config.state_url if is_redis(config.state_url) else ''}|{account}"
    with _budgets_lock:
        if key not in _budgets:
            _budgets[key] = _new_budget(config, account, clock)
        return _budgets[key]


def _new_budget(config: Config, account: str, clock: Callable[[], datetime]) -> SheetsBudget:
    reads, writes = config.sheets_reads_per_minute, config.sheets_writes_per_minute
    if not is_redis(config.state_url):
        return SheetsBudget(LocalWindow(reads), LocalWindow(writes), clock)
    from state.rate_window import RedisWindow
    from state.stores import shared_client

    client = shared_client(config.state_url)
    prefix = f"ita:{{budget:{account}}}:"
    return SheetsBudget(RedisWindow(client, prefix + "read", reads), RedisWindow(client, prefix + "write", writes),
                        clock)


def shared_snapshot(config: Config, office: str) -> SharedSnapshot:
    """With Redis and a Google Sheet, one read serves every instance; otherwise this process keeps its own."""
    if config.store != "google" or not is_redis(config.state_url):
        return LocalSnapshot()
    from state.redis_store import key_prefix
    from state.shared_snapshot import RedisSnapshot
    from state.stores import shared_client

    return RedisSnapshot(shared_client(config.state_url), key_prefix(office))
