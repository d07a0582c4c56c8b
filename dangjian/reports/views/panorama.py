"""全景: a committee's figures over its subtree — for a county its schools in a table, for the
city a card per county and a table of the counties — with charts and drill-down to the county,
the school and each module's page for the same organization.

Who sees it: the committees' administrators, who oversee the schools under them
(report.panorama, held only on an education committee); a school's secretary holds no such
right and is refused (403, as on the oversight page), and an organization outside one's scope is
a 404. A school-level organization has no 全景 (its figures are its own pages): 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dangjian.core.roles import Action
from dangjian.members.selectors import in_service_count
from dangjian.orgs.current import org_for
from dangjian.orgs.models import OrgKind
from dangjian.reports.committee_facts import CommitteeFacts, committee_facts
from dangjian.reports.coverage_change import coverage_change

PANORAMA_ACTION = Action.REPORT_PANORAMA


def panorama_org(request):
    org = org_for(request, request.GET.get("org"), PANORAMA_ACTION)
    if org.kind != OrgKind.EDUCATION_COMMITTEE:
        raise Http404("全景只对教育党组织（市、区县）提供")
    return org


def _short(name: str) -> str:
    # "东城区教育党工委" → "东城区": long labels get clipped on a chart's axis
    return name.removesuffix("教育党工委").removesuffix("教育工委") or name


def charts(facts: CommitteeFacts) -> dict:
    """The data of the page's charts (rendered by reports/panorama.js from json_script)."""
    units = [u for u in facts.units if u.org_id]
    labels = [_short(u.name) for u in units]
    total = facts.total
    return {
        "rates": {
            "labels": labels,
            "series": [
                {"name": "组织生活达标率", "data": [u.orglife_rate for u in units]},
                {"name": "党费收缴率", "data": [u.dues_rate for u in units]},
                {"name": "组织覆盖率", "data": [u.coverage_rate for u in units]},
            ],
        },
        "problems": {
            "labels": labels,
            "series": [
                {"name": "整改逾期", "data": [u.rect_overdue for u in units]},
                {"name": "整改未销号", "data": [u.rect_open for u in units]},
                {"name": "议事决策问题", "data": [u.decision_findings for u in units]},
                {"name": "欠缴3个月以上", "data": [u.arrears_3 for u in units]},
            ],
        },
        "stars": {
            "labels": [f"{s}星" for s in range(len(total.star_counts) - 1, -1, -1)] + ["已摘星"],
            "values": [total.star_counts[s] for s in range(len(total.star_counts) - 1, -1, -1)] + [total.revoked],
        },
    }


def module_links(facts: CommitteeFacts, org_id: int) -> dict:
    """Each module's page for the organization `org_id`, with the period the figure is of."""
    month = facts.dues_month.strftime("%Y-%m")
    return {
        "orglife": f"{reverse('orglife:compliance')}?org={org_id}&period={facts.quarter.code}",
        "dues": f"{reverse('dues:collection')}?org={org_id}&month={month}",
        "arrears": f"{reverse('dues:arrears')}?org={org_id}",
        "plan": f"{reverse('recruitment:plan')}?org={org_id}&year={facts.year}",
        "oversight": f"{reverse('decisions:oversight')}?org={org_id}&year={facts.year}",
        "ratings": f"{reverse('appraisal:ratings')}?org={org_id}" + (
            f"&year={facts.rating_year}" if facts.rating_year else ""),
        "weak": f"{reverse('appraisal:rating_weak')}?org={org_id}&state=rectifying",
        "rectification": f"{reverse('supervision:overview')}?org={org_id}",
        "overdue": f"{reverse('supervision:ledger')}?org={org_id}&state=overdue",
        "members": f"{reverse('members:list')}?within={org_id}",
        "schools": f"{reverse('orgs:school_list')}?within={org_id}",
    }


def panorama(request):
    org = panorama_org(request)
    today = timezone.localdate()
    facts = committee_facts(request.user, org, today)
    for unit in facts.units:
        unit.links = module_links(facts, unit.org_id) if unit.org_id else {}
        if unit.is_county:
            unit.drill = f"{reverse('reports:panorama')}?org={unit.org_id}"
    return render(request, "reports/panorama.html", {
        "org": org, "facts": facts, "total": facts.total, "units": facts.units,
        "links": module_links(facts, org.pk), "charts": charts(facts),
        "parent": _parent(request, org), "coverage": coverage_change(org, request.GET.get("since"), today),
        **_in_service(org, facts),
    })


def _in_service(org, facts: CommitteeFacts) -> dict:
    """在职 and 离退休 among the subtree's members (a summary's 在职教职工党员)."""
    in_service = in_service_count(org.path)
    return {"in_service": in_service, "retired": facts.total.members - in_service}


def _parent(request, org):
    """The city's 全景 from a county's, when the user may open it (a breadcrumb up)."""
    from dangjian.core.scoping import scope_of
    from dangjian.orgs.models import PartyOrg

    if org.depth <= 1:
        return None
    parent = PartyOrg.objects.filter(path=org.path[:-PartyOrg.steplen]).first()
    if parent is not None and parent.kind == OrgKind.EDUCATION_COMMITTEE and scope_of(request.user).allows(
            PANORAMA_ACTION, parent.path):
        return parent
    return None




def summary(request, fmt: str = "docx"):
    """The committee's 中小学校党建工作总结 drafted from the 全景's figures (.docx to edit, PDF to
    print), for whoever may open the 全景 of that committee. Aggregates only, no person's data:
    not counted against the bulk-export limit and not audited, like the 全景 page itself."""


    from dangjian.core.docx import docx_response
    from dangjian.core.pdf import pdf_response
    from dangjian.reports import committee_summary

    org = panorama_org(request)
    today = timezone.localdate()
    doc = committee_summary.summary_document(committee_facts(request.user, org, today),
                                             coverage_change(org, None, today))
    name, fallback = f"{org.name}_{today.year}年度中小学校党建工作总结（初稿）", f"summary-{org.pk}-{today.year}"
    if fmt == "pdf":
        return pdf_response(committee_summary.render_pdf(doc), f"{name}.pdf", f"{fallback}.pdf")
    return docx_response(lambda handle: committee_summary.write_docx(handle, doc), f"{name}.docx", f"{fallback}.docx")
