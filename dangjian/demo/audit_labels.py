"""The names of the demo app's audit events (registered in DemoConfig.ready())."""

from dangjian.appraisal.rules.review import Grade
from dangjian.orgs.models import OrgKind

ACTION_LABELS = {
    "demo.seed": "生成演示数据",
}

# The keys of the seed's summary (registered in DemoConfig.ready()): its own counts, each app's
# counts below them, and the kinds of organizations and the grades counted by their codes.
CHANGE_LABELS = {
    "scale": "规模", "seed": "随机种子", "schools": "学校", "public_schools": "公办学校", "private_schools": "民办学校",
    "public_covered": "已建党组织的公办学校", "private_covered": "已建党组织的民办学校", "orgs": "党组织",
    "orgs_by_kind": "各类党组织", "members": "党员", "retirees": "离退休党员", "probationary": "预备党员",
    "active": "党籍正常的党员", "positions": "任职", "staff": "教职工", "students": "学生",
    "dues": "党费", "recruitment": "发展党员", "orglife": "组织生活", "decisions": "议事决策",
    "appraisal_review": "民主评议党员", "life_meetings": "组织生活会和民主生活会", "supervision": "监督整改与公开",
    "ratings": "评星定级", "bases": "缴费基数", "lines": "应交记录", "payments": "交纳记录", "extras": "自愿多交",
    "remittances": "上缴记录", "hardships": "困难减免", "files": "发展档案", "member_files": "已入党的发展档案",
    "steps": "办理步骤", "stopped": "中止", "late_with_reason": "超期并说明理由", "plans": "发展计划",
    "refused": "被拒绝的操作", "meetings": "会议", "attendance": "出席记录", "non_quorate": "未达法定人数的会议",
    "absent_members": "缺席党员", "matters": "议题", "executing_overdue": "执行超期", "closed_late": "超期办结",
    "expenditures": "经费支出", "violations": "违规情形", "powers": "权力清单事项", "skipped": "跳过",
    "rounds": "评议", "through_services": "经业务规则办理", "grades": "评定等次", "follow_ups": "后续处置",
    "open_follow_ups": "未办结的后续处置", "self_reports": "个人总结", "processes": "会议流程", "held": "已召开",
    "reported": "已报告", "late": "超期", "preparing": "筹备中", "items": "事项", "closed": "已办结",
    "local_rules": "本地规定", "batches": "批次", "overdue": "超期", "escalated": "已升级督办", "escalated_on": "升级督办日期",
    "source": "整改来源",
    "disclosures": "公开事项", "years": "年度", "five_star_last_year": "上年五星", "titles_last_year": "上年称号",
    "revoked": "撤销", "weak_open": "未整顿完的软弱涣散组织", "current_submitted": "本年已提交",
    "ethics": "师德师风", "assessed": "已考核教师", "honours_matters": "评优议题",
    "integrity_risks": "廉政风险台账", "risks": "廉政风险点", "reviews": "复核", "publications": "公示",
    "owners_registered": "补登的风险点责任人",
    "staff_register": "教职工名册", "teachers": "专任教师", "linked_members": "关联党员档案的教职工",
    "terms": "班子任职", "accounts": "关联系统账号的教职工",
    "local_documents": "本地文件登记", "documents": "登记的本地文件", "switches": "启用的本地规定",
    **{str(kind): str(label) for kind, label in OrgKind.choices},
    **{str(grade): str(label) for grade, label in Grade.choices},
}
CHANGE_VALUES = {"scale": {"school": "两所学校", "county": "一个县区", "city": "一个地级市", "province": "一个省"}}
