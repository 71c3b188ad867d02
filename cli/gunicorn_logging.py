"""gunicorn's logger without client addresses: its request parser logs "Invalid request from ip=…"."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_FROM_ADDRESS = re.compile(r"^Invalid request from ip=\S*?: ")  # an IPv6 address has colons, never ": "


class PrivateLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """The README promises no IP addresses in the logs; gunicorn's own warnings included them."""

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().warning(_FROM_ADDRESS.sub("Invalid request: ", str(msg)), *args, **kwargs)
