"""The conversation engine: commands, multi-step flows as state tables, cancel and timeout everywhere.

A flow is a table ``step name -> step function``; each step returns replies and the next step (or
None to finish). The session lives in the state store, keyed by a pseudonym of the user, so a flow
survives a restart and works whichever thread handles the next message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from common.thaitext import compact, fiscal_year_of, normalize_input
from handlers.conversation import kept
from handlers.conversation.phrasing import pick, strip_politeness
from handlers.conversation.ports import (
    CasePhotoLinks,
    ComplaintIntake,
    EvidencePhotoLinks,
    RecordWriter,
    RowChangeSink,
)
from handlers.conversation.replies import Reply, Text
from handlers.conversation.turns import Answer, Notice, answer_to_json
from sheets.workbook import Snapshot
from state.store import Session, StateStore
from templates import label, render

FLOW_TIMEOUT = timedelta(minutes=10)
"""A flow left unanswered this long is over (its draft is not used again); the PDPA notice says so."""

__all__ = ["Answer", "Command", "Context", "Conversation", "Flow", "Incoming", "Notice", "Outcome"]
EventKind = Literal["text", "postback", "follow", "unfollow", "image", "join"]
CANCEL_WORDS = frozenset({"ยกเลิก", "cancel", "ออก", "stop"})
MISSES = "_misses"
"""Session data key: how many answers in a row did not fit the step."""


@dataclass(frozen=True)
class Incoming:
    kind: EventKind
    user_id: str
    text: str = ""
    event_id: str = ""
    """LINE's webhookEventId: the turn is recorded under it, so a retried event replays its answer."""


@dataclass(frozen=True)
class Context:
    snapshot: Snapshot | None
    now: datetime
    role: str
    org: str
    user_id: str = ""
    writer: RecordWriter | None = None
    sender: str = ""
    """The keyed pseudonym of the user: what limits and logs may hold."""
    kind: EventKind = "text"
    raw_text: str = ""
    """What the person typed, unfolded (complaint text is kept as written)."""
    complaints: ComplaintIntake | None = None
    event_key: str = ""
    """The event being answered: what makes filing a complaint again harmless."""
    row_changes: RowChangeSink | None = None
    photos: CasePhotoLinks | None = None
    """A case's photos and their signed links (officers' case card)."""
    evidence: EvidencePhotoLinks | None = None
    """Signed links to a measure's evidence photos (the อัปเดต flow); None while ITA_PUBLIC_URL is unset."""

    @property
    def example_year(self) -> int:
        """The year examples of commands name: the last fiscal year, whose result the NACC has published."""
        return fiscal_year_of(self.now.date()) - 1
    web_form_url: str = ""
    """The bot's own complaint form (``/complaint`` under ITA_PUBLIC_URL); empty when that is unset."""
    chat_url: Callable[[str], str] | None = None
    """A link opening the 1:1 chat with the bot with a text typed in ("" when unknown): buttons in group posts."""


@dataclass(frozen=True)
class Outcome:
    """Replies, and the step to wait in next (None: the flow is over)."""

    replies: Sequence[Reply]
    next_step: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    flow: str | None = None
    notices: Sequence[Notice] = ()


StepFn = Callable[[Context, str, Mapping[str, Any]], Outcome]
"""A step reads typed text through ``strip_politeness``; free text it keeps comes from ``Context.raw_text``."""
CommandFn = Callable[[Context, str], Outcome]
QuestionFn = Callable[[Context, str, bool], Outcome | None]
"""An answer when the text reads as a question; the flag says a command word starts it (be stricter)."""


@dataclass(frozen=True)
class Command:
    keywords: tuple[str, ...]
    run: CommandFn
    accepts: Callable[[str], bool] | None = None
    """Whether what follows the keyword makes this command (``เรื่อง`` only with a case number)."""
    claims: Callable[[str], bool] | None = None
    """A whole sentence that is this command even when an FAQ entry shares its words (อยากแจ้งว่า…)."""


