"""The audit log's filter: one definition, used by the page (and by an export when one comes)."""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.utils import timezone

from dangjian.core.audit_labels import action_choices, group_codes
from dangjian.core.models import AuditEntry


class AuditFilter(forms.Form):
    # The events in words, grouped by app (filled in __init__: the apps register their names in
    # ready(), after this module is imported). A group's first option selects all of it.
    action = forms.ChoiceField(label="操作", required=False,
                               error_messages={"invalid_choice": "请从列表中选择要查看的操作"})
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部")] + AuditEntry.Result.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["action"]).choices = action_choices()
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
            group = group_codes(data["action"])
            queryset = queryset.filter(action__in=group) if group is not None else queryset.filter(action=data["action"])
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
