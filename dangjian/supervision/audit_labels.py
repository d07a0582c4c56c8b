"""The names of the supervision app's audit events (registered in SupervisionConfig.ready())."""

ACTION_LABELS = {
    # 整改台账
    "rectification.batch_create": "下达整改问题清单",
    "rectification.item_create": "增加整改问题",
    "rectification.import": "导入整改问题清单",
    "rectification.progress": "报告整改进展",
    "rectification.request_closure": "申请整改销号",
    "rectification.approve": "同意整改销号",
    "rectification.return": "退回整改销号申请",
    "rectification.escalate": "整改逾期上报",
    "rectification.escalation_set": "设定整改逾期上报天数",
    "rectification.report_submitted": "登记整改情况报告已报送",
    "rectification.report_document": "生成整改情况报告",
    "rectification.export": "导出整改工作台账",
    # 党务公开
    "disclosure.draft": "拟订党务公开事项",
    "disclosure.edit": "修改党务公开稿件",
    "disclosure.review": "党务公开保密审查通过",
    "disclosure.approve": "审批同意党务公开事项",
    "disclosure.send_back": "退回党务公开稿件修改",
    "disclosure.publish": "发布党务公开事项",
    "disclosure.archive": "党务公开事项归档",
    "disclosure.catalogue": "制定党务公开目录",
    "disclosure.export": "导出党务公开记录",
    # 责任书 / 承诺书
    "pledge.open": "发起责任书、承诺书签订",
    "pledge.add_signer": "补充列入责任书签订人",
    "pledge.sign": "本人在线签订责任书、承诺书",
    "pledge.scan": "登记责任书、承诺书签字扫描件",
    "pledge.scan_batch": "批量登记责任书、承诺书签字扫描件",
    # 廉政风险台账
    "integrity_risk.create": "登记廉政风险点",
    "integrity_risk.review": "复核廉政风险点",
    "integrity_risk.publish": "向教职工公示廉政风险点清单",
    "integrity_risk.export": "下载廉政风险点一览表",
    # 组织生活会 / 民主生活会
    "lifemeeting.open": "生活会：开始会前准备",
    "lifemeeting.rule": "设定更严格的生活会规定",
    "lifemeeting.study": "生活会：登记学习研讨",
    "lifemeeting.opinion": "生活会：登记征求的意见",
    "lifemeeting.summary": "生活会：汇总征求意见",
    "lifemeeting.talk_plan": "生活会：安排谈心谈话",
    "lifemeeting.talk": "生活会：登记谈心谈话",
    "lifemeeting.material_create": "生活会：撰写对照检查材料",
    "lifemeeting.material_update": "生活会：修改对照检查材料",
    "lifemeeting.material_submit": "生活会：提交对照检查材料",
    "lifemeeting.material_approve": "生活会：审核通过对照检查材料",
    "lifemeeting.material_return": "生活会：退回对照检查材料",
    "lifemeeting.hold": "生活会：召开会议",
    "lifemeeting.criticism": "生活会：登记批评与自我批评",
    "lifemeeting.rectify": "生活会：问题列入整改台账",
    "lifemeeting.report": "生活会：报送情况报告",
    "lifemeeting.export": "生活会：导出材料、会议记录或情况报告",
    # 党建工作联系点 / 巡回督导
    "liaison.assign": "安排党建工作联系点",
    "liaison.visit_plan": "计划联系点走访",
    "liaison.visit_record": "登记联系点走访",
    "inspection.open": "开展巡回督导",
    "inspection.record": "登记学校督导考评结果",
    "inspection.close": "结束巡回督导",
}

# The keys of the changes supervision's events write that its models' fields do not name
# (registered in SupervisionConfig.ready()).
CHANGE_LABELS = {
    # 整改台账
    "batch": "整改批次编号", "items": "整改任务数", "evidence": "佐证材料", "days_overdue": "逾期天数",
    "escalate_after": "逾期上报天数", "filters": "筛选条件", "format": "文件格式", "rows": "行数",
    # 责任书 / 承诺书
    "signers": "签订人数", "campaign": "签订活动", "method": "签订方式", "file": "扫描件", "letters": "扫描件（份）",
    # 组织生活会 / 民主生活会
    "criticisms": "批评与自我批评", "due": "情况报告报送期限", "material": "对照检查材料", "observer": "列席指导",
    "opinions": "征求意见", "problems": "查摆问题", "report_rule": "报送时限依据", "status": "报送情况",
    # 党建工作联系点 / 巡回督导
    "liaison": "联系人", "school": "学校", "period": "督导期间", "schools": "督导学校数", "checklist": "督导考评项数",
    "not_inspected": "未督导学校数",
    # 廉政风险台账
    "post": "岗位", "power": "小微权力事项", "level": "风险等级", "owner": "责任人", "review_due": "复核日期",
    "outcome": "复核结论", "measures": "防控措施", "year": "年度", "count": "风险点数", "published_on": "公示日期",
}


def change_values() -> dict[str, dict[str, str]]:
    """Coded values read as words: the item's and the disclosure's states, sources, audiences."""
    from dangjian.supervision.rules import disclosure as D
    from dangjian.supervision.rules import rectification as R

    return {
        "state": {**{str(c): str(label) for c, label in R.ItemState.choices},
                  **{str(c): str(label) for c, label in D.State.choices}},
        "source": {str(c): str(label) for c, label in R.Source.choices},
        "audience": {str(c): str(label) for c, label in D.Audience.choices},
        "timing": {str(c): str(label) for c, label in D.Timing.choices},
    }
