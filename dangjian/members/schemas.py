"""API schemas of member records and their timeline.

Every schema lists its fields explicitly (QUALITY.md item 4): the encrypted columns and the
blind index are never among them, and the ID number and phone leave only as their masks
(item 14) — the full values are shown only by the audited reveal on the pages. Query schemas
bound every input so that bad input is a 422, never a database error.
"""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from dangjian.members.models import ETHNICITIES, Education, Gender, Job, LeaveKind, MemberStatus, Standing
from dangjian.members.selectors import AGE_BANDS, FLAGS, YEARS_BANDS
from dangjian.members.services import EVENT_HANDLERS
from dangjian.orgs.schemas import MAX_ID, MAX_QUERY_LENGTH, SEARCH_TEXT, OrgRef, Page

# The choices of MemberCriteria, spelled as literals so that the OpenAPI schema lists them and
# an unknown value is refused by validation instead of silently matching nothing.
StandingChoice = Literal[("active", "all", *Standing.values)]
EthnicityChoice = Literal[tuple(ETHNICITIES)]
AgeBand = Literal[tuple(label for label, _, _ in AGE_BANDS)]
YearsBand = Literal[tuple(label for label, _, _ in YEARS_BANDS)]
FlagChoice = Literal[tuple(FLAGS)]
# Only the kinds record_event handles: 建档, 接收预备党员 and transfers inside the system have
# their own services (and their own entry points).
RecordableKind = Literal[tuple(str(kind) for kind in EVENT_HANDLERS)]


class MemberFilter(Page):
    within: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级的党员（须在本人范围内）")
    org: int | None = Field(None, ge=1, le=MAX_ID, description="只看直接编入该组织的党员")
    group: int | None = Field(None, ge=1, le=MAX_ID, description="党小组")
    status: MemberStatus | None = Field(None, description="党员类别：full 正式 / probationary 预备")
    standing: StandingChoice = Field("active", description="党籍状态：active 在册（默认）、all 全部，或某一状态")
    job: Job | None = Field(None, description="工作岗位")
    gender: Gender | None = Field(None, description="性别")
    education: Education | None = Field(None, description="学历")
    ethnicity: EthnicityChoice | None = Field(None, description="民族")
    age_band: AgeBand | None = Field(None, description="年龄段")
    years_band: YearsBand | None = Field(None, description="党龄段")
    flag: FlagChoice | None = Field(None, description="lost_contact 失联 / is_mobile 流动 / in_hardship 困难")
    q: str | None = Field(None, max_length=MAX_QUERY_LENGTH, pattern=SEARCH_TEXT, description="姓名、全拼或首字母")


class MemberItem(Schema):
    id: int
    name: str
    gender: str
    gender_label: str
    ethnicity: str
    birth_date: datetime.date
    id_number: str = Field(description="身份证号（脱敏）")
    phone: str = Field(description="手机号（脱敏）")
    education: str
    education_label: str
    job: str
    job_label: str
    title: str = Field(description="职称")
    office: str = Field(description="职务")
    native_place: str = Field(description="籍贯")
    work_started_on: datetime.date | None = Field(description="参加工作时间")
    org: OrgRef
    group: OrgRef | None
    status: str
    status_label: str
    standing: str
    standing_label: str
    joined_on: datetime.date | None
    confirmed_on: datetime.date | None
    lost_contact: bool
    is_mobile: bool
    in_hardship: bool


class MemberPage(Schema):
    count: int
    items: list[MemberItem]


class PositionHeld(Schema):
    org: OrgRef
    post: str
    post_label: str
    started_on: datetime.date


class MemberDetail(MemberItem):
    name_pinyin: str
    probation_extended_to: datetime.date | None
    probation_ends: datetime.date | None = Field(description="预备期满日期（预备党员）")
    left_on: datetime.date | None
    positions: list[PositionHeld]
    id_region_warning: str | None = Field(None, description="身份证号前六位已不是现行行政区划代码（GB/T 2260）时的提醒，"
                                          "不含代码（与脱敏号码、出生日期合起来即是完整号码）；否则为 null")


class EventItem(Schema):
    id: int
    kind: str
    kind_label: str
    occurred_on: datetime.date
    org: OrgRef
    other_org: OrgRef | None
    other_org_name: str
    letter_number: str
    decision_org: str
    reason: str
    detail: dict
    recorded_by: str
    recorded_at: datetime.datetime


class EventPage(Schema):
    count: int
    items: list[EventItem]


class EventIn(Schema):
    """One change on the timeline. Which facts a kind needs is the service's rule (a transfer
    out needs the other organization and the letter number, 出党 the way and the approving
    organization, an extension its months); a missing one is refused there with the rule."""

    model_config = {"extra": "forbid"}

    kind: RecordableKind
    occurred_on: datetime.date
    reason: str = Field("", max_length=500)
    other_org_name: str = Field("", max_length=120)
    letter_number: str = Field("", max_length=60)
    decision_org: str = Field("", max_length=120)
    leave_kind: LeaveKind | None = None
    # Bounded only against absurd input; the 6–12 months rule is the service's, with its citation.
    months: int | None = Field(None, ge=0, le=120)
    group: int | None = Field(None, ge=1, le=MAX_ID, description="调整党小组：新的党小组编号；null 表示移出党小组")
