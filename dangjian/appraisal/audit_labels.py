"""The names of the appraisal app's audit events (registered in AppraisalConfig.ready()), one
section per half: 民主评议党员 (review), 评星定级 (rating)."""

# --- 民主评议党员 ------------------------------------------------------------------------------
REVIEW_LABELS = {
    "appraisal.round.create": "开展民主评议党员",
    "appraisal.round.transition": "民主评议进入下一环节",
    "appraisal.poll.counts": "录入民主测评结果",
    "appraisal.poll.ballot": "党员手机匿名测评投票",
    "appraisal.grades": "登记民主评议等次",
    "appraisal.follow_up.update": "修改评议结果处置或改进任务",
    "appraisal.follow_up.close": "办结评议结果处置或改进任务",
    "appraisal.self_report": "填写党员自查自评",
    "appraisal.override": "设定更严格的民主评议规定",
    "appraisal.export": "导出民主评议党员结果",
}

# --- 评星定级 ----------------------------------------------------------------------------------
RATING_LABELS = {
    "appraisal.standard_create": "制定评星定级标准",
    "appraisal.standard_update": "修改评星定级标准",
    "appraisal.standard_area": "设置评星定级标准的方面",
    "appraisal.standard_item": "设置评星定级标准的条目",
    "appraisal.standard_levels": "设置星级分数线",
    "appraisal.standard_situation": "设置摘星情形",
    "appraisal.standard_copy": "复制评星定级标准到下一年度",
    "appraisal.rating_launch": "启动年度评星定级",
    "appraisal.rating_open": "开始学校评星定级自评",
    "appraisal.rating_refresh": "重新计算自动评分项目",
    "appraisal.rating_self_scores": "填写评星定级自评分",
    "appraisal.rating_evidence": "上传评星定级佐证材料",
    "appraisal.rating_transition": "评星定级进入下一环节",
    "appraisal.rating_adjust": "上级调整评星定级分数",
    "appraisal.rating_draw": "抽查评星定级",
    "appraisal.rating_publicity": "评星定级结果公示",
    "appraisal.rating_grant": "授予星级",
    "appraisal.rating_export": "导出评星定级自评表",
    "appraisal.publicity_document": "导出评定结果公示",
    "appraisal.notice_document": "导出黑榜通报",
    "appraisal.weak_list": "列入软弱涣散党组织",
    "appraisal.weak_task": "添加整顿任务",
    "appraisal.weak_task_done": "完成整顿任务",
    "appraisal.weak_lift": "软弱涣散党组织整顿销号",
}

# --- 书记抓党建述职评议 -----------------------------------------------------------------------------
DUTY_LABELS = {
    "appraisal.duty_round.create": "开展书记抓党建述职评议",
    "appraisal.duty_report.save": "保存述职报告草稿",
    "appraisal.duty_report.draft": "由系统数据生成述职报告初稿",
    "appraisal.duty_report.submit": "提交述职报告",
    "appraisal.duty_assessment": "登记述职测评和过程考评得分",
    "appraisal.duty_report.submit_batch": "批量提交述职报告（补录）",
    "appraisal.duty_assessment_batch": "批量登记述职测评和过程考评得分（补录）",
    "appraisal.duty_comment": "填写述职点评意见",
    "appraisal.duty_rectify": "述职点评意见列入整改台账",
    "appraisal.duty_setting": "设定述职评议的权重和分数线",
}

ACTION_LABELS = {**REVIEW_LABELS, **RATING_LABELS, **DUTY_LABELS}

# --- the keys of the changes the services write (the 变更 column of the audit log) -----------------
REVIEW_CHANGE_LABELS = {
    "cap": "“优秀”上限（人）", "chars": "字数", "created": "新建", "graded": "评定人数", "grades": "等次（人数）",
    "member": "党员", "members": "党员",
}
RATING_CHANGE_LABELS = {
    "area": "方面", "changes": "调整的得分", "five_star": "五星级（个）", "from": "复制自（编号）", "from_year": "复制自年度",
    "granted": "评定星级的组织（个）", "item": "项目", "items": "项目数", "opened": "启动的组织（个）",
    "ratings": "党组织（个或编号）", "revocation": "摘星通报（编号）", "task": "整顿任务", "tasks": "整顿任务",
    "self_score": "自评得分", "reviewed_score": "审核得分", "final_score": "评定得分", "checked_score": "抽查得分",
    "stars": "星级", "stars_before": "原星级", "returned": "退回理由", "objection": "公示异议", "situation": "摘星情形",
    "notice_no": "黑榜通报文号", "publicity": "公示（编号）", "draw": "抽查（编号）", "drawn": "被抽中", "seed": "随机种子",
    "percent": "抽查比例（%）", "population": "待抽查的组织（个）", "start": "公示开始", "end": "公示截止",
    "working_days": "公示天数（工作日）", "standard": "标准（编号）", "note": "说明", "format": "格式",
}
DUTY_CHANGE_LABELS = {
    "entries": "应述职的学校党组织（个）", "deadline": "截止日期", "submitted_on": "提交日期",
    "late": "逾期提交", "present": "参加测评人数", "counts": "测评票数", "meeting_score": "党建工作例会测评得分",
    "supervision_score": "巡回督导考评得分", "composite": "综合得分", "grade": "综合评定", "comment": "点评意见",
    "weights": "权重（例会/督导/述职测评，%）", "lines": "分数线（好/较好/一般）", "source": "依据",
    "effective_from": "生效日期", "rectification_item": "整改事项（编号）",
    "submitted": "提交述职报告（个）", "assessed": "登记测评结果（个）",
}
CHANGE_LABELS = {**REVIEW_CHANGE_LABELS, **RATING_CHANGE_LABELS, **DUTY_CHANGE_LABELS}
def _state_names() -> dict[str, str]:
    """The states of both halves under one key (their codes differ): a round's steps, a rating's states."""
    from dangjian.appraisal.rules.rating import State
    from dangjian.appraisal.rules.review import Step

    return {str(code): str(label) for choices in (Step.choices, State.choices) for code, label in choices}


def _duty_kinds() -> dict[str, str]:
    from dangjian.appraisal.rules.duty_review import Kind

    return {str(code): str(label) for code, label in Kind.choices}


CHANGE_VALUES = {
    "state": _state_names(),
    "kind": {"review_result": "民主评议结果", **_duty_kinds()},
    "format": {"xlsx": "Excel", "docx": "Word", "pdf": "PDF"},
}
# Lists rather than a before → after pair.
CHANGE_LISTS = ("ratings", "tasks", "changes")
