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
