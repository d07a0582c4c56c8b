"""API schemas of 民主评议党员. Every writable field is listed (QUALITY.md item 4): a round's state
moves only through a transition, a grade only through the grades endpoint, and the services
judge every value — the schemas only bound the input so that junk is a 4xx."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from dangjian.appraisal.rules.review import (
    Body,
    FollowUpKind,
    Grade,
    Outcome,
    PollMode,
    ProbationaryPolicy,
    ReportPeriod,
    Step,
)
from dangjian.orgs.schemas import MAX_ID, OrgRef, Page

Text = Field("", max_length=300)
Count = Field(0, ge=0, le=100000)


class ReviewFilter(Page):
    within: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级（须在本人范围内）")
    year: int | None = Field(None, ge=2000, le=2100, description="评议年度")
    state: Step | None = Field(None, description="进行到的环节")


class RoundIn(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="党支部（或直接管理党员的党组织）编号")
    year: int = Field(..., ge=2000, le=2100, description="评议年度")
    as_of: datetime.date = Field(..., description="评议基准日：名册为这一天组织关系在本支部的党员")
    note: str = Text


class StepIn(Schema):
    to: Step = Field(..., description="下一环节：self_review、peer_review、poll、decision、reported、applied")
    occurred_on: datetime.date | None = Field(None, description="日期，默认今天")
    poll_mode: PollMode | None = Field(None, description="进入民主测评时：entered（录入）或 online（手机匿名测评）")
    decided_by: Body | None = Field(None, description="上报时：作出评定的会议")
    decided_on: datetime.date | None = Field(None, description="上报时：评定日期")
    note: str = Text


class CountRow(Schema):
    member_id: int = Field(..., ge=1, le=MAX_ID)
    excellent: int = Count
    qualified: int = Count
    basic: int = Count
    unqualified: int = Count


class CountsIn(Schema):
    present: int = Field(..., ge=0, le=100000, description="参加测评人数")
    rows: list[CountRow] = Field(..., max_length=2000)


class GradeRow(Schema):
    member_id: int = Field(..., ge=1, le=MAX_ID)
    grade: Grade
    note: str = Text


class GradesIn(Schema):
    rows: list[GradeRow] = Field(..., min_length=1, max_length=2000)


class BallotIn(Schema):
    choices: dict[str, str] = Field(..., description="党员编号 → 等次（excellent、qualified、basic、unqualified，空字符串为弃权）")


class BallotOut(Schema):
    graded: int


class FollowUpIn(Schema):
    owner: int | None = Field(None, ge=1, le=MAX_ID, description="责任人（本支部党员编号）")
    deadline: datetime.date | None = None
    measures: str | None = Field(None, max_length=2000, description="措施和进展")


class CloseIn(Schema):
    outcome: Outcome
    closed_on: datetime.date | None = None
    measures: str | None = Field(None, max_length=2000)
    decision_org: str = Field("", max_length=120, description="批准的上级党组织（劝退、除名、延长预备期、取消资格时必填）")
    months: int | None = Field(None, ge=1, le=24, description="延长预备期的月数（6–12）")


class SelfReportIn(Schema):
    member: int | None = Field(None, ge=1, le=MAX_ID, description="代为登记时的党员编号；不填为本人")
    year: int = Field(..., ge=2000, le=2100)
    period: ReportPeriod
    study: str = Field("", max_length=2000)
    work: str = Field("", max_length=2000)
    role: str = Field("", max_length=2000)
    shortcomings: str = Field("", max_length=2000)
    plans: str = Field("", max_length=2000)


class SelfReportFilter(Schema):
    member: int | None = Field(None, ge=1, le=MAX_ID, description="党员编号；不填为本人")
    year: int | None = Field(None, ge=2000, le=2100)


class SelfReportOut(Schema):
    member: int
    year: int
    period: str
    period_label: str
    study: str
    work: str
    role: str
    shortcomings: str
    plans: str
    submitted_on: datetime.date


class RoundItem(Schema):
    id: int
    org: OrgRef
    year: int
    as_of: datetime.date
    state: str
    state_label: str
    graded: int


class RoundPage(Schema):
    count: int
    items: list[RoundItem]


class RosterRow(Schema):
    member_id: int
    name: str
    probationary: bool
    counts: dict[str, int] | None
    grade: str | None
    grade_label: str | None
    self_reports: int


class EventOut(Schema):
    source: str
    target: str
    target_label: str
    occurred_on: datetime.date
    facts: dict


class FollowUpOut(Schema):
    id: int
    member_id: int
    member: str
    kind: FollowUpKind
    kind_label: str
    owner: str | None
    opened_on: datetime.date
    deadline: datetime.date
    measures: str
    outcome: str
    closed_on: datetime.date | None


class RulesOut(Schema):
    excellent_share: str
    excellent_cap: int
    full_members: int
    probationary_policy: str
    probationary_label: str


class RoundDetail(RoundItem):
    poll_mode: str
    present: int | None
    decided_by: str
    decided_on: datetime.date | None
    rules: RulesOut
    roster: list[RosterRow]
    events: list[EventOut]
    follow_ups: list[FollowUpOut]
    next: str | None
    ballots: dict[str, int] | None


class StatisticsFilter(Schema):
    within: int | None = Field(None, ge=1, le=MAX_ID, description="统计该组织及其下级（须在本人范围内）")
    year: int = Field(..., ge=2000, le=2100, description="评议年度")


class SchoolStat(Schema):
    org: OrgRef
    rounds: int
    reported: int
    counts: dict[str, int]


class StatisticsOut(Schema):
    year: int
    schools: list[SchoolStat]
    totals: dict[str, int]


class ResultOut(Schema):
    year: int
    org: str
    grade: str
    grade_label: str
    final: bool


class ReviewRuleIn(Schema):
    """A stricter local rule of the review for the organization's subtree (the rules page's form)."""

    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="发布规定的党组织编号（适用于它及其下级）")
    excellent_percent: int | None = Field(None, ge=1, le=100,
                                          description="“优秀”比例上限（%）：只能低于现行规定；不填则不变")
    probationary_policy: ProbationaryPolicy | None = Field(None, description="预备党员评定办法；不填则不变")
    effective_from: datetime.date = Field(..., description="生效日期，不早于今天")
    reason: str = Field(..., max_length=300, description="依据（文件名称、文号）")


class ReviewRuleOut(Schema):
    id: int
    org: str
    excellent_percent: int | None
    probationary_policy: str
    effective_from: datetime.date
    reason: str
