"""Sends replies through LINE's Messaging API (line-bot-sdk): reply while the token is fresh, else push."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    Message,
    MessagingApi,
    MessagingApiBlob,
    PushMessageRequest,
    ReplyMessageRequest,
    ShowLoadingAnimationRequest,
)
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from bot.line_messages import to_line_messages
from common.config import LINE_API, LINE_DATA_API
from handlers.conversation.replies import QuickReply, Reply, ending_with_buttons
from templates import label

log = logging.getLogger(__name__)
MAX_PER_REQUEST = 5
RETRYABLE = frozenset({429, 500, 502, 503, 504})


def push_buttons() -> tuple[QuickReply, ...]:
    """What a push without its own buttons ends with (a status change, a reminder, a notice)."""
    return (QuickReply(label("menu"), text=label("menu")),)


def is_group(to: str) -> bool:
    """A group (C…) or multi-person chat (R…) id, not a user (U…)."""
    return to[:1] in ("C", "R")


def without_buttons(replies: Sequence[Reply]) -> list[Reply]:
    """Posts to a group carry no quick replies: the bot does not answer there, so a tap would do nothing."""
    return [replace(reply, quick_replies=()) for reply in replies]


class Messenger(Protocol):
    def deliver(self, to: str, reply_token: str | None, received_at: datetime | None,
                replies: Sequence[Reply], *, retry_seed: str | None = None, resumed: bool = False) -> None: ...

    def push(self, to: str, replies: Sequence[Reply], retry_key_seed: str | None = None) -> None: ...

    def show_loading(self, user_id: str) -> None: ...

    def fetch_content(self, message_id: str) -> bytes: ...


class MessageApiClient(ApiClient):  # type: ignore[misc]
    """The SDK's client, except that a reply or push body is serialized once, not walked twice.

    ``sanitize_for_serialization`` walks every key of the ``to_dict()`` result again (every box of a
    card) to turn dates and models into JSON types; a message body has none, so its ``to_dict()`` is
    already what goes on the wire (tests/unit/bot/test_line_messages.py checks both give the same).
    """

    def sanitize_for_serialization(self, obj: Any) -> Any:
        if isinstance(obj, ReplyMessageRequest | PushMessageRequest):
            return obj.to_dict()
        return super().sanitize_for_serialization(obj)


def _retryable(error: BaseException) -> bool:
    if isinstance(error, ApiException):
        return error.status in RETRYABLE
    return isinstance(error, urllib3.exceptions.HTTPError)


class LineMessenger:
    """At most 5 messages a request; pushes carry an X-Line-Retry-Key kept across retries."""

    def __init__(self, access_token: str, host: str, clock: Callable[[], datetime], *,
                 reply_window: float = 50.0, timeout: tuple[float, float] = (3.0, 10.0), attempts: int = 4,
                 sleep: Callable[[float], None] = time.sleep,
                 new_retry_key: Callable[[], str] = lambda: str(uuid.uuid4())) -> None:
        self.api = MessagingApi(MessageApiClient(Configuration(host=host, access_token=access_token)))
        data_host = LINE_DATA_API if host == LINE_API else host
        self.blob = MessagingApiBlob(ApiClient(Configuration(host=data_host, access_token=access_token)))
        self.clock = clock
        self.reply_window = reply_window
        self.timeout = timeout
        self.new_retry_key = new_retry_key
        self._retrying = Retrying(stop=stop_after_attempt(attempts), reraise=True, sleep=sleep,
                                  wait=wait_random_exponential(multiplier=0.5, max=8),
                                  retry=retry_if_exception(_retryable))

    def deliver(self, to: str, reply_token: str | None, received_at: datetime | None,
                replies: Sequence[Reply], *, retry_seed: str | None = None, resumed: bool = False) -> None:
        """Reply while the token is fresh, else push; ``retry_seed`` (the event) keeps push retry keys
        the same across attempts, so LINE drops a repeat.

        ``resumed``: an earlier attempt of this event may have replied already. LINE refusing the
        still-fresh token (it is single-use, and only we had it) then means our reply got through.
        """
        messages = to_line_messages(without_buttons(replies) if is_group(to) else replies)
        chunks = [messages[i:i + MAX_PER_REQUEST] for i in range(0, len(messages), MAX_PER_REQUEST)]
        for index, chunk in enumerate(chunks):
            if index == 0 and reply_token and self._fresh(received_at):
                result = self._reply(reply_token, chunk)
                if result == "sent" or (result == "refused" and resumed):
                    continue
            key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ita-bot:{retry_seed}:reply:{index}")) if retry_seed else None
            self._push(to, chunk, key)

    def push(self, to: str, replies: Sequence[Reply], retry_key_seed: str | None = None) -> None:
        """``retry_key_seed`` makes the retry keys the same across restarts, so LINE drops a repeat (409)."""
        messages = to_line_messages(without_buttons(replies) if is_group(to) else
                                    ending_with_buttons(replies, push_buttons()))
        for i in range(0, len(messages), MAX_PER_REQUEST):
            key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"ita-bot:{retry_key_seed}:{i}")) if retry_key_seed else None
            self._push(to, messages[i:i + MAX_PER_REQUEST], key)

    def show_loading(self, user_id: str) -> None:
        try:
            self.api.show_loading_animation(ShowLoadingAnimationRequest(chatId=user_id, loadingSeconds=10),
                                            _request_timeout=self.timeout)
        except (ApiException, urllib3.exceptions.HTTPError) as error:
            log.info("loading animation not shown (%s)", describe_error(error))

    def fetch_content(self, message_id: str) -> bytes:
        """What a user sent (a photo), fetched at once: LINE deletes content after a while."""
        content: bytes = self._retrying(lambda: self.blob.get_message_content(message_id,
                                                                             _request_timeout=self.timeout))
        return content

    def _fresh(self, received_at: datetime | None) -> bool:
        return received_at is None or (self.clock() - received_at).total_seconds() < self.reply_window

    def _reply(self, token: str, chunk: list[Message]) -> str:
        """"sent"; "refused" (LINE answered 4xx: the token is used or expired); "failed" (5xx, network)."""
        request = ReplyMessageRequest(replyToken=token, messages=chunk)
        try:
            self._retrying(lambda: self.api.reply_message(request, _request_timeout=self.timeout))
            return "sent"
        except (ApiException, urllib3.exceptions.HTTPError) as error:
            log.warning("reply refused (%s); falling back to push", describe_error(error))
            refused = isinstance(error, ApiException) and error.status is not None and 400 <= error.status < 500
            return "refused" if refused else "failed"

    def _push(self, to: str, chunk: list[Message], retry_key: str | None = None) -> None:
        retry_key = retry_key or self.new_retry_key()
        request = PushMessageRequest(to=to, messages=chunk)
        try:
            self._retrying(lambda: self.api.push_message(request, x_line_retry_key=retry_key,
                                                         _request_timeout=self.timeout))
        except ApiException as error:
            if error.status == 409:  # an earlier attempt with this key was accepted
                return
            log.error("push failed (%s)", describe_error(error))
            raise


def describe_error(error: BaseException) -> str:
    """Status and kind only: never the message text or a user id."""
    if isinstance(error, ApiException):
        return f"HTTP {error.status}"
    return type(error).__name__
