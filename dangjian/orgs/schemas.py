"""API schemas of the organization tree and schools.

Every schema lists its fields explicitly (QUALITY.md item 4): nothing reaches a client because
a model grew a column. Query schemas bound every input — ids to the database's bigint, pages
to 200 rows, search text to 100 characters — so bad input is a 422, never a database error.
"""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from dangjian.orgs.models import NoOrgReason, OrgKind, Ownership, SchoolType

# The largest id PostgreSQL's bigint holds: a bigger number cannot name a row, and passing it
# on would make the driver fail instead of answering 404/422.
MAX_ID = 2**63 - 1
MAX_OFFSET = 10**9
MAX_QUERY_LENGTH = 100

# How a 422 names these parameters (registered with dangjian.core.api by OrgsConfig.ready()).
FIELD_LABELS = {
    "within": "上级组织", "kind": "组织类别", "ownership": "办学性质", "school_type": "学校类型", "has_org": "是否已建党组织",
    "founded_on": "成立日期", "term_start": "本届任期开始", "term_end": "本届任期届满",
    "is_active": "有效", "reason": "原因", "status_reason": "撤销或恢复的原因",
}
# No control characters in search text: PostgreSQL refuses NUL in a string outright, and the
# others are never part of a name or code.
SEARCH_TEXT = r"^[^\x00-\x1f\x7f]*$"


class Page(Schema):
    limit: int = Field(50, ge=1, le=200, description="每页条数（1–200）")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="起始位置")


class OrgFilter(Page):
    within: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级（须在本人范围内）")
    kind: OrgKind | None = Field(None, description="组织类别")
    q: str | None = Field(None, max_length=MAX_QUERY_LENGTH, pattern=SEARCH_TEXT, description="名称或组织代码包含")


class SchoolFilter(Page):
    within: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级的学校（须在本人范围内）")
    ownership: Ownership | None = Field(None, description="办学性质")
    school_type: SchoolType | None = Field(None, description="学校类型")
    has_org: bool | None = Field(None, description="是否已建立党组织")
    q: str | None = Field(None, max_length=MAX_QUERY_LENGTH, pattern=SEARCH_TEXT, description="校名或学校代码包含")


class OrgRef(Schema):
    """A link to another organization. `id` is null when that organization is outside the
    caller's scope: the name is a fact about this record, the link would only lead to a 404."""

    id: int | None
    name: str


class OrgItem(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    depth: int
    child_count: int
    is_active: bool
    term_end: datetime.date | None


class OrgPage(Schema):
    count: int
    items: list[OrgItem]


class FindingOut(Schema):
    level: str
    level_label: str
    message: str
    rule_code: str
    rule: str
    citation: str


class CoverageOut(Schema):
    public_schools: int
    public_covered: int
    public_rate: float | None
    private_schools: int
    private_covered: int
    private_rate: float | None
    total_rate: float | None


class PositionItem(Schema):
    post: str
    post_label: str
    person_name: str
    started_on: datetime.date


class OrgDetail(OrgItem):
    parent: OrgRef | None
    founded_on: datetime.date | None
    term_start: datetime.date | None
    members: int
    full_members: int
    positions: list[PositionItem]
    coverage: CoverageOut | None = Field(None, description="组织覆盖率（仅教育工委）")
    findings: list[FindingOut]


class OrgChanges(Schema):
    """What PATCH /orgs/{id} may change. Kind, code and place in the tree are not here: they
    change only through the services that re-check the tree's rules. `is_active` is the higher
    committee's act: refused (422, rule org_status_by_higher_committee) for one's own org."""

    model_config = {"extra": "forbid"}

    name: str | None = Field(None, min_length=1, max_length=120)
    founded_on: datetime.date | None = None
    term_start: datetime.date | None = None
    term_end: datetime.date | None = None
    is_active: bool | None = Field(None, description="撤销（false）或恢复（true）组织：仅上级党组织可办理，须同时填写 reason")
    reason: str | None = Field(None, max_length=200, description="撤销或恢复组织的原因（记入审计日志）")


class SchoolItem(Schema):
    id: int
    code: str
    name: str
    school_type: str
    school_type_label: str
    ownership: str
    ownership_label: str
    county: str
    supervisor: OrgRef
    party_org: OrgRef | None


class SchoolPage(Schema):
    count: int
    items: list[SchoolItem]


class FiveClear(Schema):
    """五个清 (seed 001): 隶属情况, 教职工情况, 党员队伍情况, 出资人(负责人)情况, 未建党组织原因."""

    affiliation: str
    staff_count: int
    teacher_count: int
    student_count: int
    declared_member_count: int
    sponsor: str
    sponsor_is_member: bool
    principal_name: str
    no_org_reason: str
    no_org_reason_label: str
    no_org_note: str


class SchoolDetail(SchoolItem):
    five_clear: FiveClear


def no_org_label(value: str) -> str:
    return NoOrgReason(value).label if value else ""
