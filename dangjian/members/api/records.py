"""API of member records and their timeline: thin endpoints over the selectors and services.

Reads start from `Member.objects.visible_to(user)` — the member.view scope plus the caller's
own record — and single records come through `get_visible_or_404`, so a member outside the
scope is the same 404 as a member that does not exist. The list's filters are MemberCriteria,
the one filter definition the page, the export and the statistics use. Writes go through
`services.record_event`, which re-checks member.edit (403) and the rules (422 with the rule's
citation) inside its transaction.

The paths here are /members/, /members/{id} and /members/{id}/...; /members/export,
/members/import and /stats/members belong to api.stats and api.imports. `{id}` is an int path
converter, so a literal segment such as "export" never reaches these operations.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Path, Query, Router

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.regions import region_code_status
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members import rules as R
from dangjian.members import services
from dangjian.members.models import Member, MemberEvent, MemberStatus
from dangjian.members.schemas import EventIn, EventItem, EventPage, MemberDetail, MemberFilter, MemberPage
from dangjian.members.selectors import MemberCriteria, narrow_members
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["党员"])

MemberId = Path(..., ge=1, le=MAX_ID, description="党员编号")


def _ref(org: PartyOrg | None, scope) -> dict | None:
    """The organization's name always (it is a fact of the record); its id only when the caller
    may open it — otherwise the link would only lead to a 404."""
    if org is None:
        return None
    return {"id": org.pk if scope.allows(Action.ORG_VIEW, org.path) else None, "name": org.name}


def _item(member: Member, scope) -> dict:
    return {
        "id": member.pk, "name": member.name, "gender": member.gender, "gender_label": member.get_gender_display(),
        "ethnicity": member.ethnicity, "birth_date": member.birth_date,
        "id_number": member.id_number_masked, "phone": member.phone_masked,
        "education": member.education, "education_label": member.get_education_display() if member.education else "",
        "job": member.job, "job_label": member.get_job_display(), "title": member.title,
        "office": member.office, "native_place": member.native_place, "work_started_on": member.work_started_on,
        "org": _ref(member.org, scope), "group": _ref(member.group, scope),
        "status": member.status, "status_label": member.get_status_display(),
        "standing": member.standing, "standing_label": member.get_standing_display(),
        "joined_on": member.joined_on, "confirmed_on": member.confirmed_on,
        "lost_contact": member.lost_contact, "is_mobile": member.is_mobile, "in_hardship": member.in_hardship,
    }


def _detail(member: Member, scope) -> dict:
    today = timezone.localdate()
    region = region_code_status(member.get_id_number())  # from the number itself: nothing stored
    positions = (Position.objects.active_on(today).filter(member=member, org__is_active=True)
                 .select_related("org").order_by("org__path", "post"))
    return {
        **_item(member, scope),
        "name_pinyin": member.name_pinyin,
        "probation_extended_to": member.probation_extended_to,
        "probation_ends": services.probation_ends(member) if member.status == MemberStatus.PROBATIONARY else None,
        "left_on": member.left_on,
        "positions": [
            {"org": _ref(p.org, scope), "post": p.post, "post_label": Post(p.post).label, "started_on": p.started_on}
            for p in positions
        ],
        "id_region_warning": region.masked_warning() if region.retired else None,
    }


def _event_item(event: MemberEvent, scope) -> dict:
    recorder = event.recorded_by
    return {
        "id": event.pk, "kind": event.kind, "kind_label": event.get_kind_display(), "occurred_on": event.occurred_on,
        "org": _ref(event.org, scope), "other_org": _ref(event.other_org, scope),
        "other_org_name": event.other_org_name, "letter_number": event.letter_number,
        "decision_org": event.decision_org, "reason": event.reason, "detail": event.detail,
        "recorded_by": (recorder.display_name or recorder.get_username()) if recorder else "系统",
        "recorded_at": event.recorded_at,
    }


def _members(user):
    return Member.objects.visible_to(user, Action.MEMBER_VIEW).select_related("org", "group")


def _member_orgs(user):
    """Organizations whose members the caller may list: the member.view scope, not org.view —
    a principal sees the school's organization but not its members."""
    return PartyOrg.objects.visible_to(user, Action.MEMBER_VIEW)


