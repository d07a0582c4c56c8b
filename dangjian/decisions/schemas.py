"""API schemas of 议事决策. Every writable field is listed explicitly (QUALITY.md item 4): the
state, the verdict and the computed quorum are never written directly, only through the
services; query inputs are bounded so that bad input is a 4xx."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from dangjian.decisions.rules import Category, State, Verdict
from dangjian.orgs.schemas import MAX_ID, SEARCH_TEXT, OrgRef, Page

Text = Field("", max_length=500)


class MatterFilter(Page):
    org: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级（须在本人范围内）")
    state: State | None = Field(None, description="状态")
    category: Category | None = Field(None, description="类别")
    major: bool | None = Field(None, description="是否三重一大")
    q: str | None = Field(None, max_length=60, pattern=SEARCH_TEXT, description="议题名称包含")


class MatterIn(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="学校党组织编号")
    title: str = Field(..., min_length=1, max_length=120)
    category: Category
    # a string or a number: "一万元" or -5 reach the service, which refuses them with its rule
    amount: str | float | None = Field(None, description="金额（元），不得为负数")
    background: str = Field("", max_length=5000)
    raised_on: datetime.date | None = Field(None, description="提出日期，默认今天")
    persons: list[int] = Field([], max_length=200, description="涉及的教职工编号（评优选优、人事职称事项必填，适用师德一票否决）")


class TransitionIn(Schema):
    to: State = Field(..., description="目标状态：proposed、communicated、executing、closed、reported、withdrawn")
    occurred_on: datetime.date | None = None
    meeting_note: str = Text
    communication: str = Text
    consultation: str = Text
    owner: str = Field("", max_length=60)
    unit: str = Field("", max_length=60)
    deadline: datetime.date | None = None
    congress: str = Field("", max_length=60)
    note: str = Text


class EventOut(Schema):
    source: str
    target: str
    target_label: str
    occurred_on: datetime.date
    facts: dict


class ItemOut(Schema):
    meeting: int
    held_on: datetime.date
    verdict: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    eligible: int | None
    quorate: bool | None
    resolution: str


class TaskOut(Schema):
    title: str
    owner: str
    unit: str
    deadline: datetime.date
    progress: int


class ReportOut(Schema):
    task: str | None = Field(None, description="报告的分解任务")
    reported_on: datetime.date
    progress: int
    text: str
    evidence: str


class MatterOut(Schema):
    id: int
    org: OrgRef
    title: str
    category: str
    category_label: str
    amount: str | None
    is_major: bool
    needs_report_back: bool
    proposer: str
    state: str
    state_label: str
    raised_on: datetime.date
    decided_on: datetime.date | None
    owner: str
    unit: str
    deadline: datetime.date | None
    progress: int
    overdue: bool


class MatterDetail(MatterOut):
    background: str
    events: list[EventOut]
    decisions: list[ItemOut]
    tasks: list[TaskOut] = Field(description="分解任务；决定的进度为其平均值")
    reports: list[ReportOut]
    next: list[str] = Field(description="本人可办理的下一状态")


class MatterPage(Schema):
    count: int
    items: list[MatterOut]


class Observer(Schema):
    name: str = Field(..., min_length=1, max_length=60)
    role: str = Field("列席", max_length=60)


class MeetingIn(Schema):
    org: int = Field(..., ge=1, le=MAX_ID)
    held_on: datetime.date
    host_name: str = Field(..., min_length=1, max_length=60)
    place: str = Field("", max_length=60)
    recorder_name: str = Field("", max_length=60)
    present: list[int] = Field(..., max_length=60, description="到会委员的任职编号（会议当日在任的党组织委员）")
    absent: dict[int, str] = Field(default_factory=dict, description="缺席委员的任职编号与原因")
    observers: list[Observer] = Field(default_factory=list, max_length=60, description="列席人员（无表决权）")
    matters: list[int] = Field(..., min_length=1, max_length=30, description="列入议程的议题编号，按顺序")
    notes: str = Field("", max_length=20000)


class Recused(Schema):
    position: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field(..., max_length=120)


class RollVote(Schema):
    position: int = Field(..., ge=1, le=MAX_ID)
    vote: str = Field(..., pattern="^(for|against|abstain)$")


class VoteIn(Schema):
    matter: int = Field(..., ge=1, le=MAX_ID)
    verdict: Verdict
    votes_for: int = Field(0, ge=0, le=999, alias="for")
    against: int = Field(0, ge=0, le=999)
    abstain: int = Field(0, ge=0, le=999)
    roll: list[RollVote] = Field(default_factory=list, max_length=60)
    recused: list[Recused] = Field(default_factory=list, max_length=60)
    resolution: str = Field("", max_length=5000)


class VotesIn(Schema):
    items: list[VoteIn] = Field(..., min_length=1, max_length=30)


class AttendanceOut(Schema):
    position: int | None
    name: str
    role: str
    voting: bool
    present: bool
    absence_reason: str


class AgendaOut(Schema):
    order: int
    matter: int
    title: str
    verdict: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    eligible: int | None
    quorate: bool | None
    recused: list[str]
    resolution: str


class MeetingOut(Schema):
    id: int
    org: OrgRef
    held_on: datetime.date
    host_name: str
    body_size: int = Field(description="应到会委员（会议当日在任）")
    present_count: int
    quorate: bool = Field(description="到会委员是否达到法定人数（半数以上；上级规定从严的，超过半数）")
    attendance: list[AttendanceOut]
    items: list[AgendaOut]
