"""Forms of 述职评议. The report's sections and the 测评 counts are read by the views from their
named inputs and judged by the services as a whole."""

from __future__ import annotations

from django import forms

from dangjian.appraisal.rules import duty_review as R
from dangjian.orgs.forms import DateInput, ServiceForm


class DutyRoundForm(ServiceForm):
    org = forms.ChoiceField(label="开展单位")
    kind = forms.ChoiceField(label="述职类别", choices=R.Kind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    deadline = forms.DateField(label="述职报告截止日期", widget=DateInput(),
                               help_text="截止后仍可提交，但记为“逾期提交”")
    meeting_on = forms.DateField(label="述职会议日期", required=False, widget=DateInput())
    note = forms.CharField(label="工作安排", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]


class RectifyForm(ServiceForm):
    deadline = forms.DateField(label="整改期限", widget=DateInput())
    owner_name = forms.CharField(label="责任人", required=False, max_length=60, help_text="不填则为述职的书记")


class SettingForm(ServiceForm):
    meeting = forms.IntegerField(label="党建工作例会测评权重（%）", min_value=0, max_value=100)
    supervision = forms.IntegerField(label="巡回督导考评权重（%）", min_value=0, max_value=100)
    poll = forms.IntegerField(label="述职测评权重（%）", min_value=0, max_value=100)
    good_min = forms.IntegerField(label="“好”分数线", min_value=1, max_value=100)
    fairly_good_min = forms.IntegerField(label="“较好”分数线", min_value=1, max_value=100)
    average_min = forms.IntegerField(label="“一般”分数线", min_value=1, max_value=100)
    source = forms.CharField(label="依据（文件名称、文号）", max_length=300, required=False)
    effective_from = forms.DateField(label="生效日期", widget=DateInput())
