"""Forms of the 整改台账. They only collect input (each lists its fields); every rule is judged by
the services, whose refusal lands next to its field (ServiceForm.add_violation)."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.supervision.rules.rectification import Source

ACCEPT_EVIDENCE = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one field; each is checked by the service (core.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_EVIDENCE}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class BatchForm(ServiceForm):
    """A batch's head: whose problems, from which source, raised by whom, when, under which reference."""

    org = forms.ChoiceField(label="整改单位")
    source = forms.ChoiceField(label="问题来源", choices=Source.choices)
    issuer = forms.ChoiceField(label="下达单位", help_text="巡察、督导等由上级党组织下达；自查、组织生活会、民主生活会选本组织")
    issuer_detail = forms.CharField(label="具体机构", required=False, max_length=60, help_text="如：县委第二巡察组")
    title = forms.CharField(label="名称", required=False, max_length=120, help_text="不填则按“年份 + 下达单位 + 来源”生成")
    issued_on = forms.DateField(label="反馈（下达）日期", widget=DateInput())
    reference = forms.CharField(label="文号", required=False, max_length=60)

    def __init__(self, *args, orgs=(), issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(str(o.pk), o.name) for o in orgs]
        self.fields["issuer"].choices = [(str(o.pk), o.name) for o in issuers]


class ImportForm(BatchForm):
    file = forms.FileField(label="整改问题清单（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
                           help_text="按模板填写：存在问题、整改措施、责任领导、责任单位、责任人、整改期限；有一行错误则整表不导入")


class ItemForm(ServiceForm):
    problem = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    leader_name = forms.CharField(label="责任领导", required=False, max_length=60)
    unit = forms.CharField(label="责任单位", required=False, max_length=60)
    owner_name = forms.CharField(label="责任人", required=False, max_length=60)
    # not required here: the service refuses a missing deadline naming its rule
    deadline = forms.CharField(label="整改期限", required=False, widget=DateInput())


class ProgressForm(ServiceForm):
    occurred_on = forms.DateField(label="日期", widget=DateInput())
    progress = forms.IntegerField(label="整改进度（%）", min_value=0, max_value=100)
    text = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    files = MultipleFileField(label="佐证材料", help_text="PDF、图片、Word、Excel，每个不超过 20 MB，每次最多 10 个")


class RequestForm(ServiceForm):
    occurred_on = forms.DateField(label="申请日期", widget=DateInput())
    text = forms.CharField(label="整改完成情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    files = MultipleFileField(label="佐证材料", help_text="申请销号须至少有一份佐证材料（本次上传或此前进展报告所附）")


class DecisionForm(ServiceForm):
    """The decision itself is the button pressed (同意销号 / 退回), sent as `decision`."""

    note = forms.CharField(label="意见 / 退回理由", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=1000, help_text="退回须写明理由和进一步整改的要求")


class ReportedForm(ServiceForm):
    reported_on = forms.DateField(label="报送日期", widget=DateInput())


class EscalationForm(ServiceForm):
    days = forms.IntegerField(label="逾期上报天数", min_value=1, max_value=365)
    citation = forms.CharField(label="依据文件", max_length=300, help_text="本地规定的名称和文号")
    effective_on = forms.DateField(label="生效日期", widget=DateInput())
