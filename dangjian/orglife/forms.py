"""Forms of the organizational-life pages. They collect input only; the rules are judged by
dangjian.orglife.services, whose refusal lands next to the field (ServiceForm.add_violation).

The attendance table is not a Django field: one select per expected attendee named
`att-<member id>` ("present" or an absence reason) and `note-<member id>`, drawn by
`_attendance.html` for the kind, date and group chosen (re-drawn by htmx when they change)."""

from __future__ import annotations

import datetime

from django import forms

from dangjian.members.models import Member
from dangjian.orglife.models import AbsenceReason
from dangjian.orglife.rules import ACTIVITIES_BY_ORG_KIND, Frequency, Kind
from dangjian.orglife.services import AttendanceLine
from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.orgs.models import OrgKind, PartyOrg

PRESENT = "present"
ATTENDANCE_CHOICES = [(PRESENT, "出席"), *AbsenceReason.choices]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class MeetingForm(ServiceForm):
    kind = forms.ChoiceField(label="活动类型")
    held_on = forms.DateField(label="日期", widget=DateInput())
    starts_at = forms.TimeField(label="开始时间", required=False, widget=TimeInput())
    ends_at = forms.TimeField(label="结束时间", required=False, widget=TimeInput())
    place = forms.CharField(label="地点", max_length=120)
    group = forms.ModelChoiceField(label="党小组（党小组会）", queryset=PartyOrg.objects.none(), required=False,
                                   empty_label="—")
    host = forms.ModelChoiceField(label="主持人", queryset=Member.objects.none(), required=False, empty_label="—")
    recorder = forms.ModelChoiceField(label="记录人", queryset=Member.objects.none(), required=False, empty_label="—")
    lecturer = forms.ModelChoiceField(label="授课人（本组织党员）", queryset=Member.objects.none(), required=False,
                                      empty_label="—")
    lecturer_name = forms.CharField(label="授课人（系统外，填写姓名和单位）", max_length=60, required=False)
    topic = forms.CharField(label="主题", max_length=200)
    agenda = forms.CharField(label="议程", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label="会议记录", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    resolutions = forms.CharField(label="决议事项", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    makeup_for = forms.DateField(label="补开：所补期间内的任一日期", required=False, widget=DateInput(),
                                 help_text="按期召开的会议不填；本期未开、事后补开的，填所补月份或季度内的日期")
    reason = forms.CharField(label="更正原因", max_length=300, required=False,
                             help_text="记录已锁定：更正须写明原因，留存修改历史")

    def __init__(self, *args, org: PartyOrg, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["kind"].choices = [(k, Kind(k).label) for k in ACTIVITIES_BY_ORG_KIND.get(org.kind, ())]
        self.fields["group"].queryset = PartyOrg.objects.filter(path__startswith=org.path, kind=OrgKind.GROUP,
                                                                is_active=True)
        people = Member.objects.filter(org=org).active().order_by("name")
        for name in ("host", "recorder", "lecturer"):
            self.fields[name].queryset = people
        if not locked:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
        for name in ("kind", "held_on", "group"):
            self.fields[name].widget.attrs.update({"data-attendance-trigger": "1"})

    def clean_makeup_for(self):
        day = self.cleaned_data.get("makeup_for")
        kind = self.cleaned_data.get("kind")
        if day and kind:
            from dangjian.orglife.rules import NATIONAL, period_of

            return period_of(day, NATIONAL[kind].frequency).start
        return day

    def facts(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        return data


def attendance_lines(post) -> list[AttendanceLine]:
    """The attendance selects of a submitted form, as lines for the service."""
    lines = []
    for key, value in post.items():
        if not key.startswith("att-"):
            continue
        try:
            member_id = int(key[4:])
        except ValueError:
            continue
        note = (post.get(f"note-{member_id}") or "").strip()
        lines.append(AttendanceLine(member_id, value == PRESENT, "" if value == PRESENT else value, note))
    return lines


class OverrideForm(ServiceForm):
    kind = forms.ChoiceField(label="活动类型", choices=Kind.choices)
    frequency = forms.ChoiceField(label="频次", choices=Frequency.choices)
    min_count = forms.IntegerField(label="每期至少次数", min_value=1, max_value=31, initial=1)
    effective_from = forms.DateField(label="生效日期", widget=DateInput())
    reason = forms.CharField(label="依据（文件名称、文号）", max_length=300)

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if today:
            self.fields["effective_from"].initial = today


class QuorumSettingForm(ServiceForm):
    """The one stricter quorum a committee may ask of the 党员大会 in its subtree (超过半数)."""

    effective_from = forms.DateField(label="生效日期", widget=DateInput())
    reason = forms.CharField(label="依据（文件名称、文号）", max_length=300)

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if today:
            self.fields["effective_from"].initial = today


class PlanItemForm(ServiceForm):
    planned_on = forms.DateField(label="计划日期", required=False, widget=DateInput())
    topic = forms.CharField(label="主题", max_length=200, required=False)
    lecturer_name = forms.CharField(label="授课人 / 主讲人", max_length=60, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class ReadingNoteForm(ServiceForm):
    title = forms.CharField(label="题目", max_length=120)
    book = forms.CharField(label="学习材料（书名、篇目）", max_length=120)
    written_on = forms.DateField(label="日期", widget=DateInput())
    content = forms.CharField(label="笔记内容", widget=forms.Textarea(attrs={"rows": 10}))
    shared = forms.BooleanField(label="发布到本支部学习园地，供心得交流", required=False)
