"""Forms for the organization and school pages. Each lists its writable fields explicitly
(QUALITY.md item 4) and only collects input: the service functions decide, and a
RuleViolation they raise is put next to the field it names (`add_violation`)."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Post
from dangjian.orgs.models import OrgKind, PartyOrg, RobotKind, School
from dangjian.orgs.services import ORG_FIELDS, SCHOOL_FIELDS


class DateInput(forms.DateInput):
    """ISO dates (2026-11-23) with the browser's date picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class ServiceForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def add_violation(self, violation: RuleViolation) -> None:
        """Show a service's refusal next to its field, with the rule it cites."""
        message = violation.message
        if violation.rule is not None:
            message = f"{message}。依据：{violation.rule}"
        field = violation.field if violation.field in self.fields else None
        self.add_error(field, message)


def _model_fields(model, names, **widgets):
    fields = fields_for_model(model, fields=names, widgets=widgets)
    return {name: fields[name] for name in names}


class OrgForm(ServiceForm):
    """维护组织信息: the fields `update_org` accepts. Switching the organization off or back on is
    offered only to the higher committee (`can_change_status`, services.may_change_status): the
    form for one's own organization does not carry the field at all, so no post can send it."""

    def __init__(self, *args, can_change_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(PartyOrg, ORG_FIELDS, founded_on=DateInput(), term_start=DateInput(),
                                         term_end=DateInput()))
        if can_change_status:
            self.fields["is_active"].help_text = "撤销组织时取消勾选，恢复时勾选；历史记录保留。由上级党组织办理。"
            self.fields["status_reason"] = forms.CharField(
                label="撤销或恢复的原因", required=False, max_length=200,
                help_text="撤销或恢复组织时必填，记入审计日志。",
                widget=forms.TextInput(attrs={"placeholder": "如：学校撤并，党员组织关系已全部转出"}))
        else:
            del self.fields["is_active"]
        _style(self)


class SchoolForm(ServiceForm):
    """维护学校信息 (五个清): the fields `update_school` accepts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_model_fields(School, SCHOOL_FIELDS, no_org_note=forms.Textarea(attrs={"rows": 2})))
        _style(self)


class AppointForm(ServiceForm):
    """任职: who takes which post from when. The person may be linked to a member record of the
    organization, whose system account then gets the post's permissions."""

    post = forms.ChoiceField(label="职务", choices=Post.choices)
    person_name = forms.CharField(label="姓名", max_length=60)
    member = forms.ModelChoiceField(label="关联党员档案", required=False, queryset=None, empty_label="不关联",
                                    help_text="关联后，该党员的系统账号获得此职务的权限。")
    started_on = forms.DateField(label="任职日期", widget=DateInput())
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, org: PartyOrg, members, **kwargs):
        super().__init__(*args, **kwargs)
        if org.kind == OrgKind.EDUCATION_COMMITTEE:
            # Members belong to school organizations; a committee's posts are filled by staff.
            del self.fields["member"]
        else:
            self.fields["member"].queryset = members
        _style(self)

    def clean(self):
        data = super().clean()
        member = data.get("member")
        if member is not None and data.get("person_name") and member.name != data["person_name"]:
            self.add_error("member", f"所选党员档案的姓名是“{member.name}”，与填写的姓名不一致")
        return data


class EndPositionForm(ServiceForm):
    ended_on = forms.DateField(label="离任日期", widget=DateInput())
    reason = forms.CharField(label="离任原因", max_length=200, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "如：换届、工作调动、退休"}))


class GroupRobotForm(ServiceForm):
    """群机器人通知: what `services.robot.save_robot` accepts. The stored address and secret are
    never put back into the form (they are credentials): left blank, they stay as they are."""

    kind = forms.ChoiceField(label="机器人类型", choices=RobotKind.choices)
    url = forms.CharField(label="机器人地址（Webhook）", required=False, max_length=500,
                          help_text="在群聊中添加群机器人后复制其地址。留空则保留已保存的地址。",
                          widget=forms.TextInput(attrs={"autocomplete": "off",
                                                        "placeholder": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}))
    secret = forms.CharField(label="签名密钥（仅钉钉“加签”）", required=False, max_length=200,
                             help_text="钉钉机器人安全设置选“加签”时填写，以 SEC 开头；留空则保留已保存的密钥。",
                             widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    clear_secret = forms.BooleanField(label="清除已保存的签名密钥", required=False)
    enabled = forms.BooleanField(label="启用：本组织的待办提醒同时发送到群", required=False)
