"""Forms of 责任书 / 承诺书. They only collect input; every rule is judged by the services, whose
refusal lands next to its field (ServiceForm.add_violation)."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.supervision.rules.pledge import PLACEHOLDERS, Kind

PLACEHOLDER_HELP = "可用占位符：" + "、".join("{" + p + "}" for p in PLACEHOLDERS) + "，按每位签订人生成文本"


class CampaignForm(ServiceForm):
    org = forms.ChoiceField(label="发起单位")
    kind = forms.ChoiceField(label="种类", choices=Kind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    deadline = forms.DateField(label="签订截止日期", required=False, widget=DateInput())
    title = forms.CharField(label="标题", required=False, max_length=120, help_text="不填则用该种类的默认标题")
    body = forms.CharField(label="正文", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=f"不填则用该种类的默认文本。{PLACEHOLDER_HELP}")

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]


class AddSignerForm(ServiceForm):
    staff = forms.ChoiceField(label="补充列入的人员")

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [(str(s.pk), f"{s.school.name} {s.name}（{role}）") for s, role in staff]


class ScanForm(ServiceForm):
    file = forms.FileField(label="本人签字的扫描件", required=False, help_text="PDF、PNG 或 JPEG，不超过 10 MB")
    signed_on = forms.DateField(label="签订日期", required=False, widget=DateInput(), help_text="不填为今天")
