"""Forms of the dues pages. They only collect input: money and months stay text here, so the
services' own parsers (dangjian.dues.rules.parse_money / parse_month) judge them and their
refusal — in Chinese, with the rule — lands next to the field (ServiceForm.add_violation).

Every form that records money carries a hidden idempotency key made when the form is drawn:
submitting the same form twice (a double click, a reload after POST) records once.
"""

from __future__ import annotations

import uuid

from django import forms

from dangjian.dues.models import Method
from dangjian.dues.rules import BASE_CATEGORIES
from dangjian.orgs.forms import DateInput, ServiceForm


class MonthInput(forms.TextInput):
    """YYYY-MM with the browser's month picker."""

    input_type = "month"


def new_key() -> str:
    return uuid.uuid4().hex


def _money(label: str, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=20, required=required,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))


def _key() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, max_length=80,
                           error_messages={"required": "表单已过期，请刷新页面后重新提交"})


class PaymentForm(ServiceForm):
    """登记一个月的党费 (one ledger line)."""

    amount = _money("金额（元）")
    method = forms.ChoiceField(label="交纳方式", choices=Method.choices)
    paid_on = forms.CharField(label="交纳日期", widget=DateInput())
    reference = forms.CharField(label="交易凭证号", max_length=80, required=False, help_text="线上缴纳必填")
    # 代交 in the rules (R_NO_ADVANCE) is the organization paying for a member, which is forbidden;
    # this field is the member's own dues handed in by someone he asked, which is allowed.
    proxy_name = forms.CharField(label="转交人（受党员委托送交）", max_length=60, required=False,
                                 help_text="党员本人不能亲自交纳、经党支部同意委托他人（亲属或其他党员）送交的，填送交人姓名；"
                                           "党费仍由党员本人负担。党组织和他人不得为党员垫交、代交。本人交纳的不填。")
    idempotency_key = _key()


class BulkPaymentForm(ServiceForm):
    """批量登记: the ticked lines, each for its own amount due, with one method and date."""

    method = forms.ChoiceField(label="交纳方式", choices=Method.choices)
    paid_on = forms.CharField(label="交纳日期", widget=DateInput())
    reference = forms.CharField(label="交易凭证号", max_length=80, required=False, help_text="线上缴纳必填")
    idempotency_key = _key()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("method", "paid_on", "reference"):
            self.fields[name].widget.attrs["class"] += " form-control-sm" if name != "method" else " form-select-sm"


class ExtraPaymentForm(PaymentForm):
    """自愿多交 beside a month's dues."""

    month = forms.CharField(label="所属月份", widget=MonthInput())
    field_order = ["month", "amount", "method", "paid_on", "reference", "proxy_name"]


class BaseForm(ServiceForm):
    """核定缴费基数: the total, or the four components (岗位工资 + 薪级工资 + 绩效工资 + 津贴补贴)."""

    category = forms.ChoiceField(label="缴费类别", choices=[(c.value, c.label) for c in BASE_CATEGORIES])
    effective_month = forms.CharField(label="起始月份", widget=MonthInput(),
                                      help_text="从实际领取新工资的当月起按新基数交纳")
    base = _money("月缴费基数（元）", required=False)
    post_wage = _money("岗位工资", required=False)
    grade_wage = _money("薪级工资", required=False)
    performance_pay = _money("绩效工资", required=False)
    allowances = _money("津贴补贴", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    COMPONENTS = ("post_wage", "grade_wage", "performance_pay", "allowances")

    def components(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.COMPONENTS if self.cleaned_data.get(name)}


class HardshipForm(ServiceForm):
    """少交或免交: as the higher committee approved it."""

    from_month = forms.CharField(label="起始月份", widget=MonthInput())
    to_month = forms.CharField(label="截止月份", widget=MonthInput(), required=False, help_text="不填表示长期")
    amount = _money("批准每月交纳（元）")
    approved_by = forms.CharField(label="批准的上级党委", max_length=120)
    approved_on = forms.DateField(label="批准日期", widget=DateInput(),
                                  error_messages={"invalid": "日期格式应为 2026-11-23"})
    reason = forms.CharField(label="困难情况", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = "免交填 0"


class ReversalForm(ServiceForm):
    """冲正 one entry, with its reason."""

    reason = forms.CharField(label="冲正原因", max_length=300, required=False)
    idempotency_key = _key()


class RemittanceForm(ServiceForm):
    """上缴 to the higher organization."""

    period_start = forms.CharField(label="所属期起", widget=MonthInput())
    period_end = forms.CharField(label="所属期止", widget=MonthInput())
    amount = _money("上缴金额（元）")
    remitted_on = forms.DateField(label="上缴日期", widget=DateInput(),
                                  error_messages={"invalid": "日期格式应为 2026-11-23"})
    reference = forms.CharField(label="凭证号", max_length=80, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)
