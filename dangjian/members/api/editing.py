"""API writes of member records that the pages also do: 建档 (a new record), 接收系统外转入 (a
record received from an organization outside the system, with its letter) and 修改党员信息.

The same services as the pages (dangjian.members.services): they check member.edit on the
organization inside their transaction (403) and the record's rules — the ID number's checksum
and birth date, 入党年龄, 转正日期, the party group in the branch — refusing with the rule (422);
an ID number that already has a record is a conflict (409). The organization and the party
group are looked up in the caller's scope first: out of scope is the same 404 as missing.

The operations are declared on the router of dangjian.members.api.records, beside the reads of
the same paths (GET /members/, GET /members/{id}): ninja answers a path from the one router
that declared it. Importing this module registers them.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members import services
from dangjian.members.api.records import MemberId, _detail, _group, _members, router
from dangjian.members.models import Education, Gender, Job, MemberStatus
from dangjian.members.schemas import EthnicityChoice, MemberDetail
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID

ID_NUMBER = r"^\d{17}[\dXx]$"


class MemberIn(Schema):
    """A new record: what the page's 新建党员档案 form takes. Gender and birth date are read from
    the ID number; given, they must agree with it (422)."""

    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="所在党组织编号（党支部，或党总支、党委）")
    name: str = Field(..., min_length=1, max_length=60)
    id_number: str = Field(..., pattern=ID_NUMBER, description="18 位身份证号（校验码、出生日期均校验）")
    gender: Gender | None = Field(None, description="留空则按身份证号")
    birth_date: datetime.date | None = Field(None, description="留空则按身份证号")
    ethnicity: EthnicityChoice = "汉族"
    phone: str = Field("", max_length=20, description="手机号")
    education: Education | None = None
    job: Job = Job.TEACHER
    title: str = Field("", max_length=30, description="职称")
    office: str = Field("", max_length=60, description="职务")
    native_place: str = Field("", max_length=60, description="籍贯")
    work_started_on: datetime.date | None = Field(None, description="参加工作时间")
    status: MemberStatus = MemberStatus.FULL
    joined_on: datetime.date | None = Field(None, description="入党日期（接收为预备党员的支部大会日期）")
    confirmed_on: datetime.date | None = Field(None, description="转正日期")
    group: int | None = Field(None, ge=1, le=MAX_ID, description="党小组编号")
    lost_contact: bool = False
    is_mobile: bool = False
    in_hardship: bool = False


class ReceiveIn(MemberIn):
    received_on: datetime.date = Field(..., description="转入日期")
    other_org_name: str = Field(..., min_length=1, max_length=120, description="转出组织名称")
    letter_number: str = Field(..., min_length=1, max_length=60, description="介绍信编号")


class MemberChanges(Schema):
    """What PATCH /members/{id} may change: the fields of the page's 修改党员信息. Status,
    organization and party standing change only through the timeline (POST /members/{id}/events)."""

    model_config = {"extra": "forbid"}

    name: str | None = Field(None, min_length=1, max_length=60)
    ethnicity: EthnicityChoice | None = None
    education: Education | None = None
    job: Job | None = None
    title: str | None = Field(None, max_length=30)
    office: str | None = Field(None, max_length=60)
    native_place: str | None = Field(None, max_length=60)
    work_started_on: datetime.date | None = None
    in_hardship: bool | None = None
    phone: str | None = Field(None, min_length=1, max_length=20, description="新手机号")
    reason: str = Field("", max_length=200, description="变更说明，如本人申请、核对档案")


def _record(request, payload: MemberIn) -> tuple[PartyOrg, dict]:
    """The organization (404 out of scope) and the record's fields as create_member takes them."""
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth).filter(is_active=True), pk=payload.org)
    record = payload.model_dump(include=set(MemberIn.model_fields) - {"org", "id_number", "group"})
    record["education"] = record["education"] or ""
    record["phone"] = record["phone"].strip()
    record["group"] = _group(payload.group, request.auth)
    return org, record


def _created(request, create) -> tuple[int, dict]:
    try:
        member = create()
    except RuleViolation as refusal:
        if refusal.code == "duplicate":  # the ID number already has a record
            return 409, refusal.as_dict()
        raise
    return 201, _detail(get_visible_or_404(_members(request.auth), pk=member.pk), scope_of(request.auth))


@router.post("/members/", response={201: MemberDetail, **error_responses(404, 409)}, url_name="member_create",
             operation_id="dangjian_members_api_create_member",
             summary="新建党员档案：身份证号校验通过后建档；同一身份证号已有档案时 409")
def create_member(request, payload: MemberIn):
    org, record = _record(request, payload)
    return _created(request, lambda: services.create_member(org=org, id_number=payload.id_number,
                                                            acting_user=request.auth, **record))


@router.post("/members/receive", response={201: MemberDetail, **error_responses(404, 409)},
             url_name="member_receive", operation_id="dangjian_members_api_receive_member",
             summary="接收系统外转入：填写转出组织和介绍信编号（系统内的转接由转出组织发起）")
def receive_member(request, payload: ReceiveIn):
    org, record = _record(request, payload)  # the record's fields only: the letter's go below
    return _created(request, lambda: services.receive_from_outside(
        org=org, id_number=payload.id_number, received_on=payload.received_on,
        other_org_name=payload.other_org_name.strip(), letter_number=payload.letter_number.strip(),
        acting_user=request.auth, **record))


@router.patch("/members/{int:id}", response=MemberDetail, url_name="member_update",
              operation_id="dangjian_members_api_update_member",
              summary="修改党员信息（姓名、民族、学历、岗位、职称、职务、籍贯、参加工作时间、困难党员、手机号）")
def update_member(request, payload: MemberChanges, id: int = MemberId):
    member = get_visible_or_404(_members(request.auth), pk=id)
    changes = payload.model_dump(exclude_unset=True, exclude={"reason"})
    # null is "not given": every editable field has a value, none is cleared to null but these
    changes = {key: value for key, value in changes.items() if value is not None or key == "work_started_on"}
    if "education" in payload.model_fields_set and payload.education is None:
        changes["education"] = ""
    if not changes:  # as the page: nothing to change, nothing recorded on the timeline
        return _detail(member, scope_of(request.auth))
    member = services.update_member(member, acting_user=request.auth, reason=payload.reason.strip(), **changes)
    return _detail(get_visible_or_404(_members(request.auth), pk=member.pk), scope_of(request.auth))
