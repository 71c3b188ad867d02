"""Staff `รายงาน`: choose a document, get signed download links (.docx to edit, PDF to publish)."""

from __future__ import annotations

from collections.abc import Callable

from common.thaitext import format_thai_date
from handlers.conversation.engine import Command, Context
from handlers.conversation.menu import menu_buttons_for, staff_only
from handlers.conversation.replies import Flex, QuickReply, Reply, Text
from handlers.conversation.years import parse_year
from handlers.documents.links import DocumentLinks
from handlers.documents.requests import BadRequest, DocumentRequest, build_document, current_year
from sheets.workbook import Snapshot
from templates import label, render, render_json

KIND_WORDS = {"analysis": ("วิเคราะห์", "analysis"), "progress": ("มาตรการ", "ความก้าวหน้า", "progress"),
              "complaints": ("ร้องเรียน", "สถิติ", "complaints")}


def choose_buttons() -> tuple[QuickReply, ...]:
    keyword = label("report")
    return (*(QuickReply(label(f"report_{kind}"), text=f"{keyword} {words[0]}") for kind, words in KIND_WORDS.items()),
            QuickReply(label("cancel"), text=label("cancel")))


def _kind_and_year(rest: str, this_year: int) -> tuple[str | None, int | None]:
    words = rest.split()
    if not words:
        return None, None
    kind = next((k for k, names in KIND_WORDS.items() if words[0].casefold() in names), None)
    year = parse_year(" ".join(words[1:]), this_year) if len(words) > 1 else None
    return kind, year


def report_command(links: DocumentLinks | None) -> Callable[[Context, Snapshot, str], list[Reply]]:
    def run(context: Context, snapshot: Snapshot, rest: str) -> list[Reply]:
        kind, year = _kind_and_year(rest, current_year(snapshot, context.now.date()))
        if kind is None:
            return [Text(render("report_choose.txt.j2", example_year=context.example_year), choose_buttons())]
        request = DocumentRequest(kind, year)
        try:
            document = build_document(snapshot, request, context.now.date())
        except BadRequest as error:
            return [Text(render("report_refused.txt.j2", reason=str(error)), choose_buttons())]
        if links is None:
            return [Text(render("report_no_url.txt.j2", kind=kind), menu_buttons_for(context))]
        docx, pdf = links.issue(request, "docx"), links.issue(request, "pdf")
        values = {"title": document.title_lines[:3], "docx": docx.url, "pdf": pdf.url,
                  "expires": f"{format_thai_date(docx.expires)} {docx.expires:%H:%M} น.",
                  "image": links.issue(request, "png").url if document.charts else None}
        alt = render("report_links.txt.j2", title=" ".join(document.title_lines[:2]), docx=docx.url, pdf=pdf.url,
                     expires=values["expires"])
        if not document.notes:
            return [Flex(alt, render_json("report_card.json.j2", **values), menu_buttons_for(context))]
        return [Text(render("report_notes.txt.j2", notes=document.notes)),
                Flex(alt, render_json("report_card.json.j2", **values), menu_buttons_for(context))]

    return run


def commands(links: DocumentLinks | None) -> tuple[Command, ...]:
    return (Command(("รายงาน", "report", "เอกสาร"), staff_only(report_command(links))),)

