"""API schemas of 评星定级. Writable fields are listed explicitly (QUALITY.md item 4): state,
stars, totals and the automatic scores are never written, only derived by the services."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from dangjian.appraisal.rules.rating import State
from dangjian.orgs.schemas import MAX_ID, SEARCH_TEXT, OrgRef, Page

Score = Field(..., max_length=10, description="得分（0 至该项分值，最多一位小数）")


class RatingFilter(Page):
    org: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级（须在本人范围内）")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    state: State | None = Field(None, description="状态")
    q: str | None = Field(None, max_length=60, pattern=SEARCH_TEXT, description="党组织名称包含")


class RatingIn(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="学校党组织编号")
    year: int = Field(..., ge=2000, le=2100)
    standard: int | None = Field(None, ge=1, le=MAX_ID, description="适用的标准（有多套时必填）")


class SelfScoreIn(Schema):
    item: int = Field(..., ge=1, le=MAX_ID, description="标准项目编号")
    score: str | None = Field(None, max_length=10, description="自评得分；自动计算项目不填")
    note: str = Field("", max_length=500, description="说明（书面说明项目必填）")


class SelfScoresIn(Schema):
    items: list[SelfScoreIn] = Field(..., max_length=300)
    submit: bool = Field(False, description="保存后上报")


class ChangeIn(Schema):
    item: int = Field(..., ge=1, le=MAX_ID)
    score: str = Score
    reason: str = Field("", max_length=500, description="调整理由（分数有变化时必填）")


class ReviewIn(Schema):
    decision: str = Field(..., pattern="^(pass|return)$", description="pass 审核通过；return 退回修改")
    reason: str = Field("", max_length=500)
    changes: list[ChangeIn] = Field([], max_length=300)


class CheckIn(Schema):
    reason: str = Field("", max_length=500)
    changes: list[ChangeIn] = Field([], max_length=300)


class TaskIn(Schema):
    title: str = Field(..., max_length=200)
    owner_name: str = Field(..., max_length=60)
    deadline: datetime.date


class RevocationIn(Schema):
    situation: int | None = Field(None, ge=1, le=MAX_ID, description="摘星情形（标准所列之一）")
    facts: str = Field("", max_length=2000)
    occurred_on: datetime.date
    notice_no: str = Field("", max_length=60)
    tasks: list[TaskIn] = Field([], max_length=20)


class DrawIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    percent: str | None = Field(None, max_length=6, description="抽查比例（%），留空用标准的比例")


class PublicityIn(Schema):
    year: int = Field(..., ge=2000, le=2100)
    start: datetime.date | None = None


class TaskDoneIn(Schema):
    done_on: datetime.date
    note: str = Field(..., max_length=300)


class ItemOut(Schema):
    item: int
    number: str
    area: str
    text: str
    points: str
    evidence: str
    check: str
    auto_finding: str
    auto_url: str
    self_score: str | None
    self_note: str
    review_score: str | None
    review_reason: str
    check_score: str | None
    check_reason: str
    final: str | None


class EventOut(Schema):
    source: str
    target: str
    target_label: str
    occurred_on: datetime.date
    facts: dict


class RatingOut(Schema):
    id: int
    org: OrgRef
    year: int
    standard: int
    standard_name: str
    state: str
    state_label: str
    self_score: str | None
    reviewed_score: str | None
    final_score: str | None
    stars: int | None
    stars_label: str
    title_awarded: bool
    granted_on: datetime.date | None
    revoked_on: datetime.date | None


class RatingDetail(RatingOut):
    items: list[ItemOut]
    events: list[EventOut]


class RatingPage(Schema):
    count: int
    items: list[RatingOut]


class StandardOut(Schema):
    id: int
    owner: OrgRef
    year: int
    code: str
    name: str
    is_example: bool
    note: str
    five_star_cap: str | None
    sample_percent: str
    publicity_days: int
    title_name: str
    title_min_score: str | None


class StandardItemOut(Schema):
    id: int
    number: str
    area: str
    text: str
    points: str
    evidence: str
    check: str


class StandardDetail(StandardOut):
    items: list[StandardItemOut]
    levels: dict[str, str]
    situations: list[dict]


class StandardChanges(Schema):
    """The set's own settings; what is left out stays as it is."""

    model_config = {"extra": "forbid"}

    name: str = Field(None, max_length=120, description="标准名称")
    note: str = Field(None, max_length=2000, description="说明")
    title_name: str = Field(None, max_length=40, description="达标称号；空为不评称号")
    title_min_score: str | None = Field(None, max_length=12, description="称号最低分；null 为不设")
    five_star_cap: str | None = Field(None, max_length=12, description="五星级比例上限（%）；null 为不设")
    sample_percent: str = Field(None, max_length=12, description="抽查比例（%）")
    publicity_days: int = Field(None, ge=1, le=30, description="公示天数（工作日）")


class StandardList(Schema):
    items: list[StandardOut]


class DrawOut(Schema):
    id: int
    year: int
    percent: str
    population: int
    drawn: int
    seed: str
    drawn_on: datetime.date


class PublicityOut(Schema):
    id: int
    year: int
    start: datetime.date
    end: datetime.date
    working_days: int
    closed_on: datetime.date | None
    ratings: int


class RevocationOut(Schema):
    id: int
    org: OrgRef
    rating: int
    notice_no: str
    situation: str
    facts: str
    stars_before: int
    occurred_on: datetime.date
    decided_on: datetime.date


class RevocationPage(Schema):
    count: int
    items: list[RevocationOut]


class TaskOut(Schema):
    id: int
    title: str
    owner_name: str
    deadline: datetime.date
    done_on: datetime.date | None
    done_note: str


class WeakOut(Schema):
    id: int
    org: OrgRef
    reason: str
    listed_on: datetime.date
    state: str
    state_label: str
    tasks: list[TaskOut]


class WeakPage(Schema):
    count: int
    items: list[WeakOut]


class OrgFilter(Page):
    org: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级（须在本人范围内）")
