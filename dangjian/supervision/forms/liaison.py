"""Forms of 党建工作联系点 and 巡回督导. They only collect input; every rule is judged by the
services (services/liaison.py, services/inspection.py), whose refusal lands next to its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.supervision.rules import liaison as R


class AssignForm(ServiceForm):
    committee = forms.ChoiceField(label="安排单位")
    liaison = forms.ChoiceField(label="联系人（本级党组织任职人员）")
    school = forms.ChoiceField(label="联系学校")
    year = forms.IntegerField(label="年度")
    visits_required = forms.IntegerField(label="每年至少走访（次）", initial=R.MIN_VISITS_PER_YEAR,
                                         help_text=f"不少于 {R.MIN_VISITS_PER_YEAR} 次，每半年至少一次；依据：{R.R_VISITS.citation}")

    def __init__(self, *args, committees=(), liaisons=(), schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [(str(c.pk), c.name) for c in committees]
        self.fields["liaison"].choices = [(f"{p.org_id}:{p.user_id}", f"{p.person_name}（{p.org.name}{p.get_post_display()}）")
                                          for p in liaisons]
        self.fields["school"].choices = [(str(s.pk), s.name) for s in schools]
        self.fields["year"].initial = timezone.localdate().year


class VisitForm(ServiceForm):
    visited_on = forms.DateField(label="走访日期", widget=DateInput())
    visitors = forms.CharField(label="参加人员", max_length=200)
    findings = forms.CharField(label="调研指导情况与发现的问题", widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="听取了哪些汇报、看了什么、发现了什么问题；没有问题也请写明")


class PlanForm(ServiceForm):
    planned_on = forms.DateField(label="计划走访日期", widget=DateInput())


class FindingForm(ServiceForm):
    """One finding put on the school's 整改台账 (the ledger's own rules: problem, owner, deadline)."""

    problem = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    measures = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner_name = forms.CharField(label="责任人", max_length=60, required=False)
    deadline = forms.DateField(label="整改期限", widget=DateInput(), required=False)


class RoundForm(ServiceForm):
    committee = forms.ChoiceField(label="督导单位")
    title = forms.CharField(label="名称", max_length=120, required=False)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    schools = forms.MultipleChoiceField(label="督导的学校", required=False,
                                        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    checklist = forms.CharField(
        label="督导考评内容", widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text="每行一项：内容、空格、分值，如“组织生活落实情况 20”")

    def __init__(self, *args, committees=(), schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].choices = [(str(c.pk), c.name) for c in committees]
        self.fields["schools"].choices = [(str(s.pk), s.name) for s in schools]

    def checklist_rows(self) -> list[dict]:
        rows = []
        for line in (self.cleaned_data.get("checklist") or "").splitlines():
            text, _, score = line.strip().rpartition(" ")
            if line.strip():
                rows.append({"text": text.strip() or line.strip(), "max_score": score if text else ""})
        return rows


class ResultForm(ServiceForm):
    inspected_on = forms.DateField(label="督导日期", widget=DateInput())
    inspectors = forms.CharField(label="督导人员", max_length=200)
    findings = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for e in self.entries:
            self.fields[f"score_{e.pk}"] = forms.CharField(
                label=f"{e.number}. {e.text}（满分 {e.max_score}）", required=False, max_length=8,
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}))

    def scores(self) -> dict[str, str]:
        return {str(e.pk): self.cleaned_data.get(f"score_{e.pk}") or "" for e in self.entries}
