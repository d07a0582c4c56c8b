"""The names of the orglife app's audit events (registered in OrglifeConfig.ready())."""

ACTION_LABELS = {
    "orglife.meeting_create": "登记组织生活记录",
    "orglife.meeting_update": "修改组织生活记录",
    "orglife.meeting_amend": "更正已锁定的组织生活记录",
    "orglife.attachment_add": "上传组织生活记录附件",
    "orglife.note_create": "撰写读书笔记",
    "orglife.override": "设定更严格的组织生活频次",
    "orglife.plan_generate": "生成年度组织生活计划",
    "orglife.plan_update": "修改年度计划事项",
    "orglife.export": "导出组织生活记录或年度计划",
}
