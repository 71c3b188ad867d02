"""Configuration from the environment (DESIGN §8), checked once, with Thai messages for admins."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    """A setting is missing or wrong; the message says which and how to fix it (Thai)."""


@dataclass(frozen=True)
class Config:
    store: str = "local"
    workbook_path: Path = Path("var/ita.xlsx")
    spreadsheet_id: str | None = None
    google_credentials: str | None = None
    sheets_api_url: str | None = None
    data_dir: Path = Path("var")
    cache_ttl: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        store = env.get("ITA_STORE", "local").strip().lower()
        if store not in ("local", "google"):
            raise ConfigError(f"ITA_STORE ต้องเป็น local หรือ google (ตอนนี้เป็น '{store}')")
        data_dir = Path(env.get("ITA_DATA_DIR", "var"))
        try:
            ttl = float(env.get("ITA_CACHE_TTL", "30"))
        except ValueError:
            raise ConfigError("ITA_CACHE_TTL ต้องเป็นจำนวนวินาที เช่น 30") from None
        config = cls(store=store, workbook_path=Path(env.get("ITA_WORKBOOK", str(data_dir / "ita.xlsx"))),
                     spreadsheet_id=env.get("GOOGLE_SPREADSHEET_ID") or None,
                     google_credentials=env.get("GOOGLE_APPLICATION_CREDENTIALS") or None,
                     sheets_api_url=env.get("ITA_SHEETS_API_URL") or None,
                     data_dir=data_dir, cache_ttl=ttl)
        if store == "google" and not (config.spreadsheet_id and config.google_credentials):
            raise ConfigError("ITA_STORE=google ต้องตั้ง GOOGLE_SPREADSHEET_ID และ GOOGLE_APPLICATION_CREDENTIALS")
        return config

    @property
    def outbox_path(self) -> Path:
        return self.data_dir / "outbox.sqlite3"
