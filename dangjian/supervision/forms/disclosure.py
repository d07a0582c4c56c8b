"""Forms of 党务公开. They only collect input (each lists its fields); every rule is judged by the
services, whose refusal lands next to its field (ServiceForm.add_violation)."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.supervision.rules.disclosure import Audience, Timing


class DraftForm(ServiceForm):
    org = forms.ChoiceField(label="公开单位")
    catalogue = forms.ChoiceField(label="公开目录事项", required=False)
    source_key = forms.ChoiceField(label="数据来源", required=False,
                                   help_text="选择后由系统按所选年度生成公开内容（表格），无需手工录入")
    source_year = forms.IntegerField(label="数据年度", required=False, min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", required=False, max_length=120, help_text="选择数据来源时可不填")
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    audience = forms.ChoiceField(label="公开范围", choices=Audience.choices)
    timing = forms.ChoiceField(label="公开时限", choices=Timing.choices)
    starts_on = forms.DateField(label="公开开始日期", required=False, widget=DateInput())
    ends_on = forms.DateField(label="公开结束日期", required=False, widget=DateInput(),
                              help_text="不填则定期公开 30 天、及时公开 7 天")

    def __init__(self, *args, orgs=(), catalogue=(), sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]
        self.fields["catalogue"].choices = [("", "（目录外事项）"), *catalogue]
        self.fields["source_key"].choices = [("", "（手工填写）"), *[(s.key, s.label) for s in sources]]


class EditForm(ServiceForm):
    title = forms.CharField(label="标题", max_length=120, required=False)
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    audience = forms.ChoiceField(label="公开范围", choices=Audience.choices)
    timing = forms.ChoiceField(label="公开时限", choices=Timing.choices)
    starts_on = forms.DateField(label="公开开始日期", required=False, widget=DateInput())
    ends_on = forms.DateField(label="公开结束日期", required=False, widget=DateInput())


class StepForm(ServiceForm):
    """The step is the button pressed (`step`); a note or reason, and the period when publishing."""

    note = forms.CharField(label="意见 / 退回原因", required=False, max_length=300,
                           widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label="公开开始日期", required=False, widget=DateInput())
    ends_on = forms.DateField(label="公开结束日期", required=False, widget=DateInput())


class CatalogueForm(ServiceForm):
    title = forms.CharField(label="公开事项", max_length=120, required=False)
    audience = forms.ChoiceField(label="公开范围", choices=Audience.choices)
    timing = forms.ChoiceField(label="公开时限", choices=Timing.choices)
    period = forms.CharField(label="公开时间", max_length=60, required=False, help_text="如：每年一月；选举后及时")
    source_key = forms.ChoiceField(label="数据来源", required=False)
    citation = forms.CharField(label="依据", max_length=200, required=False)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_key"].choices = [("", "（无）"), *[(s.key, s.label) for s in sources]]
