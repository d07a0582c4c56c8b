"""The documents of 评星定级, laid out as a party office makes them by hand:

    自评表 (xlsx)          a school's items by area: points, self-score, review, final score
    评定结果公示 (docx/PDF)  the committee's notice of a batch: the organizations and their stars, the
                           period in working days and where objections go
    黑榜通报 (docx/PDF)    the notice of a 摘星: the situation, the facts, the decision and the 整顿 plan

The .docx through dangjian.core.docx (宋体/黑体 in the East Asian slot), the PDF through
dangjian.core.pdf from templates/appraisal/rating/print_*.html, both from the same facts."""

from __future__ import annotations

import io

from django.http import HttpResponse
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dangjian.appraisal.models import Publicity, Revocation, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.core import audit
from dangjian.core.docx import TITLE_FONT, a4_document, cell, paragraph
from dangjian.core.exports import cn_date, content_disposition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- 自评表 -------------------------------------------------------------------------------------

def self_assessment_xlsx(request, rating: StarRating):
    from dangjian.core.exports import write_export
    from dangjian.core.spreadsheets import Column, subtitle_line

    columns = [Column("number", "序号", width=6), Column("area", "方面", width=12), Column("text", "标准内容", width=44),
               Column("points", "分值", width=6), Column("evidence", "佐证方式", width=12),
               Column("found", "系统计算情况 / 自评说明", width=40), Column("self", "自评得分", width=8),
               Column("review", "审核得分", width=8), Column("reason", "调整理由", width=24),
               Column("final", "最终得分", width=8)]
    rows = []
    for row in rating.scores.select_related("item", "item__area"):
        reason = "；".join(r for r in (row.review_reason, row.check_reason) if r)
        reviewed = row.check_score if row.check_score is not None else row.review_score
        rows.append({"number": row.item.number, "area": row.item.area.name, "text": row.item.text,
                     "points": str(row.item.points), "evidence": row.item.get_evidence_display(),
                     "found": "；".join(x for x in (row.auto_finding, row.self_note) if x),
                     "self": "" if row.self_score is None else str(row.self_score),
                     "review": "" if reviewed is None else str(reviewed), "reason": reason,
                     "final": "" if row.final is None else str(row.final)})
    total = rating.final_score or rating.reviewed_score or rating.self_score
    rows.append({"number": "", "area": "合计", "text": f"标准：{rating.standard}", "points": "",
                 "evidence": "", "found": f"星级：{rating.stars_label}", "self": str(rating.self_score or ""),
                 "review": str(rating.reviewed_score or ""), "reason": "", "final": str(total or "")})
    export = write_export(
        f"{rating.org.name}{rating.year}年度评星定级自评表.xlsx", f"rating-{rating.pk}.xlsx",
        title=f"{rating.org.name}{rating.year}年度评星定级自评表", columns=columns, rows=rows,
        subtitle=subtitle_line(rating.org.name, f"{rating.year}年度"),
        signature_lines=["党组织书记（签字）：　　　　　　　审核单位（盖章）：　　　　　　　　年　　月　　日"],
        sheet_name="自评表")
    audit.record("appraisal.rating_export", target=rating, changes={"format": "xlsx", "rows": export.rows})
    return export.response()


# --- 评定结果公示 -------------------------------------------------------------------------------

def publicity_record(publicity: Publicity) -> dict:
    ratings = list(publicity.ratings.select_related("org").order_by("-stars", "-final_score", "org__path"))
    standard = publicity.standard
    rows = [{"name": r.org.name, "score": f"{r.final_score}", "stars": R.STAR_LABELS.get(r.stars or 0, ""),
             "title": standard.title_name if r.title_awarded else ""} for r in ratings]
    five = sum(1 for r in ratings if r.stars == R.MAX_STARS)
    titles = sum(1 for r in ratings if r.title_awarded)
    intro = (f"根据《{standard.name}》，经学校党组织自评、上级党组织审核、{publicity.owner.name}抽查，"
             f"拟评定{publicity.year}年度星级党组织 {len(rows)} 个，其中五星级党组织 {five} 个"
             + (f"，“{standard.title_name}” {titles} 个" if standard.title_name else "") + "。现予以公示。")
    period = (f"公示时间：{cn_date(publicity.start)}至{cn_date(publicity.end)}（{publicity.working_days} 个工作日）。"
              "公示期间，如有异议，请以书面形式向公示单位反映，反映情况须实事求是，并署真实姓名。")
    return {"org": publicity.owner.name, "title": f"关于{publicity.year}年度学校党组织评星定级结果的公示",
            "intro": intro, "period": period, "rows": rows, "has_title": bool(standard.title_name),
            "title_name": standard.title_name, "signer": publicity.owner.name, "date": cn_date(publicity.start)}


