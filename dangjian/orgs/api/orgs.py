"""API of the organization tree and schools: thin endpoints over the selectors and services.

Every read starts from `Model.objects.visible_to(request.auth)`, and every single object comes
through `get_visible_or_404`, so an id outside the caller's scope is the same 404 as an id that
does not exist. Ids are bounded in the path (1 … bigint max) so a silly id is a 422, never a
database overflow.
"""

from __future__ import annotations

from django.utils import timezone
from ninja import Path, Query, Router

from dangjian.core.api import error_responses
from dangjian.core.roles import Post
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs import selectors, services
from dangjian.orgs.models import OrgKind, Ownership, PartyOrg, Position, School, SchoolType
from dangjian.orgs.schemas import (
    MAX_ID,
    OrgChanges,
    OrgDetail,
    OrgFilter,
    OrgPage,
    SchoolDetail,
    SchoolFilter,
    SchoolPage,
    no_org_label,
)
from dangjian.orgs.selectors import narrow_orgs, narrow_schools

router = Router(tags=["组织与学校"])

ObjectId = Path(..., ge=1, le=MAX_ID, description="编号")


def _ref(org: PartyOrg | None, scope) -> dict | None:
    if org is None:
        return None
    return {"id": org.pk if scope.allows("org.view", org.path) else None, "name": org.name}


def _org_item(org: PartyOrg) -> dict:
    return {
        "id": org.pk, "code": org.code, "name": org.name, "kind": org.kind, "kind_label": OrgKind(org.kind).label,
        "depth": org.depth, "child_count": org.numchild, "is_active": org.is_active, "term_end": org.term_end,
    }


def _parent_of(org: PartyOrg) -> PartyOrg | None:
    if org.depth <= 1:
        return None
    return PartyOrg.objects.filter(path=org.path[: -PartyOrg.steplen]).first()


def _org_detail(org: PartyOrg, user) -> dict:
    today = timezone.localdate()
    total, full = selectors.member_counts_by_path(org.path).get(org.path, (0, 0))
    coverage = selectors.coverage_for(org) if org.kind == OrgKind.EDUCATION_COMMITTEE else None
    findings = selectors.findings_for([org], today).get(org.pk, [])
    positions = Position.objects.active_on(today).filter(org=org).order_by("post", "started_on")
    return {
        **_org_item(org),
        "parent": _ref(_parent_of(org), scope_of(user)),
        "founded_on": org.founded_on, "term_start": org.term_start,
        "members": total, "full_members": full,
        "positions": [
            {"post": p.post, "post_label": Post(p.post).label, "person_name": p.person_name, "started_on": p.started_on}
            for p in positions
        ],
        "coverage": coverage and {
            "public_schools": coverage.public_schools, "public_covered": coverage.public_covered,
            "public_rate": coverage.public_rate, "private_schools": coverage.private_schools,
            "private_covered": coverage.private_covered, "private_rate": coverage.private_rate,
            "total_rate": coverage.total_rate,
        },
        "findings": [
            {"level": f.level, "level_label": f.level_label, "message": f.message, "rule_code": f.rule.code,
             "rule": f.rule.text, "citation": f.rule.citation}
            for f in findings
        ],
    }


def _within(filters, user) -> PartyOrg | None:
    if filters.within is None:
        return None
    return get_visible_or_404(PartyOrg.objects.visible_to(user), pk=filters.within)


def filter_orgs(queryset, filters: OrgFilter, user):
    return narrow_orgs(queryset, within=_within(filters, user), kind=filters.kind or "", q=filters.q or "")


def filter_schools(queryset, filters: SchoolFilter, user):
    return narrow_schools(queryset, within=_within(filters, user), ownership=filters.ownership or "",
                          school_type=filters.school_type or "", has_org=filters.has_org, q=filters.q or "")


def _page(queryset, filters, to_item) -> dict:
    end = filters.offset + filters.limit
    return {"count": queryset.count(), "items": [to_item(row) for row in queryset[filters.offset:end]]}


@router.get("/orgs/", response={200: OrgPage, **error_responses(404)},
            url_name="org_list", operation_id="dangjian_orgs_api_list_orgs",
            summary="党组织列表")
def list_orgs(request, filters: Query[OrgFilter]):
    queryset = filter_orgs(PartyOrg.objects.visible_to(request.auth), filters, request.auth)
    return _page(queryset, filters, _org_item)


@router.get("/orgs/{id}", response=OrgDetail, url_name="org_detail", operation_id="dangjian_orgs_api_get_org",
            summary="党组织详情（人数、覆盖率、检查发现）")
def get_org(request, id: int = ObjectId):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=id)
    return _org_detail(org, request.auth)


@router.patch("/orgs/{id}", response=OrgDetail, url_name="org_update", operation_id="dangjian_orgs_api_update_org",
            summary="修改党组织信息")
def update_org(request, payload: OrgChanges, id: int = ObjectId):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=id)
    # The service re-checks the actor's right to edit inside its transaction (403 if not), and
    # refuses (422) switching off one's own org or a change that leaves the caller's scope.
    changes = payload.model_dump(exclude_unset=True)
    reason = changes.pop("reason", None) or ""
    org = services.update_org(org, acting_user=request.auth, reason=reason, **changes)
    return _org_detail(org, request.auth)


@router.get("/orgs/{id}/children", response=OrgPage, url_name="org_children", operation_id="dangjian_orgs_api_org_children",
            summary="下级组织（组织树逐级展开）")
def org_children(request, id: int = ObjectId):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=id)
    # A visible node's whole subtree is in scope, so its children need no further filter;
    # starting from visible_to anyway keeps the rule "every read is scoped" without exception.
    children = list(PartyOrg.objects.visible_to(request.auth).filter(depth=org.depth + 1, path__startswith=org.path))
    return {"count": len(children), "items": [_org_item(child) for child in children]}


def _school_item(school: School, scope) -> dict:
    return {
        "id": school.pk, "code": school.code, "name": school.name, "school_type": school.school_type,
        "school_type_label": SchoolType(school.school_type).label, "ownership": school.ownership,
        "ownership_label": Ownership(school.ownership).label, "county": school.county,
        "supervisor": _ref(school.supervisor, scope), "party_org": _ref(school.party_org, scope),
    }


def _schools(user):
    return School.objects.visible_to(user).select_related("supervisor", "party_org")


@router.get("/schools/", response={200: SchoolPage, **error_responses(404)},
            url_name="school_list", operation_id="dangjian_orgs_api_list_schools",
            summary="学校列表")
def list_schools(request, filters: Query[SchoolFilter]):
    scope = scope_of(request.auth)
    queryset = filter_schools(_schools(request.auth), filters, request.auth)
    return _page(queryset, filters, lambda school: _school_item(school, scope))


@router.get("/schools/{id}", response=SchoolDetail, url_name="school_detail", operation_id="dangjian_orgs_api_get_school",
            summary="学校详情（五个清）")
def get_school(request, id: int = ObjectId):
    school = get_visible_or_404(_schools(request.auth), pk=id)
    five_clear = {
        field: getattr(school, field)
        for field in ("affiliation", "staff_count", "teacher_count", "student_count", "declared_member_count",
                      "sponsor", "sponsor_is_member", "principal_name", "no_org_reason", "no_org_note")
    }
    five_clear["no_org_reason_label"] = no_org_label(school.no_org_reason)
    return {**_school_item(school, scope_of(request.auth)), "five_clear": five_clear}
