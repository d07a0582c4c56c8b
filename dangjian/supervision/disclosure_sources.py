"""The 党务公开 sources of the apps below supervision, registered by SupervisionConfig.ready():
the dues 公示表 (dues.selectors.disclosure_statement, the same figures as the dues page and its
.xlsx), the 小微权力清单 (decisions), the recruitment 公示 (发展对象, 接收预备党员, 转正, with their
periods in working days) and the rectification results (this app). See sources.py for the
registry and for how an app above supervision adds its own.

The dues, decisions and recruitment apps have no selector for these lists beyond the dues
statement, so the reads below use their models' managers, read-only; the rights are checked by
the disclosure service (each source's `view_action`) before a build runs.
"""

from __future__ import annotations

import datetime

from django.db.models import Q

from dangjian.core.roles import Action
from dangjian.core.scoping import path_filter
from dangjian.core.workdays import working_days_between
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.selectors import roots_holding
from dangjian.supervision.sources import DisclosureSource, SourceContent, register_source

NOTICE_STEPS = {"12": "发展对象公示", "17": "接收预备党员公示", "24": "预备党员转正公示"}


def _money(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def _one(build_many):
    """A source's build(org, year) for one organization: its build_many over a list of one."""
    return lambda org, year: build_many([org], year)[org.pk]


def _roots(orgs: list[PartyOrg], path_field: str = "org__path") -> tuple[dict[str, int], Q]:
    """(path → id, the filter matching rows under any of them) for a read over several subtrees."""
    roots = {org.path: org.pk for org in orgs}
    return roots, path_filter(list(roots), path_field)


def dues_statement_many(orgs: list[PartyOrg], year: int) -> dict[int, SourceContent]:
    from dangjian.dues.selectors import disclosure_statements

    statements = disclosure_statements(orgs, year)
    contents = {}
    for org in orgs:
        rows = statements[org.pk]
        total = sum((r.total for r in rows), start=0)
        contents[org.pk] = SourceContent(
            title=f"{org.name}{year}年度党费交纳情况公示",
            body=(f"根据党费收缴、使用和管理的有关规定，现将{org.name}{year}年度党员交纳党费情况予以公示。"
                  f"全年共 {len(rows)} 名党员交纳党费，合计 {total:.2f} 元。如有疑问，请向党支部组织委员反映。"),
            columns=["姓名", "所在党组织", *[f"{m}月" for m in range(1, 13)], "合计（元）", "自愿多交（元）"],
            rows=[[r.member_name, r.org_name, *[_money(r.amounts[m]) for m in range(1, 13)], _money(r.total),
                   _money(r.extra)] for r in rows])
    return contents


def decisions_powers_many(orgs: list[PartyOrg], year: int) -> dict[int, SourceContent]:
    from dangjian.decisions.models import Power

    roots, under = _roots(orgs)
    powers: dict[int, list] = {org.pk: [] for org in orgs}
    for p in Power.objects.filter(under).select_related("org").order_by("org__path", "id"):
        for org_id in roots_holding(roots, p.org.path):
            powers[org_id].append([p.name, p.basis, p.responsible_post, " → ".join(p.step_list), p.risk_points])
    return {org.pk: SourceContent(
        title=f"{org.name}小微权力清单（{year}年）",
        body=f"现将{org.name}小微权力事项、设定依据、责任岗位、运行流程及风险防控措施予以公开，接受党员群众监督。",
        columns=["权力事项", "设定依据", "责任岗位", "运行流程", "风险点及防控措施"],
        rows=powers[org.pk]) for org in orgs}


def recruitment_notices_many(orgs: list[PartyOrg], year: int) -> dict[int, SourceContent]:
    from dangjian.recruitment.models import StepRecord

    roots, under = _roots(orgs, "file__org__path")
    records = (StepRecord.objects.filter(under, code__in=list(NOTICE_STEPS))
               .select_related("file", "file__org").order_by("occurred_on", "id"))
    rows: dict[int, list] = {org.pk: [] for org in orgs}
    for r in records:
        start, end = r.facts.get("publicity_start"), r.facts.get("publicity_end")
        if not start or not end or not str(start).startswith(str(year)):
            continue
        first, last = datetime.date.fromisoformat(str(start)), datetime.date.fromisoformat(str(end))
        row = [r.file.name, NOTICE_STEPS[r.code], r.file.org.name, f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}",
               str(working_days_between(first, last))]
        for org_id in roots_holding(roots, r.file.org.path):
            rows[org_id].append(list(row))
    return {org.pk: SourceContent(
        title=f"{org.name}{year}年发展党员公示",
        body=("经党支部研究，现将下列同志的有关情况予以公示。公示期间，党员和群众可通过来电、来信、来访等方式向党支部或"
              "上级党委反映公示对象的情况和问题。"),
        columns=["姓名", "公示事项", "所在党组织", "公示开始", "公示结束", "公示工作日数"], rows=rows[org.pk]) for org in orgs}


def rectification_results_many(orgs: list[PartyOrg], year: int) -> dict[int, SourceContent]:
    from django.db.models import Count

    from dangjian.supervision.models import RectificationBatch
    from dangjian.supervision.rules.rectification import ItemState

    roots, under = _roots(orgs)
    batches = (RectificationBatch.objects.filter(under, issued_on__year=year)
               .select_related("issuer", "org").order_by("issued_on", "id")
               .annotate(total=Count("items"), closed=Count("items", filter=Q(items__state=ItemState.CLOSED))))
    rows: dict[int, list] = {org.pk: [] for org in orgs}
    for b in batches:
        for org_id in roots_holding(roots, b.org.path):
            rows[org_id].append([b.title, b.get_source_display(), f"{b.issued_on:%Y-%m-%d}", str(b.total),
                                 str(b.closed), str(b.total - b.closed)])
    return {org.pk: SourceContent(
        title=f"{org.name}{year}年反馈问题整改情况",
        body=f"现将{org.name}{year}年巡察、督导、自查等反馈问题的整改情况予以公开，接受党员群众监督。",
        columns=["整改批次", "问题来源", "反馈日期", "问题数", "已销号", "正在整改"], rows=rows[org.pk]) for org in orgs}


dues_statement = _one(dues_statement_many)
decisions_powers = _one(decisions_powers_many)
recruitment_notices = _one(recruitment_notices_many)
rectification_results = _one(rectification_results_many)


def register_builtin_sources() -> None:
    register_source(DisclosureSource("dues_statement", "党费交纳情况公示表（党费）", Action.DUES_VIEW, dues_statement,
                                     catalogue_key="dues", build_many=dues_statement_many))
    register_source(DisclosureSource("decisions_powers", "小微权力清单（议事决策）", Action.DECISIONS_VIEW,
                                     decisions_powers, catalogue_key="powers", build_many=decisions_powers_many))
    register_source(DisclosureSource("recruitment_notices", "发展党员公示（发展党员）", Action.RECRUITMENT_VIEW,
                                     recruitment_notices, catalogue_key="recruitment", build_many=recruitment_notices_many))
    register_source(DisclosureSource("rectification_results", "反馈问题整改情况（整改台账）", Action.RECTIFICATION_VIEW,
                                     rectification_results, catalogue_key="rectification",
                                     build_many=rectification_results_many))
