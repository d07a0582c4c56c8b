"""The names of the recruitment app's audit events (registered in RecruitmentConfig.ready())."""

from dangjian.recruitment.rules import STEPS

ACTION_LABELS = {
    "recruitment.open": "建立发展党员档案（递交入党申请书）",
    # record_step writes "recruitment.step.<code>" for each of the 25 steps; two steps share a
    # name (报上级党委备案, 04 and 08), so the number comes with it.
    **{f"recruitment.step.{step.code}": f"发展党员第 {int(step.code)} 步：{step.name}" for step in STEPS},
    "recruitment.steps": "批量补录发展党员步骤",
    "recruitment.plan": "设定年度发展党员计划",
    "recruitment.rule_setting": "设定本辖区更严格的发展党员时限",
    "recruitment.export": "导出发展党员名册",
    "recruitment.material": "生成发展党员材料（谈话记录、公示等）",
}
