"""The whole assistant as one call: who is asking, with which snapshot, gets which replies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from handlers.casework import actions as case_actions
from handlers.casework import cases as casework
from handlers.casework import updates as case_updates
from handlers.casework.photos import CasePhotos
from handlers.complaints import commands as complaints
from handlers.complaints.desk import ComplaintDesk
from handlers.conversation import menu, phrasing
from handlers.conversation.engine import FLOW_TIMEOUT, Answer, Context, Conversation, Incoming
from handlers.conversation.ports import LinkCheck, RecordWriter, RowChangeSink
from handlers.documents import commands as documents
from handlers.documents.links import DocumentLinks
from handlers.measures import updates as measure_updates
from handlers.measures.evidence_links import EvidenceLinks
from handlers.oit import link_flow as oit_link_flow
from handlers.public import group
from handlers.public import score as public
from handlers.staff import approvals, asking, faq, registration
from handlers.staff import cards as staff
from sheets.workbook import Snapshot
from state.store import StateStore

DEFAULT_ORG = "หน่วยงาน"


def role_of(snapshot: Snapshot | None, user_id: str) -> str:
    """staff / officer / admin for an approved row in เจ้าหน้าที่, otherwise citizen (fails closed)."""
    if snapshot is None:
        return "citizen"
    for member in snapshot.staff:
        if member.line_user_id == user_id and member.status == "อนุมัติ":
            return member.role or "staff"
    return "citizen"


def org_name(snapshot: Snapshot | None) -> str:
    return (snapshot.settings.get("org_name") if snapshot else None) or DEFAULT_ORG


class Assistant:
    def __init__(self, state: StateStore, pseudonym: Callable[[str], str], clock: Callable[[], datetime], *,
                 writer: RecordWriter | None = None, desk: ComplaintDesk | None = None,
                 flow_timeout: timedelta = FLOW_TIMEOUT, links: DocumentLinks | None = None,
                 row_changes: RowChangeSink | None = None, photos: CasePhotos | None = None,
                 evidence: EvidenceLinks | None = None,
                 link_check: LinkCheck | None = None, web_form_url: str = "",
                 chat_url: Callable[[str], str] | None = None) -> None:
        self.clock = clock
        self.photos, self.evidence = photos, evidence
        self.row_changes = row_changes
        self.web_form_url = web_form_url
        self.chat_url = chat_url
        self.writer = writer
        self.desk = desk
        commands = (*public.COMMANDS, *staff.COMMANDS, *registration.COMMANDS, *complaints.COMMANDS,
                    *approvals.COMMANDS, *casework.COMMANDS, *case_actions.COMMANDS, *case_updates.COMMANDS,
                    *measure_updates.COMMANDS, *oit_link_flow.commands(link_check),
                    *documents.commands(links))
        flows = (*public.FLOWS, *registration.FLOWS, *complaints.FLOWS, *case_actions.FLOWS, *case_updates.FLOWS,
                 *measure_updates.FLOWS, *oit_link_flow.flows(link_check))
        phrasing.warm_up()
        self.conversation = Conversation(state, pseudonym, commands, flows, menu.menu, fallback=faq.answer,
                                         question=asking.answer_question, timeout=flow_timeout)

    def respond(self, incoming: Incoming, snapshot: Snapshot | None) -> Answer:
        if incoming.kind == "join":
            return Answer([group.join_greeting(snapshot, incoming.user_id)])
        context = Context(snapshot, self.clock(), role_of(snapshot, incoming.user_id), org_name(snapshot),
                          incoming.user_id, self.writer, complaints=self.desk,
                          row_changes=self.row_changes, photos=self.photos, evidence=self.evidence,
                          web_form_url=self.web_form_url, chat_url=self.chat_url)
        return self.conversation.handle(incoming, context)
