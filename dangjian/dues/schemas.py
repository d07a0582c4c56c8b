"""API schemas of party dues. Money leaves as strings with two decimals ("30.00"): a JSON
number is a binary float in most clients, and dues are exact. Every field is listed
explicitly (QUALITY.md item 4); query inputs are bounded so bad input is a 4xx."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from dangjian.dues.models import Method
from dangjian.orgs.schemas import MAX_ID, OrgRef

MONTH = r"^\d{4}-\d{2}$"


class RateQuery(Schema):
    category: str = Field(..., max_length=20, description="缴费类别：in_service、retired、annual_salary、student、"
                                                          "unemployed、low_income")
    base: str = Field(..., max_length=20, description="月缴费基数（元，最多两位小数）")


class RateOut(Schema):
    rate: str | None = Field(description="比例（小数，如 0.01 即 1%）；固定金额的类别为 null")
    amount: str = Field(description="每月应缴金额（元，两位小数）")
    rule: str = Field(description="适用的档次与依据")


class LedgerQuery(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="党组织编号（含下级）")
    month: str = Field(..., pattern=MONTH, description="月份 YYYY-MM")


class LineOut(Schema):
    id: int
    member_id: int
    member_name: str
    org: OrgRef
    month: str
    category: str
    category_label: str
    base: str | None
    rate: str | None
    amount_due: str | None
    paid: str
    extra: str
    settled: bool
    rule: str
    state: str = Field(description="状态颜色（与页面一致）：ok 已缴 / na 免交或缺少基数 / warning 本月待缴 / danger 欠缴")
    state_label: str = Field(description="状态文字（与页面一致），如“已缴”“本月待缴”“欠缴（2 个月前）”")


class LedgerTotals(Schema):
    due_count: int
    paid_count: int
    missing_base: int
    due_amount: str
    paid_amount: str
    extra_amount: str


class LedgerOut(Schema):
    org: OrgRef
    month: str
    generated: bool
    totals: LedgerTotals
    lines: list[LineOut]


class GenerateIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="党组织编号（含下级）")
    month: str = Field(..., pattern=MONTH, description="月份 YYYY-MM（不能是尚未到来的月份）")


class GenerationOut(Schema):
    org: OrgRef
    month: str
    created: int = Field(description="新生成的台账行数")
    existing: int = Field(description="已有、保持不变的台账行数（重复生成不改变任何内容）")
    missing_base: list[int] = Field(description="缺少缴费基数、应先核定基数的党员编号")


class PaymentIn(Schema):
    model_config = {"extra": "forbid"}

    member: int = Field(..., ge=1, le=MAX_ID, description="党员编号")
    month: str = Field(..., pattern=MONTH, description="所交党费的月份 YYYY-MM")
    amount: Decimal = Field(..., description="金额（元，最多两位小数）")
    method: Method = Field(..., description="cash 现金 / transfer 银行转账 / online 线上缴纳")
    paid_on: datetime.date = Field(..., description="交纳日期")
    kind: Literal["regular", "extra"] = Field("regular", description="regular 当月党费（或补交）/ extra 自愿多交")
    reference: str = Field("", max_length=80, description="交易凭证号（线上缴纳必填）")
    proxy_name: str = Field("", max_length=60, description="转交人姓名：党员不能亲自交纳、经党支部同意委托他人送交时填写；党费由党员本人负担")


class PaymentOut(Schema):
    id: int
    member_id: int
    month: str
    kind: str
    kind_label: str
    amount: str
    method: str
    paid_on: datetime.date
    reference: str
    proxy_name: str
    remit_in_full: bool


class ArrearsQuery(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="党组织编号（含下级）")
    minimum: int = Field(1, ge=1, le=24, description="至少连续欠缴的月数")


class ArrearsItem(Schema):
    member_id: int
    member_name: str
    org: OrgRef
    months: int
    since: str
    amount: str
    level: str
    level_label: str
    state: str = Field(description="状态颜色（与页面一致）：warning 欠缴 / danger 满 6 个月")
    state_label: str = Field(description="状态文字（与页面一致），如“满 3 个月：批评教育”")


class ArrearsOut(Schema):
    count: int
    items: list[ArrearsItem]


class BaseIn(Schema):
    """核定缴费基数: the base, or the pay components it is the sum of (both given: they must agree)."""

    model_config = {"extra": "forbid"}

    category: Literal["in_service", "retired", "annual_salary", "student", "unemployed", "low_income"] = Field(
        ..., description="缴费类别（经济困难少交或免交须通过批准记录办理）")
    effective_month: str = Field(..., pattern=MONTH, description="起始月份 YYYY-MM（最晚为下个月）")
    base: str | None = Field(None, max_length=20, description="月缴费基数（元，税后）；留空则为各工资项目之和")
    post_wage: str | None = Field(None, max_length=20, description="岗位工资")
    grade_wage: str | None = Field(None, max_length=20, description="薪级工资")
    performance_pay: str | None = Field(None, max_length=20, description="绩效工资")
    allowances: str | None = Field(None, max_length=20, description="津贴补贴")
    note: str = Field("", max_length=200)


class BaseOut(Schema):
    member_id: int
    category: str
    category_label: str
    base: str
    effective_month: str
    checked_on: datetime.date | None


class HardshipIn(Schema):
    model_config = {"extra": "forbid"}

    from_month: str = Field(..., pattern=MONTH, description="起始月份 YYYY-MM")
    to_month: str | None = Field(None, pattern=MONTH, description="截止月份 YYYY-MM；留空为长期")
    amount: str = Field(..., max_length=20, description="批准每月交纳金额（元）；0 为免交")
    approved_by: str = Field(..., max_length=120, description="批准的上级党委")
    approved_on: datetime.date = Field(..., description="批准日期")
    reason: str = Field(..., max_length=300, description="困难情况")


class HardshipOut(Schema):
    member_id: int
    from_month: str
    to_month: str | None
    amount: str
    approved_by: str
    approved_on: datetime.date


class ReversalIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(..., max_length=300, description="冲正原因")


class RemittanceIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="上缴党费的党组织编号")
    period_start: str = Field(..., pattern=MONTH, description="所属期起 YYYY-MM")
    period_end: str = Field(..., pattern=MONTH, description="所属期止 YYYY-MM")
    amount: str = Field(..., max_length=20, description="上缴金额（元）")
    remitted_on: datetime.date = Field(..., description="上缴日期")
    reference: str = Field("", max_length=80, description="凭证号")
    note: str = Field("", max_length=200)


class RemittanceOut(Schema):
    id: int
    org: OrgRef
    period_start: str
    period_end: str
    amount: str
    remitted_on: datetime.date
    to_org_name: str = Field(description="接收组织（上级党组织）")
    reference: str
