"""The names of the dues app's audit events (registered in DuesConfig.ready())."""

from dangjian.dues.models import REGULAR_KINDS, PaymentKind

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
