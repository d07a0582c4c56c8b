"""API schemas of recruitment. Every field is listed explicitly (QUALITY.md item 4); the ID
number leaves masked only; query inputs are bounded so bad input is a 4xx."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from dangjian.orgs.schemas import MAX_ID, OrgRef, Page
from dangjian.recruitment.models import FileState
from dangjian.recruitment.rules import Stage


class FileFilter(Page):
    org: int | None = Field(None, ge=1, le=MAX_ID, description="只看该组织及其下级（须在本人范围内）")
    stage: Stage | None = Field(None, description="阶段")
    state: FileState | None = Field(FileState.OPEN, description="状态：open 在办（默认）、done 已办结、stopped 已终止")


class DueQuery(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="党组织编号（含下级）")
    within_days: int = Field(30, ge=0, le=366, description="列出已逾期和多少天内到期的档案")


class FileItem(Schema):
    id: int
    name: str
    gender: str
    birth_date: datetime.date
    id_number: str = Field(description="身份证号（脱敏）")
    org: OrgRef
    unit: str
    applied_on: datetime.date
    state: str
    state_label: str
    stage: str
    stage_label: str
    last_step: str
    next_step: str | None
    next_step_label: str | None
    due_on: datetime.date | None = Field(description="下一步骤最迟应办日期（规则规定的最近期限）")
    earliest_on: datetime.date | None = Field(description="下一步骤最早可办日期")
    overdue: bool
    member_id: int | None = Field(description="接收为预备党员后的党员编号")


class FilePage(Schema):
    count: int
    items: list[FileItem]


class Breach(Schema):
    rule: str
    message: str
    citation: str


class StepItem(Schema):
    id: int
    step: str
    step_label: str
    occurred_on: datetime.date
    facts: dict
    passed: bool
    breaches: list[Breach]
    reason: str
    note: str
    recorded_by: str
    meeting_record: int | None = Field(None, description="研究决定本步骤的会议在组织生活中的记录编号")


class DeadlineItem(Schema):
    label: str
    date: datetime.date
    kind: str = Field(description="due 最迟应办；earliest 最早可办")
    rule: str


class FileDetail(FileItem):
    stop_reason: str
    steps: list[StepItem]
    deadlines: list[DeadlineItem]


class FileIn(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="接收申请的党组织")
    name: str = Field(..., min_length=1, max_length=60)
    id_number: str = Field(..., min_length=1, max_length=18)
    applied_on: datetime.date
    unit: str = Field("", max_length=120)


class StepIn(Schema):
    """One step: its code, its date, an optional reason and note, and the step's own facts as
    further keys (e.g. "mentors": [12, 15], "vote": {...}); unknown facts are refused."""

    step: str = Field(..., pattern=r"^\d{2}$", description="步骤编号 01–25")
    date: datetime.date = Field(..., description="办理日期")
    reason: str | None = Field(None, max_length=500, description="超出时限等须说明的理由")
    note: str | None = Field(None, max_length=300)
    meeting_record: int | None = Field(None, ge=1, le=MAX_ID,
                                       description="由支委会或支部党员大会决定的步骤：该次会议的组织生活记录编号")
    new_meeting_place: str | None = Field(None, max_length=120,
                                          description="或：由本步骤新建该次会议的组织生活记录，填写会议地点")


class PlanQuery(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="党组织编号（含下级）")
    year: int | None = Field(None, ge=2000, le=2100, description="年度（默认今年）")


class PlanNumbers(Schema):
    admitted: int | None = Field(None, description="发展党员（接收预备党员）")
    activists: int | None = Field(None, description="确定入党积极分子")
    candidates: int | None = Field(None, description="确定发展对象")


class PlanRow(Schema):
    org: OrgRef
    own_plan: PlanNumbers | None = Field(None, description="本级制定的计划")
    subtree_plans: PlanNumbers | None = Field(None, description="下级组织计划合计")
    planned: PlanNumbers | None = Field(None, description="对照的计划：本级计划，未制定时为下级合计")
    actual: PlanNumbers = Field(description="当年完成（当年登记的 03、07、17 步骤）")


class PlanOut(PlanRow):
    year: int
    basis: str = Field("", description="本级计划的依据或说明")
    rows: list[PlanRow] = Field(description="下一级组织")



class PlanIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="党组织编号")
    year: int = Field(..., ge=2000, le=2100, description="年度")
    admitted: int = Field(..., ge=0, le=100000, description="计划发展党员（接收预备党员）人数")
    activists: int | None = Field(None, ge=0, le=100000, description="计划确定入党积极分子人数（可不填）")
    candidates: int | None = Field(None, ge=0, le=100000, description="计划确定发展对象人数（可不填）")
    basis: str = Field("", max_length=300, description="依据或说明")


class RuleSettingIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="作出规定的党组织编号（适用于它及其下级）")
    rule_code: str = Field(..., max_length=40, description="可从严调整的时限规则代码（见规则与时限页面）")
    value: int = Field(..., ge=0, le=1000, description="从严后的数值（单位同该规则）")
    reason: str = Field(..., max_length=300, description="依据（文件名称和文号）")


class RuleSettingOut(Schema):
    org: OrgRef
    rule_code: str
    rule: str = Field(description="规则内容")
    value: int
    unit: str = Field(description="单位")
    national: int = Field(description="全国规定的数值")
    reason: str
