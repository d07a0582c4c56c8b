"""Forms of the 组织生活会 pages. They collect input only, each listing its writable fields; the
rules are the services' (dangjian.supervision.services.lifemeeting*), whose refusal lands next to
the field (ServiceForm.add_violation). Rows of problems and criticisms are numbered fields
(`problem-1`, `measures-1`, `deadline-1` …) read back by `problem_rows` / `criticism_rows`."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.supervision.rules import lifemeeting as R

PROBLEM_ROWS = 5
CRITICISM_ROWS = 4


def _textarea(rows: int = 3):
    # the class too: numbered fields are added after ServiceForm has styled the declared ones
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class OpenForm(ServiceForm):
    kind = forms.ChoiceField(label="会议类型", choices=R.Kind.choices)
    topic = forms.CharField(label="会议主题", max_length=200)
    planned_on = forms.DateField(label="计划召开日期", widget=DateInput())


class LocalRuleForm(ServiceForm):
    kind = forms.ChoiceField(label="会议类型", choices=R.Kind.choices)
    report_days = forms.IntegerField(label="情况报告报送天数（会后几日内）", required=False, min_value=1, max_value=365)
    observer_required = forms.BooleanField(label="须派人列席指导", required=False)
    effective_from = forms.DateField(label="生效日期", widget=DateInput())
    document = forms.CharField(label="依据（本地文件名称、文号）", max_length=R.DOCUMENT_MAX)


class StudyForm(ServiceForm):
    held_on = forms.DateField(label="日期", widget=DateInput())
    form = forms.ChoiceField(label="形式", choices=R.StudyForm.choices)
    topic = forms.CharField(label="学习内容", max_length=200)
    participants = forms.IntegerField(label="参加人数", min_value=0, max_value=10_000, required=False)
    note = forms.CharField(label="研讨情况", required=False, widget=_textarea(2))


class OpinionForm(ServiceForm):
    collected_on = forms.DateField(label="征求日期", widget=DateInput())
    channel = forms.ChoiceField(label="方式", choices=R.Channel.choices)
    source = forms.ChoiceField(label="意见来源", choices=R.Source.choices)
    addressed_to = forms.ChoiceField(label="针对", required=False)
    content = forms.CharField(label="意见内容", widget=_textarea(2))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressed_to"].choices = [("", "领导班子"), *[(m.pk, m.name) for m in people]]


class SummaryForm(ServiceForm):
    summary = forms.CharField(label="征求意见汇总（反馈给参会人员）", widget=_textarea(4))


class TalkPlanForm(ServiceForm):
    talker = forms.ChoiceField(label="谈话人")
    talkee = forms.ChoiceField(label="谈话对象")
    planned_on = forms.DateField(label="计划日期", required=False, widget=DateInput())

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(m.pk, m.name) for m in people]
        self.fields["talker"].choices = choices
        self.fields["talkee"].choices = choices


class TalkHeldForm(ServiceForm):
    held_on = forms.DateField(label="谈话日期", widget=DateInput())
    summary = forms.CharField(label="谈话要点", widget=_textarea(2))


class MaterialForm(ServiceForm):
    causes = forms.CharField(label="产生问题的原因", widget=_textarea(4))
    commitments = forms.CharField(label="努力方向和整改措施（总体）", required=False, widget=_textarea(3))

    def __init__(self, *args, rows: int = PROBLEM_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for i in range(1, rows + 1):
            self.fields[f"problem-{i}"] = forms.CharField(label=f"问题 {i}", required=False, widget=_textarea(2))
            self.fields[f"measures-{i}"] = forms.CharField(label=f"问题 {i} 的整改措施", required=False,
                                                           widget=_textarea(2))
            self.fields[f"deadline-{i}"] = forms.DateField(label=f"问题 {i} 的整改期限", required=False,
                                                           widget=DateInput(attrs={"class": "form-control"}))

    def problem_rows(self) -> list[dict]:
        data = self.cleaned_data
        return [{"problem": data.get(f"problem-{i}", ""), "measures": data.get(f"measures-{i}", ""),
                 "deadline": data.get(f"deadline-{i}")} for i in range(1, self.rows + 1)]

    def row_fields(self):
        return [(self[f"problem-{i}"], self[f"measures-{i}"], self[f"deadline-{i}"]) for i in range(1, self.rows + 1)]


class ReviewForm(ServiceForm):
    decision = forms.ChoiceField(label="审核意见", choices=[("approve", "审核通过"), ("return", "退回修改")])
    reason = forms.CharField(label="退回原因（修改要求）", max_length=R.SHORT_MAX, required=False)


class HoldForm(ServiceForm):
    meeting = forms.ChoiceField(label="已登记的会议记录", required=False,
                                help_text="会议已在“组织生活记录”中登记的，选择该记录即可，日期、地点和出席情况不必再填")
    held_on = forms.DateField(label="召开日期", required=False, widget=DateInput())
    place = forms.CharField(label="地点", max_length=120, required=False)
    host = forms.ChoiceField(label="主持人", required=False)
    recorder = forms.ChoiceField(label="记录人", required=False)
    minutes = forms.CharField(label="会议记录（议程和主要内容）", required=False, widget=_textarea(6))
    observer_name = forms.CharField(label="列席指导人员", max_length=60, required=False)
    observer_org = forms.ChoiceField(label="列席指导单位（上级党组织）", required=False)
    dual_life = forms.MultipleChoiceField(label="以普通党员身份参会的党员领导干部（双重组织生活）", required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people=(), above=(), leaders=(), records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", "— 现在登记 —"), *[(r.pk, f"{r.held_on:%Y-%m-%d} {r.topic}") for r in records]]
        choices = [("", "—"), *[(m.pk, m.name) for m in people]]
        self.fields["host"].choices = choices
        self.fields["recorder"].choices = choices
        self.fields["observer_org"].choices = [("", "—"), *[(o.pk, o.name) for o in above]]
        self.fields["dual_life"].choices = [(leader.member.pk, f"{leader.member.name}（{'、'.join(leader.posts)}）")
                                            for leader in leaders]

    def clean(self):
        data = super().clean()
        if not data.get("meeting"):
            for name, label in (("held_on", "召开日期"), ("place", "地点")):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, f"请填写{label}，或选择已登记的会议记录")
        return data


class CriticismForm(ServiceForm):
    self_criticism = forms.CharField(label="自我批评", widget=_textarea(4))
    response = forms.CharField(label="表态", required=False, widget=_textarea(2))

    def __init__(self, *args, critics=(), rows: int = CRITICISM_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [("", "—"), *[(m.pk, m.name) for m in critics]]
        for i in range(1, rows + 1):
            self.fields[f"critic-{i}"] = forms.ChoiceField(label=f"提出人 {i}", choices=choices, required=False,
                                                           widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[f"content-{i}"] = forms.CharField(label=f"批评意见 {i}", required=False, widget=_textarea(2))

    def criticism_rows(self) -> list[dict]:
        data = self.cleaned_data
        return [{"critic": data.get(f"critic-{i}"), "content": data.get(f"content-{i}", "")}
                for i in range(1, self.rows + 1)]

    def row_fields(self):
        return [(self[f"critic-{i}"], self[f"content-{i}"]) for i in range(1, self.rows + 1)]


class ReportForm(ServiceForm):
    reported_on = forms.DateField(label="报送日期", widget=DateInput())
    report_text = forms.CharField(label="其他需要报告的情况", required=False, widget=_textarea(5))
