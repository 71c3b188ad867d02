"""Configuration from the environment (DESIGN §8), checked once, with Thai messages for admins."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from common.clock import DEFAULT_TIMEZONE, office_zone

LINE_API = "https://api.line.me"
LINE_DATA_API = "https://api-data.line.me"


class ConfigError(ValueError):
    """A setting is missing or wrong; the message says which and how to fix it (Thai)."""


@dataclass(frozen=True)
class Config:
    store: str = "local"
    workbook_path: Path = Path("var/ita.xlsx")
    spreadsheet_id: str | None = None
    google_credentials: str | None = None
    sheets_api_url: str | None = None
    sheets_timeout: float = 20.0
    data_dir: Path = Path("var")
    cache_ttl: float = 30.0
    sheets_reads_per_minute: int = 50
    sheets_writes_per_minute: int = 50
    """ITA_SHEETS_READS/WRITES_PER_MINUTE: each service account's budget (Google allows 60 of each)."""
    drive_api_url: str | None = None
    drive_poll_seconds: float = 20.0
    """ITA_DRIVE_POLL_SECONDS: how often Drive's changes feed is read per service account; 0 turns it off."""
    line_channel_secret: str = ""
    line_access_token: str = ""
    line_api_host: str = LINE_API
    secret_key: str = ""
    state_url: str = ""
    port: int = 8000
    jobs_token: str = ""
    complaint_hourly_cap: int = 1000
    attachment_budget_mb: int = 2048
    """ITA_ATTACHMENTS_MAX_MB: disk space for complaint photos; the web form refuses photos when it is full."""
    behind_proxy: bool = False
    """ITA_BEHIND_PROXY=1: behind the shipped front server, whose forwarded address and scheme are trusted."""
    scheduler: bool = False
    """In-process scheduler; ``from_env`` turns it on unless ITA_SCHEDULER=off."""
    public_url: str = ""
    """ITA_PUBLIC_URL: the bot's public base URL, for document download links; empty: no links."""
    offices_file: Path | None = None
    """ITA_OFFICES: several offices in one deployment (``common.offices``); None serves one office."""
    office_registry: bool = False
    """ITA_MANY_OFFICES=1: several offices, added with ``ita-bot office add`` (with or without ITA_OFFICES)."""
    state_key: str = ""
    """The office whose stored state this office uses ("default": it was the single office); empty: its own id."""
    timezone: str = DEFAULT_TIMEZONE
    link_check_private: bool = False
    """ITA_LINK_CHECK_PRIVATE=1: the OIT link check may fetch private addresses (an intranet-only office site)."""
    demo_site: str = ""
    """ITA_DEMO_SITE (demo only, ITA_STORE=local): ``host=base URL`` of the demo's local office website, which the
    OIT link check fetches the office's domain from (``bot.demo_site``); ``ita-bot demo`` sets it itself."""
    """ITA_TIMEZONE: the office's zone, for every time the bot stores, shows, schedules and compares."""

    @property
    def many_offices(self) -> bool:
        """Several offices (a file, the registry or both) rather than the single office of /callback."""
        return self.offices_file is not None or self.office_registry

    @property
    def zone(self) -> ZoneInfo:
        return office_zone(self.timezone)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        env = os.environ if env is None else env
        store = env.get("ITA_STORE", "local").strip().lower()
        if store not in ("local", "google"):
            raise ConfigError(f"ITA_STORE ต้องเป็น local หรือ google (ตอนนี้เป็น '{store}')")
        data_dir = Path(env.get("ITA_DATA_DIR", "var"))
        ttl = _seconds(env.get("ITA_CACHE_TTL", "30"), "ITA_CACHE_TTL")
        config = cls(store=store, workbook_path=Path(env.get("ITA_WORKBOOK", str(data_dir / "ita.xlsx"))),
                     spreadsheet_id=env.get("GOOGLE_SPREADSHEET_ID") or None,
                     google_credentials=env.get("GOOGLE_APPLICATION_CREDENTIALS") or None,
                     sheets_api_url=env.get("ITA_SHEETS_API_URL") or None,
                     sheets_timeout=_seconds(env.get("ITA_SHEETS_TIMEOUT", "20"), "ITA_SHEETS_TIMEOUT"),
                     data_dir=data_dir, cache_ttl=ttl,
                     sheets_reads_per_minute=_count(env.get("ITA_SHEETS_READS_PER_MINUTE", "50"),
                                                    "ITA_SHEETS_READS_PER_MINUTE"),
                     sheets_writes_per_minute=_count(env.get("ITA_SHEETS_WRITES_PER_MINUTE", "50"),
                                                     "ITA_SHEETS_WRITES_PER_MINUTE"),
                     drive_api_url=env.get("ITA_DRIVE_API_URL") or None,
                     drive_poll_seconds=_poll_seconds(env.get("ITA_DRIVE_POLL_SECONDS", "20")),
                     line_channel_secret=env.get("LINE_CHANNEL_SECRET", ""),
                     line_access_token=env.get("LINE_CHANNEL_ACCESS_TOKEN", ""),
                     line_api_host=env.get("LINE_API_HOST") or LINE_API,
                     secret_key=env.get("ITA_SECRET_KEY", ""),
                     state_url=env.get("ITA_STATE_URL", ""),
                     jobs_token=env.get("ITA_JOBS_TOKEN", ""),
                     complaint_hourly_cap=_count(env.get("ITA_COMPLAINT_HOURLY_CAP", "1000"),
                                                 "ITA_COMPLAINT_HOURLY_CAP"),
                     attachment_budget_mb=_count(env.get("ITA_ATTACHMENTS_MAX_MB", "2048"), "ITA_ATTACHMENTS_MAX_MB"),
                     behind_proxy=env.get("ITA_BEHIND_PROXY", "").strip().lower() in ("1", "on", "true", "yes"),
                     scheduler=env.get("ITA_SCHEDULER", "on").strip().lower() not in ("off", "0", "false", "no"),
                     public_url=_public_url(env.get("ITA_PUBLIC_URL", "")),
                     offices_file=Path(env["ITA_OFFICES"]) if env.get("ITA_OFFICES") else None,
                     office_registry=env.get("ITA_MANY_OFFICES", "").strip().lower() in ("1", "on", "true", "yes"),
                     timezone=_timezone(env.get("ITA_TIMEZONE") or DEFAULT_TIMEZONE),
                     link_check_private=env.get("ITA_LINK_CHECK_PRIVATE", "").strip().lower() in ("1", "on", "true"),
                     demo_site=env.get("ITA_DEMO_SITE", "").strip(),
                     port=_port(env.get("PORT", "8000")))
        if "://" in config.state_url and not config.state_url.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError("ITA_STATE_URL ต้องเป็น redis://… (หรือ rediss://, unix://) หรือ path ของไฟล์ SQLite "
                              f"(ตอนนี้เป็น '{config.state_url.split('://')[0]}://…')")
        if config.demo_site and store != "local":
            raise ConfigError("ITA_DEMO_SITE ใช้ได้เฉพาะโหมดสาธิต (ITA_STORE=local) ลบค่านี้ออกจากการตั้งค่าของระบบจริง")
        if store == "google" and not (config.spreadsheet_id and config.google_credentials):
            raise ConfigError("ITA_STORE=google ต้องตั้ง GOOGLE_SPREADSHEET_ID และ GOOGLE_APPLICATION_CREDENTIALS")
        return config


    def require_secret(self) -> None:
        """Commands that open the state: what it keeps is sealed with ITA_SECRET_KEY."""
        if len(self.secret_key) < 32:
            raise ConfigError("ต้องตั้ง ITA_SECRET_KEY เป็นค่าเดียวกับที่บริการใช้ (ข้อมูลในคิวเข้ารหัสด้วยกุญแจนี้)")

    def require_serving(self) -> None:
        """Everything ``ita-bot serve`` needs, with one message listing what is missing."""
        line = () if self.many_offices else (("LINE_CHANNEL_SECRET", self.line_channel_secret),
                                             ("LINE_CHANNEL_ACCESS_TOKEN", self.line_access_token))
        missing = [name for name, value in (*line, ("ITA_SECRET_KEY", self.secret_key)) if not value]
        if missing:
            raise ConfigError("ต้องตั้งค่าตัวแปรต่อไปนี้ก่อนเปิดบริการ: " + ", ".join(missing))
        if len(self.secret_key) < 32:
            raise ConfigError("ITA_SECRET_KEY ต้องยาวอย่างน้อย 32 ตัวอักษร (สร้างได้ด้วย: openssl rand -hex 32)")


