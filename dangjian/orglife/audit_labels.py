"""The names of the orglife app's audit events (registered in OrglifeConfig.ready())."""

from dangjian.orglife.models import AttachmentKind
from dangjian.orglife.rules import Frequency, Kind, Quorum

ACTION_LABELS = {
    "orglife.meeting_create": "登记组织生活记录",
    "orglife.meeting_update": "修改组织生活记录",
    "orglife.meeting_amend": "更正已锁定的组织生活记录",
    "orglife.attachment_add": "上传组织生活记录附件",
    "orglife.note_create": "撰写读书笔记",
    "orglife.override": "设定更严格的组织生活频次",
    "orglife.quorum_setting": "设定更严格的党员大会法定人数",
    "orglife.plan_generate": "生成年度组织生活计划",
    "orglife.plan_update": "修改年度计划事项",
    "orglife.export": "导出组织生活记录或年度计划",
    "orglife.sign_in": "扫码签到",
}

# The keys of the changes orglife's events write (registered in OrglifeConfig.ready()). A
# meeting's or a plan item's own fields are named after the model's fields.
CHANGE_LABELS = {
    "title": "标题", "char_count": "字数", "shared": "在支部内分享", "year": "年度", "added": "新增计划项数",
    "kind": "类别", "frequency": "频次", "min_count": "最少次数", "effective_from": "生效日期", "name": "文件名",
    "file_kind": "文件类型", "size": "大小（字节）", "meeting": "记录编号", "org": "党组织",
    "member": "党员编号", "signed_at": "签到时间", "background": "后台生成", "quorum": "法定人数",
}
CHANGE_VALUES = {
    "kind": {**{str(code): str(label) for code, label in Kind.choices},
             **{str(code): str(label) for code, label in AttachmentKind.choices},
             "minutes": "会议记录", "plan": "年度组织生活计划"},
    "frequency": {str(code): str(label) for code, label in Frequency.choices},
    "quorum": {str(code): str(label) for code, label in Quorum.choices},
}
