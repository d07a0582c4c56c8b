"""The names of the members app's audit events (registered in MembersConfig.ready())."""

from dangjian.members.exports import EXPORT_ACTION
from dangjian.members.models import EventKind
from dangjian.members.services.records import EVENT_HANDLERS

ACTION_LABELS = {
    "member.create": "建立党员档案",
    "member.update": "修改党员信息",
    "member.import": "批量导入党员信息",
    EXPORT_ACTION: "导出党员信息",
    "member.reveal": "查看完整身份证号和手机号",
    "member.correction.request": "申请更正本人联系方式",
    "member.correction.decide": "审核联系方式更正申请",
    "member.transfer.start": "组织关系转接：开具介绍信",
    "member.transfer.accept": "组织关系转接：接收",
    "member.transfer.reject": "组织关系转接：退回",
    "member.transfer.cancel": "组织关系转接：撤回介绍信",
    "member.transfer.expire": "组织关系转接：介绍信超期",
    # record_event writes "member.event.<kind>" for each kind it handles: named after the kind,
    # so a kind added to the handlers is named with it.
    **{f"member.event.{kind}": f"登记党员事项：{EventKind(kind).label}" for kind in EVENT_HANDLERS},
}

# The keys of the changes members' events write (registered in MembersConfig.ready()). A
# member's own fields (an update's diff, a record's creation) are named after the model's fields.
CHANGE_LABELS = {
    "member": "党员", "kind": "类别", "occurred_on": "发生日期", "phone": "手机号", "approved": "同意",
    "to_org": "转入组织", "from": "转出组织", "to": "转入组织", "letter_number": "介绍信编号",
    "masked": "已脱敏", "org": "党组织", "as_of": "统计日期", "created": "新建", "updated": "更新",
    "unchanged": "未变", "errors": "错误行数", "file": "文件", "fields": "修改项目",
}
CHANGE_VALUES = {
    "kind": {"statistics": "党员统计表", "member_list": "党员名册", "roster": "年度党员花名册",
             "new_roster": "年度新发展党员名册", **{str(kind): str(kind.label) for kind in EventKind}},
}


def filter_labels() -> dict[str, str]:
    """The member list's filters (an export's "筛选条件") by the labels of the form's fields."""
    from dangjian.members.forms import MemberFilter

    return {name: str(field.label) for name, field in MemberFilter.base_fields.items() if field.label}


def filter_values() -> dict[str, dict[str, str]]:
    """The coded values of those filters (a status, an education) by their choices' labels."""
    from django import forms

    from dangjian.members.forms import MemberFilter

    return {name: {str(code): str(label) for code, label in field.choices if code not in (None, "")}
            for name, field in MemberFilter.base_fields.items()
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField)}
