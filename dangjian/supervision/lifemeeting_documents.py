"""The documents of a 组织生活会, each as an editable .docx (python-docx through core/docx.py) and a
PDF to print (WeasyPrint through core/pdf.py), both written from the same facts:

- 对照检查材料: the organization and title, whose material, 一、查摆的问题 (each with its measures
  and deadline), 二、产生问题的原因, 三、努力方向和整改措施, the reviewer's line;
- 会议记录: orglife's 会议记录 of the meeting (minutes_facts) with the process's own rows — 列席
  指导, 双重组织生活, 批评与自我批评 per participant;
- 情况报告: addressed to the higher committee: 会前准备, 会议召开, 查摆的问题, 整改措施 (the 整改
  台账 items), other matters, the seal and date lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH

from dangjian.core.docx import SIGNATURE, TITLE_FONT, a4_document, paragraph, record_page
from dangjian.core.exports import cn_date
from dangjian.orglife.minutes import minutes_facts
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models.lifemeeting import Criticism, LifeMeeting, ReviewMaterial
from dangjian.supervision.models.rectification import RectificationItem
from dangjian.supervision.rules import lifemeeting as R


@dataclass
class Document:
    """A document as headed sections of paragraphs (the .docx and the PDF read the same)."""

    org: str
    title: str
    intro: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    draft: bool = False


# --- 对照检查材料 ---------------------------------------------------------------------------------

def material_document(material: ReviewMaterial) -> Document:
    life = material.life
    problems = list(material.problems.all())
    whose = f"{material.member.name}同志" if material.member_id else f"{life.org.name}领导班子"
    reviewed = (f"审核意见：已审核（{material.reviewed_by.display_name or material.reviewed_by.username}，"
                f"{cn_date(material.reviewed_on)}）" if material.state == R.MaterialState.APPROVED and material.reviewed_by
                else f"审核意见：已审核（{cn_date(material.reviewed_on)}）" if material.state == R.MaterialState.APPROVED
                else f"审核状态：{material.get_state_display()}")
    return Document(
        org=life.org.name, title=f"{life.year}年度{life.get_kind_display()}对照检查材料",
        intro=[f"{whose}　　会议主题：{life.topic}"],
        sections=[
            ("一、查摆的问题", [f"{p.sequence}．{p.problem}" for p in problems]),
            ("二、产生问题的原因", [material.causes]),
            ("三、努力方向和整改措施", [
                f"{p.sequence}．{p.measures}" + (f"（整改期限：{cn_date(p.deadline)}）" if p.deadline else "")
                for p in problems] + ([material.commitments] if material.commitments else [])),
        ],
        closing=[reviewed, f"本人签字：{SIGNATURE}　　　　年　　月　　日"],
        draft=material.state != R.MaterialState.APPROVED)


# --- 会议记录 ---------------------------------------------------------------------------------------

def minutes_record(life: LifeMeeting) -> dict:
    """orglife's 会议记录 of the meeting, with the process's own rows after the attendance."""
    record = minutes_facts(life.meeting)
    rows = list(record["facts"])
    extra = []
    if life.observer_name:
        extra.append(("列席指导", f"{life.observer_name}（{life.observer_org.name if life.observer_org_id else ''}）"))
    if life.kind == R.Kind.LIFE_MEETING:
        leaders = list(life.dual_life.order_by("name"))
        extra.append(("双重组织生活", "、".join(m.name for m in leaders) + "以普通党员身份参加" if leaders else "无"))
    criticisms: dict[int, list[Criticism]] = {}
    for row in Criticism.objects.filter(life=life).select_related("subject", "critic").order_by("subject__name", "id"):
        criticisms.setdefault(row.subject_id, []).append(row)
    lines = []
    for rows_of in criticisms.values():
        subject = rows_of[0].subject.name
        for row in rows_of:
            if row.kind == R.CriticismKind.SELF:
                lines.append(f"{subject}（自我批评）：{row.content}")
            elif row.kind == R.CriticismKind.MUTUAL:
                lines.append(f"　{row.critic.name if row.critic_id else ''}对{subject}提出：{row.content}")
            else:
                lines.append(f"　{subject}表态：{row.content}")
    extra.append(("批评与自我批评", "\n".join(lines) or "（会后尚未登记）"))
    at = next((i for i, (label, _) in enumerate(rows) if label == "会议主题"), len(rows))
    record["facts"] = rows[:at] + extra + rows[at:]
    record["title"] = f"{life.year}年度{life.get_kind_display()}会议记录"
    return record


def minutes_docx(out, life: LifeMeeting) -> None:
    document = a4_document()
    record = minutes_record(life)
    record_page(document, org=record["org"], title=record["title"], facts=record["facts"],
                signatures=f"主持人（签字）：{SIGNATURE}　　　　记录人（签字）：{SIGNATURE}",
                note=f"更正记录：{record['amendments']}" if record["amendments"] else "")
    document.save(out)


def minutes_pdf(life: LifeMeeting) -> bytes:
    from dangjian.core.pdf import render_pdf

    return render_pdf("orglife/minutes_print.html", {"records": [minutes_record(life)], "signature": SIGNATURE})


# --- 情况报告 ---------------------------------------------------------------------------------------

def report_document(life: LifeMeeting) -> Document:
    parent = PartyOrg.objects.filter(path=life.org.path[:-PartyOrg.steplen]).first() if life.org.depth > 1 else None
    meeting = life.meeting
    studies, opinions = list(life.studies.all()), life.opinions.count()
    talks = life.talks.filter(held_on__isnull=False).count()
    materials = ReviewMaterial.objects.filter(life=life, state=R.MaterialState.APPROVED).prefetch_related("problems")
    problems = [(m.owner_label, p) for m in materials for p in m.problems.all()]
    items = list(RectificationItem.objects.filter(life_problem__material__life=life).order_by("number"))
    prep = [
        f"学习研讨 {len(studies)} 次：" + "；".join(f"{cn_date(s.held_on)}{s.get_form_display()}“{s.topic}”" for s in studies)
        + "。",
        f"通过座谈会、个别访谈、征求意见表等方式征求意见 {opinions} 条，汇总后反馈给参会人员。",
        f"开展谈心谈话 {talks} 对、{talks * 2} 人次。",
        f"撰写对照检查材料 {materials.count()} 份，均经审核。",
    ]
    held = [f"{cn_date(meeting.held_on)}在{meeting.place}召开{life.get_kind_display()}，主题为“{life.topic}”。"
            f"应到 {meeting.expected_count} 人，实到 {meeting.present_count} 人。"]
    if life.observer_name:
        held.append(f"{life.observer_org.name if life.observer_org_id else '上级党组织'}{life.observer_name}同志到会列席指导。")
    if life.kind == R.Kind.LIFE_MEETING:
        leaders = list(life.dual_life.order_by("name"))
        if leaders:
            held.append(f"党员领导干部{'、'.join(m.name for m in leaders)}以普通党员身份参加会议，过好双重组织生活。")
    held.append("会上，参会人员逐一作对照检查，开展批评和自我批评，并作表态发言。")
    sections = [
        ("一、会前准备情况", prep),
        ("二、会议召开情况", held),
        ("三、查摆的主要问题", [f"{i}．{p.problem}（{owner}）" for i, (owner, p) in enumerate(problems, start=1)] or ["无"]),
        ("四、整改措施", [f"{i.number}．{i.measures or i.problem}（责任人：{i.owner_name}，整改期限：{cn_date(i.deadline)}）"
                        for i in items] or ["查摆的问题尚未列入整改台账。"]),
    ]
    if life.report_text:
        sections.append(("五、其他需要报告的情况", [life.report_text]))
    due = f"（报送期限：{cn_date(life.report_due)}，依据：{life.report_source}）" if life.report_due else ""
    return Document(
        org=life.org.name, title=f"关于召开{life.year}年度{life.get_kind_display()}情况的报告",
        intro=[f"{parent.name if parent else '上级党组织'}："], sections=sections,
        closing=[f"{life.org.name}（盖章）", cn_date(life.reported_on) if life.reported_on else "年　　月　　日", due],
        draft=life.stage != R.Stage.REPORTED)


# --- writing ----------------------------------------------------------------------------------------

def document_docx(out, doc: Document) -> None:
    document = a4_document()
    paragraph(document, doc.org, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, doc.title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    if doc.draft:
        paragraph(document, "（草稿，尚未完成审核或报送）", size=10, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in doc.intro:
        paragraph(document, line)
    for heading, lines in doc.sections:
        paragraph(document, heading, size=13, bold=True, font_name=TITLE_FONT)
        for line in lines:
            paragraph(document, f"　　{line}")
    paragraph(document, "")
    for line in doc.closing:
        if line:
            paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.save(out)


def document_pdf(doc: Document) -> bytes:
    from dangjian.core.pdf import render_pdf

    return render_pdf("supervision/lifemeeting/document_print.html", {"doc": doc})