def publicity_docx(publicity: Publicity) -> bytes:
    rec = publicity_record(publicity)
    document = a4_document()
    paragraph(document, rec["title"], size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    paragraph(document, rec["intro"])
    heads = ["序号", "党组织", "得分", "星级"] + (["达标称号"] if rec["has_title"] else [])
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for target, text in zip(table.rows[0].cells, heads, strict=True):
        cell(target, text, bold=True)
    for index, row in enumerate(rec["rows"], start=1):
        values = [str(index), row["name"], row["score"], row["stars"]] + ([row["title"]] if rec["has_title"] else [])
        for target, text in zip(table.add_row().cells, values, strict=True):
            cell(target, text)
    paragraph(document, "")
    paragraph(document, rec["period"])
    paragraph(document, f"{rec['signer']}\n{rec['date']}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- 黑榜通报 ----------------------------------------------------------------------------------

def notice_record(revocation: Revocation) -> dict:
    rating = revocation.rating
    owner = rating.standard.owner.name
    tasks = list(revocation.weak.tasks.all()) if hasattr(revocation, "weak") else []
    return {
        "org": owner, "number": revocation.notice_no,
        "title": f"关于对{revocation.org.name}予以摘星并纳入软弱涣散党组织管理的通报",
        "body": [
            f"{revocation.org.name}于{rating.year}年度被评定为{R.STAR_LABELS.get(revocation.stars_before, '')}党组织。"
            f"经查，该党组织出现“{revocation.situation_text}”的情形：{revocation.facts}",
            f"根据《{rating.standard.name}》关于动态管理的规定，经研究，决定撤销{revocation.org.name}"
            f"{R.STAR_LABELS.get(revocation.stars_before, '')}党组织称号（摘星），在黑榜予以通报，"
            "并纳入软弱涣散党组织进行管理，限期整顿。",
            "各学校党组织要引以为戒，对照标准查找不足，切实加强党组织自身建设。",
        ],
        "tasks": [{"title": t.title, "owner": t.owner_name, "deadline": cn_date(t.deadline)} for t in tasks],
        "signer": owner, "date": cn_date(revocation.decided_on),
    }


def notice_docx(revocation: Revocation) -> bytes:
    rec = notice_record(revocation)
    document = a4_document()
    paragraph(document, rec["number"], align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(document, rec["title"], size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=TITLE_FONT)
    for text in rec["body"]:
        paragraph(document, text)
    paragraph(document, "整顿任务：", bold=True)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for target, text in zip(table.rows[0].cells, ("序号", "整顿任务", "责任人", "完成时限"), strict=True):
        cell(target, text, bold=True)
    for index, task in enumerate(rec["tasks"], start=1):
        for target, text in zip(table.add_row().cells, (str(index), task["title"], task["owner"], task["deadline"]),
                                strict=True):
            cell(target, text)
    paragraph(document, "")
    paragraph(document, f"{rec['signer']}\n{rec['date']}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def respond(kind: str, obj, fmt: str, name: str, fallback: str) -> HttpResponse:
    """The .docx or PDF of a 公示 (`kind` "publicity") or a 黑榜通报 ("notice"), audited as an export."""
    from dangjian.core.pdf import pdf_response, render_pdf

    record = publicity_record(obj) if kind == "publicity" else notice_record(obj)
    audit.record(f"appraisal.{kind}_document", target=obj, changes={"format": fmt})
    if fmt == "pdf":
        return pdf_response(render_pdf(f"appraisal/rating/print_{kind}.html", {"record": record}), f"{name}.pdf",
                            f"{fallback}.pdf")
    data = publicity_docx(obj) if kind == "publicity" else notice_docx(obj)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition(f"{name}.docx", f"{fallback}.docx")
    response["Cache-Control"] = "no-store"
    return response