def criteria_from(filters: MemberFilter, user) -> MemberCriteria:
    """The API's query parameters as MemberCriteria; an organization outside the caller's
    member.view scope is a 404, like one that does not exist."""
    orgs = _member_orgs(user)

    def org(pk):
        return get_visible_or_404(orgs, pk=pk) if pk is not None else None

    return MemberCriteria(
        within=org(filters.within), org=org(filters.org), group=org(filters.group),
        status=filters.status or "", standing=filters.standing, job=filters.job or "", gender=filters.gender or "",
        education=filters.education or "", ethnicity=filters.ethnicity or "", age_band=filters.age_band or "",
        years_band=filters.years_band or "", flag=filters.flag or "", q=(filters.q or "").strip(),
    )


@router.get("/members/", response={200: MemberPage, **error_responses(404)},
            url_name="member_list", operation_id="dangjian_members_api_list_members",
            summary="党员列表（筛选与姓名、全拼、首字母搜索）")
def list_members(request, filters: Query[MemberFilter]):
    user = request.auth
    scope = scope_of(user)
    if not scope.allows(Action.MEMBER_VIEW) and not Member.objects.filter(user=user).exists():
        # Like the list page: a post without member.view (a principal) may not list members; a
        # member without a post lists her own record.
        raise PermissionDenied("您没有查看党员信息的权限")
    queryset = narrow_members(_members(user), criteria_from(filters, user)).order_by("org__path", "name_pinyin", "id")
    end = filters.offset + filters.limit
    return {"count": queryset.count(), "items": [_item(m, scope) for m in queryset[filters.offset:end]]}


@router.get("/members/{int:id}", response=MemberDetail, url_name="member_detail", operation_id="dangjian_members_api_get_member",
            summary="党员详情（身份证号、手机号脱敏）")
def get_member(request, id: int = MemberId):
    member = get_visible_or_404(_members(request.auth), pk=id)
    return _detail(member, scope_of(request.auth))


def _timeline(member: Member):
    return (MemberEvent.objects.filter(member=member).select_related("org", "other_org", "recorded_by")
            .order_by("occurred_on", "id"))


@router.get("/members/{int:id}/events", response=EventPage, url_name="member_events", operation_id="dangjian_members_api_list_events",
            summary="党员情况变更记录（时间线）")
def list_events(request, id: int = MemberId):
    # The timeline belongs to the record: whoever may open the record reads all of it, including
    # the lines written while the member was in another organization.
    member = get_visible_or_404(_members(request.auth), pk=id)
    scope = scope_of(request.auth)
    events = [_event_item(e, scope) for e in _timeline(member)]
    return {"count": len(events), "items": events}


def _group(pk: int | None, user) -> PartyOrg | None:
    if pk is None:
        return None
    group = PartyOrg.objects.visible_to(user, Action.MEMBER_VIEW).filter(pk=pk, kind=OrgKind.GROUP).first()
    if group is None:
        # Not there and not yours read the same; the rule names what a valid group is.
        raise RuleViolation("未找到该党小组", rule=R.R_GROUP_IN_ORG, field="group")
    return group


@router.post("/members/{int:id}/events", response={201: EventItem}, url_name="member_event_create",
             operation_id="dangjian_members_api_create_event",
             summary="登记党员情况变更（转正、延长预备期、转出、调整党小组、出党、去世等）")
def create_event(request, payload: EventIn, id: int = MemberId):
    user = request.auth
    member = get_visible_or_404(_members(user), pk=id)
    facts = payload.model_dump(exclude={"kind", "occurred_on", "group"}, exclude_none=True)
    # Empty texts are "not given": the service's rules test for presence, not for "".
    facts = {key: value for key, value in facts.items() if value != ""}
    if "group" in payload.model_fields_set:
        facts["group"] = _group(payload.group, user)
    event = services.record_event(member, payload.kind, payload.occurred_on, acting_user=user, **facts)
    event = MemberEvent.objects.select_related("org", "other_org", "recorded_by").get(pk=event.pk)
    return 201, _event_item(event, scope_of(user))

