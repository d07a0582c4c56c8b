"""The names of the dues app's audit events (registered in DuesConfig.ready())."""

from dangjian.dues.models import REGULAR_KINDS, DeclaredBy, Method, PaymentKind, PaymentPlan
from dangjian.dues.rules import Category

ACTION_LABELS = {
    # record_payment writes "dues.pay.<kind>" for the month's dues paid on time or late.
    **{f"dues.pay.{kind}": f"登记党费交纳（{PaymentKind(kind).label}）" for kind in REGULAR_KINDS},
    "dues.pay.extra": f"登记党费交纳（{PaymentKind.EXTRA.label}）",
    "dues.pay.reverse": "冲正党费交纳记录",
    "dues.base.set": "核定党费缴费基数",
    "dues.plan.set": "设定党费交纳方式（按月或按季度）",
    "dues.hardship.approve": "登记批准少交或免交党费",
    "dues.ledger.generate": "生成月度党费台账",
    "dues.remit": "登记党费上缴",
    "dues.export": "导出党费报表",
}

# The keys of the changes dues' events write (registered in DuesConfig.ready()).
CHANGE_LABELS = {
    "base": "缴费基数", "category": "缴费类别", "effective_month": "起始月份", "declared_by": "申报方式",
    "recomputed_lines": "重算的应交记录数", "added_lines": "补入已生成台账的应交记录数", "month": "月份", "created": "新建", "existing": "已有",
    "missing_base": "缺少基数的党员数", "amount": "金额", "from": "起始月份", "to": "截止月份",
    "approved_by": "批准单位", "lines": "涉及的应交记录数", "plan": "交纳方式", "consented_on": "支部同意日期",
    "period": "所属期", "method": "交纳方式", "paid_on": "交纳日期", "member": "党员",
    "remit_in_full": "全额上缴", "reversed_payment": "被冲正的交纳记录", "org": "党组织",
}
CHANGE_VALUES = {
    "category": {str(code): str(label) for code, label in Category.choices},
    "declared_by": {str(code): str(label) for code, label in DeclaredBy.choices},
    "plan": {str(code): str(label) for code, label in PaymentPlan.choices},
    "method": {str(code): str(label) for code, label in Method.choices},
    "kind": {"collection_sheet": "党费收缴表", "disclosure": "党费交纳情况公示表",
             **{str(code): str(label) for code, label in PaymentKind.choices}},
}
