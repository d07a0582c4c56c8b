"""Forms of the 廉政风险台账. They only collect input; every rule (owner on the school's staff,
measures written, the yearly review) is judged by the services, whose refusal lands next to its
field (ServiceForm.add_violation). Required fields are not required here so that a missing owner
or measure is refused by the service with its rule named."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.supervision.rules.integrity_risk import LEVEL_MEANINGS, Level, Outcome

LEVEL_HELP = "；".join(f"{Level(k).label}：{v}" for k, v in LEVEL_MEANINGS.items())


class RiskForm(ServiceForm):
    power = forms.ChoiceField(label="小微权力事项", required=False, help_text="不选则为岗位本身的风险点")
    post = forms.CharField(label="岗位", required=False, max_length=60, help_text="不填则取该权力事项的责任岗位")
    description = forms.CharField(label="风险点描述", required=False, max_length=300,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.ChoiceField(label="风险等级", required=False, choices=[("", "请选择"), *Level.choices],
                              help_text=LEVEL_HELP)
    measures = forms.CharField(label="防控措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ChoiceField(label="责任人", required=False, help_text="本校在职教职工（教职工名册）")
    identified_on = forms.DateField(label="确定日期", required=False, widget=DateInput(), help_text="不填为今天")
    review_due = forms.DateField(label="复核日期", required=False, widget=DateInput(),
                                 help_text="不填为确定日期后一年；每年至少复核一次")

    def __init__(self, *args, powers=(), staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["power"].choices = [("", "（岗位风险，不对应权力事项）"), *[(str(p.pk), p.name) for p in powers]]
        self.fields["owner"].choices = [("", "请选择"), *[
            (str(s.pk), f"{s.name}（{s.office or s.get_post_display()}）") for s in staff]]


class ReviewForm(ServiceForm):
    outcome = forms.ChoiceField(label="复核结论", required=False, choices=[("", "请选择"), *Outcome.choices])
    reviewed_on = forms.DateField(label="复核日期", required=False, widget=DateInput(), help_text="不填为今天")
    level = forms.ChoiceField(label="调整后等级", required=False, choices=[("", "（不调整）"), *Level.choices])
    measures = forms.CharField(label="更新防控措施", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text="不填则保留原措施")
    note = forms.CharField(label="说明 / 销号理由", required=False, max_length=300)
    next_due = forms.DateField(label="下次复核日期", required=False, widget=DateInput(), help_text="不填为复核日期后一年")


class PublishForm(ServiceForm):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100)
    published_on = forms.DateField(label="公示日期", required=False, widget=DateInput(), help_text="不填为今天")
