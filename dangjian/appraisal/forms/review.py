"""Forms of 民主评议党员. The counts and grades tables are read by the views from their named
inputs (one row per member of the roster) and judged by the services as a whole."""

from __future__ import annotations

from django import forms

from dangjian.appraisal.rules import review as R
from dangjian.orgs.forms import DateInput, ServiceForm, _style


class RoundForm(ServiceForm):
    org = forms.ChoiceField(label="党支部")
    year = forms.IntegerField(label="评议年度", min_value=2000, max_value=2100)
    as_of = forms.DateField(label="评议基准日", widget=DateInput(),
                            help_text="评议名册为这一天组织关系在本支部的党员；学习教育从这一天开始")
    note = forms.CharField(label="工作方案要点", required=False, max_length=300,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]


class StepForm(ServiceForm):
    """The facts of the next step (rules.review.Transition.fields), its date and a note."""

    def __init__(self, *args, transition: R.Transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"] = forms.DateField(label="日期", widget=DateInput())
        if "poll_mode" in transition.fields:
            self.fields["poll_mode"] = forms.ChoiceField(label="测评方式", choices=R.PollMode.choices)
        if "decided_by" in transition.fields:
            self.fields["decided_by"] = forms.ChoiceField(label="评定会议", choices=R.Body.choices)
            self.fields["decided_on"] = forms.DateField(label="评定日期", widget=DateInput())
        self.fields["note"] = forms.CharField(label="情况说明", required=False, max_length=300)
        _style(self)


class FollowUpForm(ServiceForm):
    owner = forms.ChoiceField(label="责任人")
    deadline = forms.DateField(label="期限", widget=DateInput())
    measures = forms.CharField(label="措施和进展", required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "请选择")] + [(str(m.pk), m.name) for m in owners]


class CloseForm(ServiceForm):
    outcome = forms.ChoiceField(label="结果")
    closed_on = forms.DateField(label="办结日期", widget=DateInput())
    decision_org = forms.CharField(label="批准的上级党组织", required=False, max_length=120,
                                   help_text="劝退、除名、延长预备期、取消预备党员资格须经支部大会讨论并报上级党组织批准")
    months = forms.IntegerField(label="延长预备期（月）", required=False, min_value=6, max_value=12)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o, R.Outcome(o).label) for o in R.OUTCOMES[kind]]
        if kind != R.FollowUpKind.PROBATION:
            del self.fields["months"]
        if not set(R.OUTCOMES[kind]) & R.RECORD_OUTCOMES:
            del self.fields["decision_org"]


class SelfReportForm(ServiceForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.ChoiceField(label="类别", choices=R.ReportPeriod.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in R.REPORT_FIELDS.items():
            self.fields[name] = forms.CharField(label=label, required=False, max_length=R.REPORT_FIELD_MAX,
                                                widget=forms.Textarea(attrs={"rows": 2}))
        _style(self)


class OverrideForm(ServiceForm):
    excellent_percent = forms.IntegerField(label="“优秀”比例上限（%）", required=False, min_value=1, max_value=100,
                                           help_text="全国规定为党员总数的 1/3；只能规定更低的比例，不填则不变")
    probationary_policy = forms.ChoiceField(label="预备党员评定办法", required=False,
                                            choices=[("", "不变")] + list(R.ProbationaryPolicy.choices))
    effective_from = forms.DateField(label="生效日期", widget=DateInput())
    reason = forms.CharField(label="依据（文件名称、文号）", max_length=300)
