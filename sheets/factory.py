"""Build the configured workbook backend."""

from __future__ import annotations

from common.config import Config
from sheets.backend import WorkbookBackend
from sheets.google import GoogleWorkbook
from sheets.local import LocalWorkbook


def open_backend(config: Config) -> WorkbookBackend:
    if config.store == "google":
        assert config.spreadsheet_id and config.google_credentials
        return GoogleWorkbook(config.spreadsheet_id, config.google_credentials, api_url=config.sheets_api_url,
                              timeout=config.sheets_timeout)
    return LocalWorkbook(config.workbook_path)
