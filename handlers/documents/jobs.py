"""progress-report: on 1 April and 1 October, the staff group gets the 6- or 12-month progress report's links."""

from __future__ import annotations

from datetime import date, timedelta

from common.thaitext import fiscal_year_bounds, fiscal_year_of
from handlers.conversation.replies import Text
from handlers.documents.links import DocumentLinks
from handlers.documents.office import measures_of
from handlers.documents.progress_report import default_as_of, half_year_end, round_label, status_counts
from handlers.documents.requests import DocumentRequest
from handlers.jobs.summaries import JobOutput
from sheets.workbook import Snapshot
from templates import label, render

NAME = "progress-report"
LINK_LIFETIME = timedelta(days=14)


def progress_report(snapshot: Snapshot, today: date, links: DocumentLinks | None) -> JobOutput:
    year = fiscal_year_of(today - timedelta(days=1))
    as_of = default_as_of(year, today)
    milestone = {half_year_end(year): "M6", fiscal_year_bounds(year)[1]: "M12"}.get(as_of, as_of.isoformat())
    counts = status_counts(measures_of(snapshot, year), as_of)
    output = JobOutput(f"{year}-{milestone}", round_label(year, as_of),
                       summary=f"มาตรการเสร็จ {counts['เสร็จสิ้น']} · กำลังดำเนินการ {counts['กำลังดำเนินการ']} · "
                               f"ยังไม่เริ่ม {counts['ยังไม่เริ่ม']} · เกินกำหนด {counts['เกินกำหนด']}")
    request = DocumentRequest("progress", year, as_of=as_of)
    urls = {kind: links.issue(request, kind, LINK_LIFETIME).url for kind in ("docx", "pdf")} if links else {}
    message = Text(render("progress_report_post.txt.j2", title=label(f"job_{NAME}"), subtitle=output.period_label,
                          year=year, counts=counts, urls=urls))
    group = snapshot.settings.get("staff_group_id", "")
    if group:
        output.posts.append((group, message))
    else:
        output.missing_setting = "staff_group_id"
    return output
