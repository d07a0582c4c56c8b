"""Forms of the staff register's pages. Each lists its writable fields (QUALITY.md item 4) and only
collects input: the services decide, and their RuleViolation is shown next to the field it names."""

from __future__ import annotations

from django import forms

from dangjian.orgs.forms import DateInput, ServiceForm
from dangjian.staff.models import LeadershipRole, StaffPost

ALL = [("", "全部")]
GENDERS = [("male", "男"), ("female", "女")]


class StaffFilter(forms.Form):
    """The list's filters; `school` choices are the schools in the user's sight."""

    q = forms.CharField(label="姓名", required=False, max_length=30)
    school = forms.TypedChoiceField(label="学校", required=False, coerce=int, empty_value=None)
    post = forms.ChoiceField(label="岗位类别", required=False, choices=ALL + list(StaffPost.choices))
    party = forms.ChoiceField(label="党员", required=False, choices=ALL + [("yes", "党员"), ("no", "非党员")])
    state = forms.ChoiceField(label="在职情况", required=False,
                              choices=[("current", "在职"), ("former", "已离职"), ("all", "全部")])

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = ALL + [(s.pk, s.name) for s in schools]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) \
                else "form-control form-control-sm"


class StaffForm(ServiceForm):
    """登记 and 修改: the fields create_staff_member / update_staff_member take. The ID number is
    asked only when registering (it is the entry's identity; a wrong one is a new entry)."""

    name = forms.CharField(label="姓名", max_length=60)
    id_number = forms.CharField(label="身份证号", max_length=18, help_text="18 位，末位可为 X")
    gender = forms.ChoiceField(label="性别", choices=GENDERS, help_text="须与身份证号一致")
    post = forms.ChoiceField(label="岗位类别", choices=StaffPost.choices, initial=StaffPost.TEACHER,
                             help_text="专任教师按岗位类别统计")
    office = forms.CharField(label="职务", max_length=60, required=False, help_text="如：教导主任、语文教研组长")
    department = forms.CharField(label="部门", max_length=60, required=False)
    title = forms.CharField(label="职称", max_length=30, required=False)
    employed_from = forms.DateField(label="入职日期", widget=DateInput())
    phone = forms.CharField(label="手机号", max_length=20, required=False, help_text="修改时留空表示不变")
    member = forms.TypedChoiceField(label="党员档案", required=False, coerce=int, empty_value=None,
                                    help_text="本人是本校党员时关联其党员档案（须与身份证号一致）")

    def __init__(self, *args, members=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "（非党员）")] + [(m.pk, f"{m.name}（{m.org.name}）") for m in members]
        if editing:
            del self.fields["id_number"]
        self.fields["member"].widget.attrs["class"] = "form-select"


class EndEmploymentForm(ServiceForm):
    on = forms.DateField(label="离职日期", widget=DateInput(), help_text="在任的班子职务同日卸任")


class TermForm(ServiceForm):
    role = forms.ChoiceField(label="班子职务", choices=LeadershipRole.choices)
    started_on = forms.DateField(label="任职日期", widget=DateInput())


class EndTermForm(ServiceForm):
    on = forms.DateField(label="卸任日期", widget=DateInput())


class RevealForm(ServiceForm):
    reason = forms.CharField(label="查看用途", max_length=200, min_length=4,
                             error_messages={"min_length": "请写明用途（至少 4 个字）"},
                             widget=forms.TextInput(attrs={"placeholder": "如：签订责任书，核对身份证号"}))


class ImportForm(ServiceForm):
    school = forms.TypedChoiceField(label="学校", coerce=int)
    file = forms.FileField(label="名册文件（.xlsx）", help_text="请使用下载的模板；任一行有误则整份文件不导入")

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [(s.pk, s.name) for s in schools]
        self.fields["school"].widget.attrs["class"] = "form-select"
