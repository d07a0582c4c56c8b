"""The names of the decisions app's audit events (registered in DecisionsConfig.ready())."""

from dangjian.decisions.rules import Category, State, Verdict

ACTION_LABELS = {
    "decisions.matter_create": "新建议题",
    "decisions.transition": "议题状态变更",
    "decisions.attachment_add": "上传议题附件",
    "decisions.meeting": "登记党组织会议",
    "decisions.vote": "登记议题表决结果",
    "decisions.task": "分解执行任务",
    "decisions.report": "报告执行情况",
    "decisions.expenditure": "登记经费支出",
    "decisions.threshold": "设定大额经费标准",
    "decisions.quorum_setting": "规定党组织会议须超过半数到会",
    "decisions.seat": "增加议事机构成员",
    "decisions.seat_end": "议事机构成员任期结束",
    "decisions.power_save": "保存小微权力清单事项",
    "decisions.powers_publish": "公开小微权力清单",
}

# The keys of the changes decisions' events write (registered in DecisionsConfig.ready()).
# A matter's, a seat's or a power's own fields are named after the model's fields.
CHANGE_LABELS = {
    "amount": "金额（元）", "effective_on": "生效日期", "category": "类别", "is_major": "三重一大", "state": "状态",
    "meeting_note": "校长办公会研究情况", "communication": "书记与校长沟通酝酿情况", "consultation": "个别酝酿情况",
    "congress": "报告的教代会", "note": "说明", "task": "任务", "owner": "责任人", "deadline": "完成时限",
    "progress": "进度（%）", "task_progress": "任务进度（%）", "name": "名称", "file_kind": "文件类型", "size": "大小（字节）",
    "count": "数量", "body": "议事机构", "person": "姓名", "role": "职务", "started_on": "任职日期", "ended_on": "终止日期",
    "held_on": "开会日期", "body_size": "应到会人数", "present": "实到人数", "quorate": "达到法定人数",
    "matters": "议题编号", "meeting": "会议编号", "verdict": "表决结果", "for": "赞成", "against": "反对",
    "abstain": "弃权", "eligible": "有表决权人数", "recused": "回避人员编号",
}
CHANGE_VALUES = {
    "category": {str(code): str(label) for code, label in Category.choices},
    "state": {str(code): str(label) for code, label in State.choices},
    "verdict": {str(code): str(label) for code, label in Verdict.choices},
    "body": {"party": "党组织会议", "principal_office": "校长办公会", "staff_congress": "教代会"},
}
# Lists of ids, not a before → after pair even when there are two.
CHANGE_LISTS = ("matters", "recused")
