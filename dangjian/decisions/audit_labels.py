"""The names of the decisions app's audit events (registered in DecisionsConfig.ready())."""

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
    "decisions.seat": "增加议事机构成员",
    "decisions.seat_end": "议事机构成员任期结束",
    "decisions.power_save": "保存小微权力清单事项",
    "decisions.powers_publish": "公开小微权力清单",
}
