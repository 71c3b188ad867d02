"""New web cases told to the officers' group: the first at once, then one digest per window, not a push each.

A burst of web filings (a campaign, or an attack) costs a handful of pushes from the LINE quota, not one each.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from bot.messenger import Messenger
from handlers.complaints.officer_posts import case_post
from handlers.conversation.replies import Reply
from templates import render

log = logging.getLogger(__name__)
WINDOW = timedelta(minutes=5)
REMEMBERED = 1000
"""Case numbers told lately: a double click on the form files once, and is told once."""


class OfficerNotices:
    def __init__(self, messenger: Messenger, clock: Callable[[], datetime], window: timedelta = WINDOW,
                 chat_url: Callable[[str], str] | None = None) -> None:
        self.messenger = messenger
        self.chat_url = chat_url
        """Links that open the 1:1 chat with ``เรื่อง <เลข>`` typed in (``bot.chat_links``): the posts' buttons."""
        self.clock = clock
        self.window = window
        self._last: dict[str, datetime] = {}
        self._waiting: dict[str, list[dict[str, str]]] = {}
        self._told: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def tell(self, group: str, case_no: str, category: str, due: str) -> None:
        """Push now if the group heard nothing in the window; otherwise wait for the next digest."""
        if not group:
            return
        case = {"case_no": case_no, "category": category, "due": due}
        now = self.clock()
        with self._lock:
            if case_no in self._told:
                return
            self._told[case_no] = None
            if len(self._told) > REMEMBERED:
                self._told.popitem(last=False)
            last = self._last.get(group)
            if last is not None and now - last < self.window:
                self._waiting.setdefault(group, []).append(case)
                return
            self._last[group] = now
        self._push(group, render("complaint_officer_notice.txt.j2", channel="เว็บไซต์", **case), [case_no])

    def flush(self) -> int:
        """Send one digest to each group whose window has passed; the number of digests sent."""
        now = self.clock()
        with self._lock:
            ready = {group: cases for group, cases in self._waiting.items() if now - self._last[group] >= self.window}
            for group in ready:
                del self._waiting[group]
                self._last[group] = now
        for group, cases in ready.items():
            self._push(group, render("complaint_officer_digest.txt.j2", cases=cases, channel="เว็บไซต์"),
                       [case["case_no"] for case in cases])
        return len(ready)

    def send(self, notices: Sequence[tuple[str, Reply]]) -> None:
        """Pushes a handler asked for (an officer told that a complainant added to or withdrew a case)."""
        for to, reply in notices:
            try:
                self.messenger.push(to, [reply])
            except Exception as error:  # the change is queued for the sheet; the case card shows it
                log.warning("officer notice not delivered (%s)", type(error).__name__)

    def _push(self, group: str, text: str, case_nos: list[str]) -> None:
        try:
            self.messenger.push(group, [case_post(text, case_nos, self.chat_url)])
        except Exception as error:  # the cases are filed; the officers' group will see them in the sheet
            log.warning("officer notice not delivered (%s)", type(error).__name__)
