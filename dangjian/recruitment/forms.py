"""Forms of recruitment. They only collect input: the step form is built from the step's facts
in rules.STEPS, and every rule is judged by services.record_step, whose refusal lands next to
its field (ServiceForm.add_violation)."""

from __future__ import annotations

from django import forms

from dangjian.members.models import Member, MemberStatus
from dangjian.orgs.forms import DateInput, ServiceForm, _style
from dangjian.orgs.meeting_records import meeting_book
from dangjian.recruitment.checks import VOTE_FIELDS, VOTE_LABELS
from dangjian.recruitment.rules import MEETING_STEPS, Step

NEW_MEETING = "new"
# The records offered to link a step to: the branch's latest of the step's kinds of meeting.
MEETING_CHOICES = 30


class OpenFileForm(ServiceForm):
    """递交入党申请书: the person and the date; the organization is chosen among the user's."""

    org = forms.ChoiceField(label="接收申请的党组织")
    name = forms.CharField(label="姓名", max_length=60)
    id_number = forms.CharField(label="身份证号", max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    unit = forms.CharField(label="工作单位及职务", max_length=120, required=False)
    applied_on = forms.DateField(label="递交申请书日期", widget=DateInput())
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]


def _full_members(file):
    return (Member.objects.filter(org__path__startswith=file.org.path, status=MemberStatus.FULL)
            .active().order_by("name").values_list("pk", "name"))


class StepForm(ServiceForm):
    """One step of a file: its date, its facts, and the reason a late step needs."""

    def __init__(self, *args, file, step: Step, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["occurred_on"] = forms.DateField(label="办理日期", widget=DateInput())
        for fact in step.facts:
            self.fields.update(_fields_of(fact, file))
        if step.code in MEETING_STEPS and user is not None:
            self.fields.update(_meeting_fields(file, step, user))
        self.fields["reason"] = forms.CharField(
            label="说明理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
            help_text="超出规定时限等须说明理由的情况，在此写明；无此情况不填")
        self.fields["note"] = forms.CharField(label="备注", required=False, max_length=300)
        _style(self)  # the fields were added after ServiceForm styled the (empty) form

    def facts(self) -> dict:
        """The cleaned input as record_step's facts (the vote as one dict)."""
        data = self.cleaned_data
        facts = {"occurred_on": data["occurred_on"], "note": data.get("note", "")}
        for fact in self.step.facts:
            if fact.kind == "vote":
                facts["vote"] = {k: data.get(f"vote_{k}") or 0 for k in VOTE_FIELDS}
            elif fact.kind == "members":
                facts[fact.name] = [int(v) for v in data.get(fact.name) or []]
            else:
                facts[fact.name] = data.get(fact.name)
        return facts

    def meeting(self) -> dict:
        """record_step's meeting keywords: an existing record's number, or the place of a new one."""
        choice = self.cleaned_data.get("meeting") or ""
        if choice == NEW_MEETING:
            return {"new_meeting_place": self.cleaned_data.get("meeting_place") or ""}
        return {"meeting": int(choice)} if choice.isdigit() else {}


def _meeting_fields(file, step: Step, user) -> dict:
    """会议记录: link the step to the record of the meeting that decided it, or enter that record
    from the step (organizational life's record, through dangjian.orgs.meeting_records)."""
    book = meeting_book()
    choices = [("", "不关联会议记录")]
    if book.can_create(user, file.org):
        choices.append((NEW_MEETING, "根据本步骤新建会议记录（日期、会议类型取本步骤）"))
    choices += [(str(r.pk), r.label) for r in book.recent(file.org, MEETING_STEPS[step.code], user=user,
                                                          limit=MEETING_CHOICES)]
    return {
        "meeting": forms.ChoiceField(
            label="会议记录", required=False, choices=choices,
            help_text="研究决定本步骤的那次会议在组织生活中的记录：选择已登记的记录，或由本步骤新建，会议只需登记一次。"),
        "meeting_place": forms.CharField(label="会议地点（新建会议记录时填写）", required=False, max_length=120),
    }


def _fields_of(fact, file) -> dict:
    # Required-ness is the service's to judge (with the rule's message); the form only types input.
    if fact.kind == "vote":
        return {f"vote_{k}": forms.IntegerField(label=VOTE_LABELS[k], min_value=0, required=False)
                for k in VOTE_FIELDS}
    if fact.kind == "date":
        return {fact.name: forms.DateField(label=fact.label, required=False, widget=DateInput())}
    if fact.kind == "int":
        return {fact.name: forms.IntegerField(label=fact.label, min_value=0, required=False)}
    if fact.kind == "bool":
        return {fact.name: forms.BooleanField(label=fact.label, required=False)}
    if fact.kind == "choice":
        return {fact.name: forms.ChoiceField(label=fact.label, required=False,
                                             choices=[("", "请选择")] + list(fact.choices))}
    if fact.kind == "members":
        return {fact.name: forms.MultipleChoiceField(
            label=fact.label, required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            choices=[(str(pk), name) for pk, name in _full_members(file)])}
    return {fact.name: forms.CharField(label=fact.label, required=False, max_length=200)}


class RuleSettingForm(ServiceForm):
    """上级党委从严设定一项时限 for its subtree; the service refuses anything looser."""

    rule_code = forms.ChoiceField(label="规则")
    value = forms.IntegerField(label="从严后的数值", min_value=0)
    reason = forms.CharField(label="依据（文件名称和文号）", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dangjian.recruitment.rules import ADJUSTABLE, Unit

        self.fields["rule_code"].choices = [("", "请选择")] + [
            (code, f"{rule.text}（全国规定 {rule.value}{Unit(rule.unit).label}）") for code, rule in ADJUSTABLE.items()]


class PlanForm(ServiceForm):
    """年度发展计划 of one organization and year; services.set_plan judges and audits it."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    admitted = forms.IntegerField(label="计划发展党员（接收预备党员）人数", min_value=0)
    activists = forms.IntegerField(label="计划确定入党积极分子人数（可不填）", min_value=0, required=False)
    candidates = forms.IntegerField(label="计划确定发展对象人数（可不填）", min_value=0, required=False)
    basis = forms.CharField(label="依据或说明", max_length=300, required=False)
