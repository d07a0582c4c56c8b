"""Forms of 议事决策. They only collect input; every rule is judged by the services, whose
refusal lands next to its field (ServiceForm.add_violation)."""

from __future__ import annotations

from django import forms

from dangjian.decisions.rules import FIELD_LABELS, Category, Verdict
from dangjian.orgs.forms import DateInput, ServiceForm, _style


class MatterForm(ServiceForm):
    org = forms.ChoiceField(label="学校党组织")
    title = forms.CharField(label="议题名称", max_length=120)
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    # a text field: the service says why "一万元" or "-5" is refused, next to the field
    amount = forms.CharField(label="金额（元）", required=False, max_length=20,
                             help_text="涉及资金的议题填写；达到大额经费标准的自动列为“三重一大”")
    raised_on = forms.DateField(label="提出日期", widget=DateInput())
    background = forms.CharField(label="背景与方案", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    # 评优选优 and 人事职称 name the people concerned: the ethics one-vote veto is judged on them
    persons = forms.MultipleChoiceField(label="涉及人员", required=False,
                                        widget=forms.SelectMultiple(attrs={"size": 6}),
                                        help_text="评优选优、人事职称事项请选择涉及的教职工，适用师德一票否决（按住 Ctrl 可多选）")

    def __init__(self, *args, orgs=(), staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]
        self.fields["persons"].choices = [(str(s.pk), f"{s.name}（{s.school.name}）") for s in staff]


class TransitionForm(ServiceForm):
    """The facts of one edge of the table (rules.Transition.fields), its date and a note."""

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"] = forms.DateField(label="日期", widget=DateInput())
        for name in transition.fields:
            if name == "deadline":
                self.fields[name] = forms.DateField(label=FIELD_LABELS[name], widget=DateInput())
            elif name in ("meeting_note", "communication", "consultation"):
                self.fields[name] = forms.CharField(label=FIELD_LABELS[name], required=False, max_length=500,
                                                    widget=forms.Textarea(attrs={"rows": 2}))
            else:
                self.fields[name] = forms.CharField(label=FIELD_LABELS[name], required=False, max_length=60)
        self.fields["note"] = forms.CharField(label="备注", required=False, max_length=300)
        _style(self)


class TaskForm(ServiceForm):
    title = forms.CharField(label="分解任务", max_length=120)
    owner_name = forms.CharField(label="责任人", max_length=60)
    unit = forms.CharField(label="责任部门", max_length=60)
    deadline = forms.DateField(label="完成期限", widget=DateInput())


class ReportForm(ServiceForm):
    # shown only when the decision is broken into tasks: a report is then about one task
    task = forms.ChoiceField(label="分解任务", required=False)
    reported_on = forms.DateField(label="报告日期", widget=DateInput())
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100)
    text = forms.CharField(label="执行情况", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label="佐证材料", required=False, max_length=300,
                               help_text="例如：验收单编号、合同编号、公示照片的存放位置")

    def __init__(self, *args, tasks=(), **kwargs):
        super().__init__(*args, **kwargs)
        if tasks:
            self.fields["task"].choices = [("", "请选择")] + [(str(t.pk), f"{t.title}（{t.progress}%）") for t in tasks]
        else:
            del self.fields["task"]


class MeetingForm(ServiceForm):
    held_on = forms.DateField(label="会议日期", widget=DateInput())
    place = forms.CharField(label="地点", required=False, max_length=60)
    host_name = forms.CharField(label="主持人", max_length=60)
    recorder_name = forms.CharField(label="记录人", required=False, max_length=60)
    present = forms.MultipleChoiceField(label="出席的委员（有表决权）", required=False,
                                        widget=forms.CheckboxSelectMultiple)
    observers = forms.CharField(label="列席人员", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                help_text="每行一人：姓名 职务（例如：周校长 校长）。列席人员不参加表决。")
    matters = forms.MultipleChoiceField(label="议题（书记确定）", widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label="会议记录", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, seats=(), matters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(p.pk), f"{p.person_name}（{p.get_post_display()}）") for p in seats]
        self.fields["matters"].choices = [(str(m.pk), f"{m.title}（{m.get_category_display()}）") for m in matters]
        for name in ("present", "matters"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def observer_list(self) -> list[dict]:
        out = []
        for line in (self.cleaned_data.get("observers") or "").splitlines():
            parts = line.split(maxsplit=1)
            if parts:
                out.append({"name": parts[0], "role": (parts[1] if len(parts) > 1 else "列席")})
        return out


class VoteForm(ServiceForm):
    verdict = forms.ChoiceField(label="表决结果", choices=Verdict.choices)
    votes_for = forms.IntegerField(label="赞成", min_value=0, required=False)
    votes_against = forms.IntegerField(label="反对", min_value=0, required=False)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0, required=False)
    recused = forms.MultipleChoiceField(label="回避的委员", required=False, widget=forms.CheckboxSelectMultiple)
    recusal_reason = forms.CharField(label="回避原因", required=False, max_length=120)
    resolution = forms.CharField(label="决议内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, voters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recused"].choices = [(str(a.position_id), a.person_name) for a in voters]
        self.fields["recused"].widget.attrs["class"] = "form-check-input"

    def item(self, matter_id: int) -> dict:
        data = self.cleaned_data
        reason = data.get("recusal_reason") or ""
        return {"matter": matter_id, "verdict": data["verdict"], "for": data.get("votes_for") or 0,
                "against": data.get("votes_against") or 0, "abstain": data.get("votes_abstain") or 0,
                "recused": [{"position": int(p), "reason": reason} for p in data.get("recused") or []],
                "resolution": data.get("resolution") or ""}


class PowerForm(ServiceForm):
    name = forms.CharField(label="权力事项", max_length=80)
    basis = forms.CharField(label="设定依据", max_length=200)
    responsible_post = forms.CharField(label="责任岗位", max_length=60)
    steps = forms.CharField(label="运行流程（每行一步）", widget=forms.Textarea(attrs={"rows": 4}))
    risk_points = forms.CharField(label="风险点及防控措施", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="今后与廉政风险台账关联")


class ThresholdForm(ServiceForm):
    amount = forms.CharField(label="大额经费标准（元）", max_length=20)
    citation = forms.CharField(label="依据（文件名称和文号）", max_length=300)
    effective_on = forms.DateField(label="生效日期", widget=DateInput())


class QuorumSettingForm(ServiceForm):
    """The one stricter reading a committee may ask of the 党组织会议 in its subtree (超过半数)."""

    citation = forms.CharField(label="依据（文件名称和文号）", max_length=300)
    effective_on = forms.DateField(label="生效日期", widget=DateInput())


class SeatForm(ServiceForm):
    body = forms.ChoiceField(label="议事机构", choices=[("principal_office", "校长办公会"), ("staff_congress", "教代会")])
    person_name = forms.CharField(label="姓名", max_length=60)
    role = forms.CharField(label="职务", required=False, max_length=60, help_text="例如：副校长、教务主任、工会主席")
    started_on = forms.DateField(label="起始日期", widget=DateInput())