@dataclass(frozen=True)
class Flow:
    name: str
    steps: Mapping[str, StepFn]
    guard: Callable[[Context, Mapping[str, Any]], list[Reply] | None] | None = None
    """Asked again before every step: replies that end the flow when the person may no longer go on
    (suspended, moved to another unit, no longer an officer), None to go on."""
    keeps_text: frozenset[str] = frozenset()
    """Steps whose typed answer, arriving after the timeout, is kept and offered back (``kept``)."""
    timeout: timedelta | None = None
    """This flow's own timeout (the conversation's when None)."""
    quiet_steps: frozenset[str] = frozenset()
    """Steps that hold nothing unsaved: another command leaves them without a "left the flow" line."""


def strip_keyword(text: str, keyword: str) -> str | None:
    """What follows ``keyword`` at the start of ``text`` (spaces and case ignored), or None."""
    wanted = compact(keyword)
    position = matched = 0
    while matched < len(wanted) and position < len(text):
        char = text[position]
        position += 1
        if char == " ":
            continue
        if char.casefold() != wanted[matched]:
            return None
        matched += 1
    return text[position:].strip() if matched == len(wanted) else None


class Conversation:
    def __init__(self, state: StateStore, pseudonym: Callable[[str], str], commands: Sequence[Command],
                 flows: Sequence[Flow], menu: Callable[[Context], Reply], *,
                 fallback: Callable[[Context, str], Outcome | None] = lambda context, text: None,
                 question: QuestionFn = lambda context, text, strict: None,
                 timeout: timedelta = FLOW_TIMEOUT) -> None:
        self.state = state
        self.pseudonym = pseudonym
        self.keywords = sorted(((keyword, command) for command in commands for keyword in command.keywords),
                               key=lambda pair: -len(compact(pair[0])))  # longest keyword wins
        self.claiming = [command for command in commands if command.claims is not None]
        self.flows = {flow.name: flow for flow in flows}
        self.flows[kept.FLOW] = Flow(kept.FLOW, {"offer": self._kept_step}, timeout=kept.KEPT_FOR)
        self.menu = menu
        self.fallback = fallback
        self.question = question
        self.timeout = timeout
        self._pending = threading.local()

    def handle(self, incoming: Incoming, context: Context) -> Answer:
        """Answer one event; the session change and the answer are stored together (``commit_turn``)."""
        key = self.pseudonym(incoming.user_id)
        self._pending.change = _UNCHANGED
        answer = self._answer(incoming, replace(context, event_key=incoming.event_id))
        change = self._pending.change
        if incoming.event_id:
            session = self.state.load_session(key) if change is _UNCHANGED else change
            self.state.commit_turn(key, session, incoming.event_id, answer_to_json(answer), context.now)
        elif change is None:
            self.state.clear_session(key)
        elif isinstance(change, Session):
            self.state.save_session(key, change)
        return answer

    def _change(self, session: Session | None) -> None:
        """What the session becomes after this event; written by ``handle`` together with the answer."""
        self._pending.change = session

    def _answer(self, incoming: Incoming, context: Context) -> Answer:
        key = self.pseudonym(incoming.user_id)
        if incoming.kind == "unfollow":
            self._change(None)
            return Answer([])
        if incoming.kind == "follow":
            self._change(None)
            return Answer([self._with_menu_buttons(Text(render("greeting.txt.j2", org=context.org,
                                                               role_label=_role_label(context.role),
                                                               staff=context.role != "citizen",
                                                               officer=context.role in ("officer", "admin"),
                                                               example_year=context.example_year)),
                                                        context)])
        context = replace(context, kind=incoming.kind, sender=key, raw_text=incoming.text)
        text = incoming.text if incoming.kind == "image" else normalize_input(incoming.text)
        if compact(strip_politeness(text)) in CANCEL_WORDS:
            return Answer(self._cancel(key, context))
        replies: list[Reply] = []
        session = self.state.load_session(key)
        if session and context.now - session.updated_at > self._timeout_of(session.flow):
            minutes = int(self.timeout.total_seconds() // 60)
            if self._keeps(session, context, text):
                reply, data = kept.offer(session.flow, session.step, session.data, context.raw_text, minutes)
                self._change(Session(kept.FLOW, "offer", context.now, data))
                return Answer([reply])
            self._change(None)
            replies.append(Text(render("flow_timeout.txt.j2", minutes=minutes)))
            session = None
        if session and session.flow in self.flows:
            return self._in_step(key, session, context, text, replies)
        outcome = self._command(context, text)
        return Answer(replies + self._apply(key, outcome.flow, outcome, context), list(outcome.notices))

    def _in_step(self, key: str, session: Session, context: Context, text: str, replies: list[Reply]) -> Answer:
        """A step takes the answers that fit it; a command word or a question leaves it; two misses offer the menu."""
        if context.kind == "postback" and self._match(text) is not None:
            outcome = self._command(context, text)
            if not outcome.next_step:  # a button answered at once (a rating, an approval): the step stays open
                held = Text(label("step_still_open"))
                return Answer([*replies, *outcome.replies, held], list(outcome.notices))
            return Answer([*replies, *self._apply(key, outcome.flow, outcome, context)], list(outcome.notices))
        if self._leaves_step(context, text):
            return self._leave(key, session, context, text, replies)
        data = {k: v for k, v in session.data.items() if k != MISSES}
        flow = self.flows[session.flow]
        refused = flow.guard(context, data) if flow.guard else None
        if refused is not None:
            self._change(None)
            return Answer([*replies, *refused])
        reading = strip_politeness(text) if context.kind == "text" else text
        outcome = flow.steps[session.step](context, reading, data)
        missed = outcome.next_step == session.step and _without_misses(outcome.data) == data
        if not missed:
            # a step may hand over to another flow (ติดตาม's receipt step → the case's own buttons; a kept text)
            return Answer(replies + self._apply(key, outcome.flow or session.flow, outcome, context),
                          list(outcome.notices))
        if context.kind == "text" and self._escapes(context, text):
            return self._leave(key, session, context, text, replies)
        misses = int(session.data.get(MISSES, 0)) + 1
        outcome = replace(outcome, data={**_without_misses(outcome.data), MISSES: misses})
        answer = replies + self._apply(key, session.flow, outcome, context)
        if misses >= 2:
            answer.append(self._offer_menu(answer, context))
        return Answer(answer, list(outcome.notices))

    def _leaves_step(self, context: Context, text: str) -> bool:
        """A command word typed (a postback naming a command is answered without leaving, see ``_in_step``)."""
        return context.kind == "text" and self._is_command_word(text)

    def _timeout_of(self, flow: str) -> timedelta:
        known = self.flows.get(flow)
        return known.timeout if known is not None and known.timeout is not None else self.timeout

    def _keeps(self, session: Session, context: Context, text: str) -> bool:
        """A typed answer for a step that keeps text, which is no command: kept for its author to send later."""
        flow = self.flows.get(session.flow)
        return (flow is not None and session.step in flow.keeps_text and context.kind == "text"
                and bool(context.raw_text.strip()) and self._match(text) is None)

    def _kept_step(self, context: Context, text: str, data: Mapping[str, Any]) -> Outcome:
        """Send the kept text to the step it was typed for, go back to that step to type it again, or drop it."""
        choice = pick(text, [label(key) for key in kept.CHOICES])
        flow = self.flows.get(str(data["flow"]))
        if choice == label("kept_discard") or flow is None:
            return Outcome([kept.discarded()])
        if choice == label("kept_edit"):
            return Outcome([kept.edit_prompt(data)], next_step=data["step"], data=data["data"], flow=flow.name)
        if choice != label("kept_send"):
            return Outcome([kept.asked_again(data)], next_step="offer", data=data, flow=kept.FLOW)
        refused = flow.guard(context, data["data"]) if flow.guard else None
        if refused is not None:
            return Outcome(refused)
        written = replace(context, raw_text=data["text"])
        outcome = flow.steps[data["step"]](written, strip_politeness(normalize_input(data["text"])), data["data"])
        return replace(outcome, flow=outcome.flow or flow.name)

    def _leave(self, key: str, session: Session, context: Context, text: str, replies: list[Reply]) -> Answer:
        self._change(None)
        flow = self.flows.get(session.flow)
        quiet = flow is not None and session.step in flow.quiet_steps
        left = [] if quiet else [Text(label(f"left_{session.flow}"))]
        outcome = self._command(context, text)
        return Answer([*replies, *left, *self._apply(key, outcome.flow, outcome, context)], list(outcome.notices))

    def _offer_menu(self, answer: list[Reply], context: Context) -> Reply:
        buttons = answer[-1].quick_replies if answer else ()
        menu_button = self.menu(context).quick_replies[-1:]
        return Text(render("step_stuck.txt.j2"), (*buttons[:12], *menu_button))  # LINE shows at most 13

    def _match(self, text: str) -> tuple[Command, str] | None:
        """The command ``text`` starts with, and what follows it, read without อยาก/ขอ and ครับ/ค่ะ."""
        for candidate in (strip_politeness(text), text):
            for keyword, command in self.keywords:
                rest = strip_keyword(candidate, keyword)
                if rest is not None and (command.accepts is None or command.accepts(rest)):
                    return command, rest
        return None

    def _is_command_word(self, text: str) -> bool:
        """Exactly a command word ("เมนู", "ร้องเรียนค่ะ"), which leaves any step."""
        word = compact(strip_politeness(text))
        return any(word == compact(keyword) and (command.accepts is None or command.accepts(""))
                   for keyword, command in self.keywords)

    def _escapes(self, context: Context, text: str) -> bool:
        """An answer that did not fit the step leaves it when it starts with a command or is a question."""
        return self._match(text) is not None or self.question(context, text, False) is not None

    def _command(self, context: Context, text: str) -> Outcome:
        claimed = next((c for c in self.claiming if c.claims is not None and c.claims(text)), None)
        if claimed is not None:
            return claimed.run(context, text)
        match = self._match(text)
        answered = self.question(context, text, match is not None)
        if answered is not None:
            return answered
        if match is not None:
            command, rest = match
            return command.run(context, rest)
        return self.fallback(context, text) or Outcome([self.menu_reply(context, unknown=True)])

    def _apply(self, key: str, flow: str | None, outcome: Outcome, context: Context) -> list[Reply]:
        if outcome.next_step and flow:
            self._change(Session(flow, outcome.next_step, context.now, dict(outcome.data)))
        else:
            self._change(None)
        return list(outcome.replies)

    def _cancel(self, key: str, context: Context) -> list[Reply]:
        had_session = self.state.load_session(key) is not None
        self._change(None)
        template = "cancelled.txt.j2" if had_session else "nothing_to_cancel.txt.j2"
        return [self._with_menu_buttons(Text(render(template)), context)]

    def menu_reply(self, context: Context, *, unknown: bool = False) -> Reply:
        if unknown:
            return self._with_menu_buttons(Text(render("unknown.txt.j2", role_label=_role_label(context.role),
                                                       staff=context.role != "citizen",
                                                       officer=context.role in ("officer", "admin"),
                                                       example_year=context.example_year)), context)
        return self.menu(context)

    def _with_menu_buttons(self, reply: Text, context: Context) -> Reply:
        menu = self.menu(context)
        return Text(reply.text, menu.quick_replies)


_UNCHANGED = object()
"""No session change yet in this turn."""


def _without_misses(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != MISSES}


def _role_label(role: str) -> str:
    return label(f"role_{role}") if role != "citizen" else ""
