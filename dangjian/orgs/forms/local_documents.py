"""Forms of the register of local documents: the fields services.local_documents accepts."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms.orgs import ServiceForm
from dangjian.orgs.local_rules import local_rules

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LocalDocumentForm(ServiceForm):
    org = forms.ModelChoiceField(label="登记单位（文件适用于本组织及下级）", queryset=None, empty_label=None)
    issuer = forms.CharField(label="发文单位", max_length=120, widget=forms.TextInput(attrs={"placeholder": "如：市教育局党委"}))
    title = forms.CharField(label="文件标题", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "如：关于加强中小学校党建工作的意见"}))
    number = forms.CharField(label="文号", max_length=60, required=False, help_text="文件未载明文号的，留空。",
                             widget=forms.TextInput(attrs={"placeholder": "如：市教党〔2022〕1号"}))
    issued_on = forms.DateField(label="印发日期", required=False, widget=_DATE, help_text="文件未载明日期的，留空。")
    note = forms.CharField(label="备注", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, committees=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"]   # a document's scope stays what it was registered with
        else:
            self.fields["org"].queryset = committees


class SwitchOnForm(ServiceForm):
    rule = forms.ChoiceField(label="本地规定")
    org = forms.ModelChoiceField(label="启用范围（本组织及下级）", queryset=None, empty_label=None)
    effective_from = forms.DateField(label="生效日期", widget=_DATE, help_text="自该日起适用；不能早于今天。")

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [(r.code, f"{r.area} · {r.label}") for r in local_rules()]
        self.fields["org"].queryset = committees
