"""The audit log's filter: one definition, used by the page (and by an export when one comes)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from dangjian.core.models import AuditEntry

# The names services give their audit entries, in the words a party worker uses.
ACTION_LABELS = {
    "login": "登录",
    "login.failed": "登录失败",
    "logout": "退出",
    "lockout": "账号锁定",
    "permission.denied": "越权操作被拒绝",
    "org.create": "新建党组织",
    "org.update": "修改党组织",
    "org.deactivate": "撤销党组织",
    "org.restore": "恢复党组织",
    "school.update": "修改学校信息",
    "school.attach": "调整学校党组织",
    "position.appoint": "任职",
    "position.end": "离任",
    "member.reveal": "查看完整身份证号",
    "export": "导出",
    "import": "导入",
}


class AuditFilter(forms.Form):
    action = forms.CharField(label="操作", required=False, max_length=80,
                             widget=forms.TextInput(attrs={"placeholder": "如 org.update 或 org."}))
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部")] + AuditEntry.Result.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select form-select-sm" if isinstance(field, forms.ChoiceField)
                                          else "form-control form-control-sm")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "截止日期不能早于起始日期")
        return data

    def apply(self, queryset):
        """Filter an already scoped queryset; an invalid form filters nothing further."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["action"]:
            # A trailing dot selects a family of actions ("org." → org.create, org.update …).
            queryset = queryset.filter(action__startswith=data["action"]) if data["action"].endswith(".") \
                else queryset.filter(action=data["action"])
        if data["actor"]:
            queryset = queryset.filter(actor_name__icontains=data["actor"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            queryset = queryset.filter(created_at__gte=datetime.datetime.combine(data["date_from"], datetime.time.min, tz))
        if data["date_to"]:
            end = datetime.datetime.combine(data["date_to"] + datetime.timedelta(days=1), datetime.time.min, tz)
            queryset = queryset.filter(created_at__lt=end)
        if data["result"]:
            queryset = queryset.filter(result=data["result"])
        return queryset
