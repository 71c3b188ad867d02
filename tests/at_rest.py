"""What the at-rest tests grep for: a secret in any form a file could hold it, in every file the bot or Redis wrote."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import redis


def forms(secret: str) -> set[bytes]:
    """UTF-8, and JSON's ``\\uXXXX`` escapes in lower and upper case (how a JSON body carries Thai)."""
    escaped = json.dumps(secret)[1:-1]
    upper = re.sub(r"\\u([0-9a-f]{4})", lambda found: "\\u" + found.group(1).upper(), escaped)
    return {secret.encode(), escaped.encode(), upper.encode()}


def snapshot_redis(url: str) -> None:
    """Make Redis write its RDB too, uncompressed (LZF would hide a clear string from a grep)."""
    client = redis.Redis.from_url(url)
    try:
        client.config_set("rdbcompression", "no")
        client.save()
    finally:
        client.close()


def files_holding(folders: Iterable[Path], secrets: Iterable[str]) -> list[str]:
    """Every file under ``folders`` holding any secret in any form, as ``file: secret``."""
    wanted = {secret: forms(secret) for secret in secrets}
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                found += [f"{path.name}: {secret}" for secret, shapes in wanted.items()
                          if any(shape in data for shape in shapes)]
    return found
