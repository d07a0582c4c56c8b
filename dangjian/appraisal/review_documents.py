"""The branch's 民主评议党员结果 report, as an editable .docx and a PDF for printing, written from
the same data: the organization and title, the facts of the round (基准日, 测评, 评定会议), the
distribution of grades, a table of every member's 测评 votes and grade, the follow-up tasks and
the signature lines of the secretary and the branch's seal."""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH

from dangjian.appraisal.models import FollowUp, MemberGrade, PollCount, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster, rules_for
from dangjian.core.docx import SIGNATURE, TITLE_FONT, a4_document, paragraph, table
from dangjian.core.exports import cn_date


@dataclass
class ReportData:
    org: str
    title: str
    facts: list[tuple[str, str]]
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    tasks: list[list[str]] = field(default_factory=list)
    final: bool = True


def review_report_data(round_: ReviewRound) -> ReportData:
    entries = roster(round_)
    counts = {c.member_id: c for c in PollCount.objects.filter(round=round_)}
    grades = {g.member_id: g for g in MemberGrade.objects.filter(round=round_)}
    rules = rules_for(round_.org, round_.as_of)
    full = sum(1 for e in entries if not e.probationary)
    distribution = {g: sum(1 for x in grades.values() if x.grade == g) for g in R.Grade.values}
    spread = "，".join(f"{R.Grade(g).label} {n} 人" for g, n in distribution.items() if n) or "尚未评定"
    facts = [
        ("评议年度", f"{round_.year}年度"),
        ("评议基准日", cn_date(round_.as_of)),
        ("评议党员", f"{len(entries)} 人（正式党员 {full} 人，预备党员 {len(entries) - full} 人）"),
        ("民主测评", (f"{round_.get_poll_mode_display()}，参加测评 {round_.present} 人" if round_.present
                  else round_.get_poll_mode_display() or "尚未进行")),
        ("评定会议", (f"{round_.get_decided_by_display()}（{cn_date(round_.decided_on)}）" if round_.decided_on
                  else "尚未评定")),
        ("评定结果", f"{spread}；“优秀”不超过正式党员的 {rules.share_label}（上限 {R.excellent_cap(full, rules)} 人）"),
        ("进行到", round_.get_state_display()),
    ]
    rows = []
    for index, e in enumerate(entries, start=1):
        c = counts.get(e.member.pk)
        g = grades.get(e.member.pk)
        votes = [str(getattr(c, name)) if c else "" for name in R.POLL_GRADES]
        rows.append([str(index), e.member.name, "预备党员" if e.probationary else "正式党员", *votes,
                     g.get_grade_display() if g else "", g.note if g else ""])
    tasks = [[t.grade.member.name, t.get_kind_display(), t.owner.name if t.owner_id else "", cn_date(t.deadline),
              t.get_outcome_display() if t.outcome else "进行中"]
             for t in FollowUp.objects.filter(grade__round=round_).select_related("grade__member", "owner")
             .order_by("grade__member__name_pinyin", "id")]
    return ReportData(org=round_.org.name, title=f"{round_.year}年度民主评议党员结果", facts=facts,
                      headers=["序号", "姓名", "类别", *[f"{R.Grade(g).label}票" for g in R.POLL_GRADES], "评定等次",
                               "评定意见"],
                      rows=rows, tasks=tasks, final=R.reached(round_.state, R.Step.REPORTED))


def review_docx(out, data: ReportData) -> None:
    document = a4_document()
    paragraph(document, data.org, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, data.title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    if not data.final:
        paragraph(document, "（评议尚未完成，以下为当前情况，非最终结果）", size=10, align=WD_ALIGN_PARAGRAPH.CENTER)
    table(document, ["项目", "情况"], [[label, value] for label, value in data.facts])
    paragraph(document, "")
    paragraph(document, "党员评议情况", size=13, bold=True, font_name=TITLE_FONT)
    table(document, data.headers, data.rows)
    if data.tasks:
        paragraph(document, "")
        paragraph(document, "评议结果处置和改进", size=13, bold=True, font_name=TITLE_FONT)
        table(document, ["姓名", "任务", "责任人", "期限", "结果"], data.tasks)
    paragraph(document, "")
    paragraph(document, f"党支部书记（签字）：{SIGNATURE}　　　　党支部（盖章）\n\n"
                        "　　　　　　　　　　　　　　　　　　　　　　年　　月　　日")
    if data.final:
        paragraph(document, "评议结果已向上级党组织报告并通报本人。", size=10)
    document.save(out)


def review_pdf(data: ReportData) -> bytes:
    from dangjian.core.pdf import render_pdf

    return render_pdf("appraisal/review/report_print.html", {"data": data, "signature": SIGNATURE})
