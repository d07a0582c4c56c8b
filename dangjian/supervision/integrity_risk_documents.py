"""The printable 廉政风险点及防控措施一览表 of a school for a year, as PDF and .docx: title, school,
year, the table (岗位, 权力事项, 风险点, 等级, 防控措施, 责任人, 复核日期) and the 公示 record. The
rows are those of the year's latest 公示 (what was published, not the ledger as it is now); before
any 公示 the school's active risks, marked as not yet published."""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH

from dangjian.core import docx as D
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.models import RiskPublication
from dangjian.supervision.services import integrity_risk as services

HEADER = ["序号", "岗位", "小微权力事项", "风险点描述", "风险等级", "防控措施", "责任人", "复核日期"]
KEYS = ("post", "power", "description", "level", "measures", "owner", "review_due")


@dataclass
class RiskList:
    org: PartyOrg
    year: int
    title: str
    schools: str
    rows: list[list[str]]
    publication: RiskPublication | None

    @property
    def record(self) -> str:
        p = self.publication
        if p is None:
            return "本清单尚未向教职工公示。"
        return f"公示日期：{p.published_on.year}年{p.published_on.month}月{p.published_on.day}日　公示人：{p.published_by_name}　公示范围：本校全体教职工"


def risk_list(org: PartyOrg, year: int) -> RiskList:
    publication = RiskPublication.objects.filter(org=org, year=year).order_by("-published_on", "-id").first()
    if publication is not None:
        raw, title, schools = publication.rows, publication.title, publication.school_names
    else:
        raw = services.publication_rows(services.active_risks(org))
        title = services.list_title(org, year)
        schools = "、".join(s.name for s in services.schools_of(org)) or org.name
    rows = [[str(i), *[str(r.get(k, "")) for k in KEYS]] for i, r in enumerate(raw, 1)]
    return RiskList(org=org, year=year, title=title, schools=schools, rows=rows, publication=publication)


def write_docx(doc: RiskList, handle) -> None:
    document = D.a4_document()
    D.paragraph(document, doc.schools, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=D.TITLE_FONT)
    D.paragraph(document, doc.title, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, font_name=D.TITLE_FONT)
    D.paragraph(document, f"年度：{doc.year}年　　党组织：{doc.org.name}", size=11)
    D.table(document, HEADER, doc.rows or [["", "", "", "（无在册风险点）", "", "", "", ""]],
            widths=[1.0, 1.8, 2.2, 3.2, 1.2, 3.8, 1.4, 1.8])
    D.paragraph(document, "")
    D.paragraph(document, doc.record, size=11)
    D.paragraph(document, f"{doc.org.name}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.save(handle)
