"""会议记录 as an editable .docx (and a PDF for printing) in the layout secretaries use: the organization and title on
top, then the 会议记录 table (名称, 时间, 地点, 主持人, 记录人, 应到/实到, 出席, 缺席及原因, 列席,
主题, 议程, 记录, 决议), and the signature lines of the host and the recorder. python-docx
writes it through dangjian.core.docx (A4, 宋体 / 黑体 in the East Asian font slot).

Several records (a period's, for an inspection) go into one document, one record per page."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects

from dangjian.core.docx import SIGNATURE, a4_document, record_page
from dangjian.orglife.models import Attendance, Meeting


def _names(rows, present: bool) -> str:
    chosen = [a for a in rows if a.present == present]
    if present:
        return "、".join(a.member.name + ("（预备党员）" if not a.can_vote else "") for a in chosen) or "无"
    return "；".join(f"{a.member.name}（{a.get_absence_reason_display()}{'：' + a.note if a.note else ''}）"
                    for a in chosen) or "无"


def _date(meeting: Meeting) -> str:
    text = f"{meeting.held_on.year}年{meeting.held_on.month}月{meeting.held_on.day}日"
    if meeting.starts_at:
        text += f" {meeting.starts_at:%H:%M}"
        if meeting.ends_at:
            text += f"—{meeting.ends_at:%H:%M}"
    return text


def with_minutes_rows(meetings: list[Meeting]) -> list[Meeting]:
    """The attendance (with the members) and the amendments of every record in two queries in
    all: a year's records read them record by record took two queries per record."""
    prefetch_related_objects(meetings, Prefetch("attendance", to_attr="minutes_rows", queryset=(
        Attendance.objects.select_related("member").order_by("member__name"))), Prefetch(
        "amendments", to_attr="minutes_amendments"))
    return meetings


def minutes_facts(meeting: Meeting) -> dict:
    """What a 会议记录 says, in its order: the .docx and the PDF are both written from this."""
    if not hasattr(meeting, "minutes_rows"):
        with_minutes_rows([meeting])
    rows = meeting.minutes_rows
    quorum = ("" if meeting.quorate is None else
              "（达到法定人数）" if meeting.quorate else "（未达到法定人数，不计入考核）")
    facts = [
        ("会议名称", f"{meeting.get_kind_display()}" + (f"（{meeting.group.name}）" if meeting.group_id else "")
         + ("（补开）" if meeting.makeup_for else "")),
        ("时　　间", _date(meeting)),
        ("地　　点", meeting.place),
        ("主 持 人", meeting.host.name if meeting.host_id else ""),
        ("记 录 人", meeting.recorder.name if meeting.recorder_id else ""),
    ]
    if meeting.lecturer_display:
        facts.append(("授 课 人", meeting.lecturer_display))
    facts += [
        ("应到人数", f"{meeting.expected_count} 人（有表决权 {meeting.voting_expected} 人）"),
        ("实到人数", f"{meeting.present_count} 人（有表决权 {meeting.voting_present} 人）{quorum}"),
        ("出席人员", _names(rows, True)),
        ("缺席人员及原因", _names(rows, False)),
        ("会议主题", meeting.topic),
        ("会议议程", meeting.agenda),
        ("会议记录", meeting.minutes),
        ("决议事项", meeting.resolutions or "无"),
    ]
    amendments = "；".join(f"{a.amended_at:%Y-%m-%d} {a.reason}" for a in meeting.minutes_amendments)
    return {"org": meeting.org.name, "title": f"{meeting.get_kind_display()}会议记录", "facts": facts,
            "amendments": amendments}


def minutes_docx(out, meetings: list[Meeting]) -> int:
    """Write the records (one per page) to `out`; returns how many."""
    document = a4_document()
    for index, meeting in enumerate(with_minutes_rows(meetings)):
        if index:
            document.add_page_break()
        record = minutes_facts(meeting)
        record_page(document, org=record["org"], title=record["title"], facts=record["facts"],
                    signatures=f"主持人（签字）：{SIGNATURE}　　　　记录人（签字）：{SIGNATURE}",
                    note=f"更正记录：{record['amendments']}" if record["amendments"] else "")
    document.save(out)
    return len(meetings)


def minutes_pdf(meetings: list[Meeting]) -> bytes:
    """The same records as a PDF (one per page, CJK fonts embedded) for printing as is."""
    from dangjian.core.pdf import render_pdf

    return render_pdf("orglife/minutes_print.html",
                      {"records": [minutes_facts(m) for m in with_minutes_rows(meetings)], "signature": SIGNATURE})


def minutes_pdf_in_parts(meetings: list[Meeting], *, on_progress, part: int = 10) -> bytes:
    """The same PDF laid out `part` records at a time, calling on_progress(records done) after
    each, for the worker's progress bar; the pages are numbered on across the parts (the footer
    then says 第 n 页 without the total, which is not known until the last part is laid out)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    meetings = with_minutes_rows(meetings)
    documents, first_page = [], 1
    for start in range(0, len(meetings), part):
        html = render_to_string("orglife/minutes_print.html", {
            "records": [minutes_facts(m) for m in meetings[start:start + part]], "signature": SIGNATURE,
            "first_page": first_page})
        document = HTML(string=html, base_url=None).render()
        documents.append(document)
        first_page += len(document.pages)
        on_progress(min(start + part, len(meetings)))
    return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()
