"""The names of the recruitment app's audit events (registered in RecruitmentConfig.ready())."""

from dangjian.recruitment.materials import MATERIAL_KINDS
from dangjian.recruitment.rules import LIMITS, STEPS, Stage

ACTION_LABELS = {
    "recruitment.open": "建立发展党员档案（递交入党申请书）",
    # record_step writes "recruitment.step.<code>" for each of the 25 steps; two steps share a
    # name (报上级党委备案, 04 and 08), so the number comes with it.
    **{f"recruitment.step.{step.code}": f"发展党员第 {int(step.code)} 步：{step.name}" for step in STEPS},
    "recruitment.steps": "批量补录发展党员步骤",
    "recruitment.files": "批量补录发展党员档案（含各步骤）",
    "recruitment.plan": "设定年度发展党员计划",
    "recruitment.rule_setting": "设定本辖区更严格的发展党员时限",
    "recruitment.export": "导出发展党员名册",
    "recruitment.material": "生成发展党员材料（谈话记录、公示等）",
}

# The keys of the changes recruitment's events write (registered in RecruitmentConfig.ready()).
# A plan's own fields (the numbers before and after) are named after the model's fields.
CHANGE_LABELS = {
    "rule": "规定", "value": "本辖区标准", "national": "全国标准", "org": "党组织", "year": "年度",
    "kind": "类别", "stage": "阶段", "step": "步骤", "occurred_on": "办理日期", "passed": "符合规定",
    "breaches": "未满足的规定", "opened": "建档", "applied_on": "递交申请书日期",
    "meeting_record": "会议记录编号", "meeting_created": "同时登记了会议记录", "steps": "各步骤",
}
_RULES = {rule.code: rule.text for step in STEPS for rule in step.rules} | {code: r.text for code, r in LIMITS.items()}
CHANGE_VALUES = {
    "rule": _RULES, "breaches": _RULES,
    "step": {step.code: f"第 {int(step.code)} 步：{step.name}" for step in STEPS},
    "stage": {"": "全部阶段", **{str(code): str(label) for code, label in Stage.choices}},
    "kind": {"roster": "发展党员工作名册", **{kind: m.title for kind, m in MATERIAL_KINDS.items()}},
}
# A list of rules, not a before → after pair even when there are two.
CHANGE_LISTS = ("breaches",)