def _seconds(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 86400:
        raise ConfigError(f"{name} ต้องเป็นจำนวนวินาที เช่น 30 (ตอนนี้เป็น '{text}')")
    return value


def _poll_seconds(text: str) -> float:
    if text.strip() in ("0", "off"):
        return 0.0
    value = _seconds(text, "ITA_DRIVE_POLL_SECONDS")
    if not 15 <= value <= 300:
        raise ConfigError(f"ITA_DRIVE_POLL_SECONDS ต้องอยู่ระหว่าง 15 ถึง 300 วินาที หรือ 0 เพื่อปิด (ตอนนี้เป็น '{text}')")
    return value


def _count(text: str, name: str) -> int:
    if not text.isdecimal() or int(text) < 1:
        raise ConfigError(f"{name} ต้องเป็นจำนวนเต็มบวก (ตอนนี้เป็น '{text}')")
    return int(text)


def _timezone(name: str) -> str:
    try:
        office_zone(name)
    except ValueError as error:
        raise ConfigError(f"ITA_TIMEZONE: {error}") from None
    return name.strip()


def _public_url(text: str) -> str:
    """LINE fetches images and opens links only over https; plain http is for this machine (tests, demo)."""
    url = text.strip().rstrip("/")
    local = url.startswith(("http://127.0.0.1", "http://localhost"))
    if url and not (url.startswith("https://") or local):
        raise ConfigError(f"ITA_PUBLIC_URL ต้องขึ้นต้นด้วย https:// เช่น https://ita.example.go.th (ตอนนี้เป็น '{text}')")
    return url


def _port(text: str) -> int:
    if not text.isdecimal() or not 0 < int(text) < 65536:
        raise ConfigError(f"PORT ต้องเป็นหมายเลขพอร์ต 1–65535 (ตอนนี้เป็น '{text}')")
    return int(text)


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def is_redis(state_url: str) -> bool:
    """Whether ITA_STATE_URL names a Redis server rather than a SQLite path."""
    return state_url.startswith(REDIS_SCHEMES)
