"""Many offices in one deployment: ITA_OFFICES=offices.toml lists them (their secrets come from the environment),
and ``ita-bot office add`` registers more in the state store (``OfficeRecord``, its secrets sealed there).

    [defaults]                      # optional: applies to every office
    store = "google"
    google_credentials = "/etc/ita/service-account-1.json"

    [offices.muaklek]               # id: a-z, 0-9, '-'; webhook URL /callback/muaklek
    name = "เทศบาลตำบลมวกเหล็ก"
    spreadsheet_id = "1AbC…"
    # LINE secrets from LINE_CHANNEL_SECRET_MUAKLEK and LINE_CHANNEL_ACCESS_TOKEN_MUAKLEK,
    # or name the variables: channel_secret_env = "…", access_token_env = "…"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from common.config import Config, ConfigError, is_redis

OFFICE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
RESERVED = {"callback", "healthz", "jobs", "complaint", "status", "simulator", "line-fake", "static"}


class OfficeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    store: Literal["local", "google"] = "local"
    spreadsheet_id: str | None = None
    google_credentials: str | None = None
    workbook: str | None = None
    channel_secret_env: str | None = None
    access_token_env: str | None = None
    jobs_token_env: str | None = None


@dataclass(frozen=True)
class Office:
    """One office ready to serve, or ``problem`` saying why it is off (the others still run)."""

    id: str
    name: str
    config: Config
    problem: str | None = None


@dataclass(frozen=True)
class OfficeRecord:
    """An office added with ``ita-bot office add``; the state store keeps its LINE secrets sealed."""

    id: str
    name: str
    channel_secret: str
    access_token: str
    spreadsheet_id: str | None = None
    """None: a local workbook (``workbook``, or ita.xlsx in the office's data folder)."""
    google_credentials: str | None = None
    workbook: str | None = None
    state_key: str = ""
    """"default" for the office that was the deployment's single office: its state stays where it was."""
    version: int = 1
    """Bumped by ``office rotate``: a running server rebuilds the office with the new secrets."""


def id_problem(office_id: str) -> str | None:
    """Why ``office_id`` cannot name an office (Thai), or None."""
    if OFFICE_ID.fullmatch(office_id) and office_id not in RESERVED:
        return None
    return (f"รหัสสำนักงาน '{office_id}' ใช้ไม่ได้ (a-z 0-9 และ - ไม่เกิน 40 ตัว "
            f"และไม่ใช่ {', '.join(sorted(RESERVED))})")


def registered_office(record: OfficeRecord, base: Config) -> Office:
    """The office a record describes, configured like an office of the file."""
    config = _office_config(base, record.id, "google" if record.spreadsheet_id else "local", record.spreadsheet_id,
                            record.google_credentials, record.workbook, record.state_key)
    config = replace(config, line_channel_secret=record.channel_secret, line_access_token=record.access_token)
    problem = None if record.channel_secret else "ถอดรหัสความลับของ LINE ไม่ได้: ITA_SECRET_KEY ไม่ตรงกับตอนเพิ่มสำนักงาน"
    return Office(record.id, record.name or record.id, config, problem)


def _office_config(base: Config, office_id: str, store: str, spreadsheet_id: str | None, credentials: str | None,
                   workbook: str | None, state_key: str = "") -> Config:
    data_dir = base.data_dir if state_key == "default" else base.data_dir / office_id
    state_url = base.state_url if is_redis(base.state_url) else ""  # SQLite: each office its own files
    return replace(base, offices_file=None, office_registry=False, store=store, state_url=state_url,
                   spreadsheet_id=spreadsheet_id, google_credentials=credentials, state_key=state_key,
                   workbook_path=Path(workbook) if workbook else data_dir / "ita.xlsx", data_dir=data_dir)


def load_offices(path: Path, base: Config, env: Mapping[str, str]) -> list[Office]:
    """Every office in the file; a wrong file is a ConfigError naming the office and the key."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise ConfigError(f"อ่านไฟล์ ITA_OFFICES ไม่ได้: {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: รูปแบบ TOML ไม่ถูกต้อง ({error})") from None
    unknown = set(document) - {"defaults", "offices"}
    offices = document.get("offices")
    if unknown or not isinstance(offices, dict) or not offices:
        raise ConfigError(f"{path}: ต้องมีตาราง [offices.<รหัส>] อย่างน้อยหนึ่งสำนักงาน และคีย์บนสุดได้แค่ defaults, offices")
    defaults = document.get("defaults", {})
    tables = [defaults, *offices.values()]
    if not all(isinstance(table, dict) for table in tables):
        raise ConfigError(f"{path}: defaults และ offices.<รหัส> ต้องเป็นตาราง เช่น [offices.muaklek]")
    return [_office(path, office_id, {**defaults, **entry}, base, env) for office_id, entry in offices.items()]


def _office(path: Path, office_id: str, raw: dict[str, object], base: Config, env: Mapping[str, str]) -> Office:
    problem = id_problem(office_id)
    if problem:
        raise ConfigError(f"{path}: {problem}")
    try:
        entry = OfficeEntry.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"{path}: [offices.{office_id}] {problems}") from None
    if entry.store == "google" and not (entry.spreadsheet_id and entry.google_credentials):
        raise ConfigError(f"{path}: [offices.{office_id}] store = \"google\" "
                          "ต้องมี spreadsheet_id และ google_credentials")
    suffix = office_id.upper().replace("-", "_")
    secret_var = entry.channel_secret_env or f"LINE_CHANNEL_SECRET_{suffix}"
    token_var = entry.access_token_env or f"LINE_CHANNEL_ACCESS_TOKEN_{suffix}"
    config = _office_config(base, office_id, entry.store, entry.spreadsheet_id, entry.google_credentials,
                            entry.workbook)
    config = replace(config, line_channel_secret=env.get(secret_var, ""),
                     line_access_token=env.get(token_var, ""),
                     jobs_token=env.get(entry.jobs_token_env or f"ITA_JOBS_TOKEN_{suffix}", base.jobs_token))
    missing = [name for name, value in ((secret_var, config.line_channel_secret),
                                        (token_var, config.line_access_token)) if not value]
    problem = f"ยังไม่ได้ตั้งตัวแปร {', '.join(missing)}" if missing else None
    return Office(office_id, entry.name or office_id, config, problem)
