"""Forms of 师德师风: they collect input; every rule is judged by dangjian.staff.services.ethics,
whose refusal lands next to its field (ServiceForm.add_violation)."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.staff.rules.ethics import EthicsGrade, Handling, Standard


class ViolationForm(ServiceForm):
    staff = forms.ChoiceField(label="教职工")
    occurred_on = forms.DateField(label="发生日期", widget=DateInput())
    standard = forms.TypedChoiceField(label="违反的准则条目", coerce=int,
                                      choices=[("", "请选择")] + list(Standard.choices),
                                      help_text="《新时代中小学教师职业行为十项准则》")
    description = forms.CharField(label="违规行为", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    handling = forms.ChoiceField(label="处理方式", choices=[("", "请选择")] + list(Handling.choices),
                                 help_text="《中小学教师违反职业道德行为处理办法》第三条所列的处分和其他处理")
    handling_note = forms.CharField(label="处理情况", max_length=300, required=False)
    decided_on = forms.DateField(label="处理决定日期", widget=DateInput())
    decided_by = forms.CharField(label="处理决定单位", max_length=100)

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].choices = [("", "请选择")] + [(str(s.pk), f"{s.name}（{s.department or s.get_post_display()}）")
                                                          for s in staff]


GRADE_CHOICES = [("", "—")] + list(EthicsGrade.choices)
