"""Links that open the 1:1 chat with the bot with a text already typed (``เรื่อง 2570-0004``), for posts to the
officers' group: the bot does not answer in groups, so a button there must take the officer to the 1:1 chat.

LINE's scheme is ``https://line.me/R/oaMessage/{basicId}/?{text}``; the bot's basicId comes from
``GET /v2/bot/info``, asked once (again after ``RETRY`` when LINE could not be reached; until then no link).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import quote

import urllib3
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi
from linebot.v3.messaging.exceptions import ApiException

log = logging.getLogger(__name__)
RETRY = timedelta(minutes=10)


def chat_url(basic_id: str, text: str) -> str:
    """The link that opens the chat with the account ``basic_id`` (``@abc1234``) with ``text`` typed in."""
    return f"https://line.me/R/oaMessage/{quote(basic_id, safe='')}/?{quote(text, safe='')}"


class ChatLinks:
    def __init__(self, access_token: str, host: str, clock: Callable[[], datetime]) -> None:
        self.api = MessagingApi(ApiClient(Configuration(host=host, access_token=access_token)))
        self.clock = clock
        self._basic_id = ""
        self._failed_at: datetime | None = None
        self._lock = threading.Lock()

    def url(self, text: str) -> str:
        """The link for ``text``; "" while the bot's basicId is unknown (the post then says what to type)."""
        basic_id = self.basic_id()
        return chat_url(basic_id, text) if basic_id else ""

    def basic_id(self) -> str:
        with self._lock:
            if self._basic_id or (self._failed_at and self.clock() - self._failed_at < RETRY):
                return self._basic_id
            try:
                self._basic_id = self.api.get_bot_info(_request_timeout=(3.0, 5.0)).basic_id
            except (ApiException, urllib3.exceptions.HTTPError, OSError) as error:
                self._failed_at = self.clock()
                log.warning("bot info not read (%s)", type(error).__name__)
            return self._basic_id
