"""The names of the ethics records' audit events (registered in StaffConfig.ready())."""

ACTION_LABELS = {
    "staff.ethics_assess": "登记师德考核",
    "staff.ethics_violation": "登记师德违规记录",
}
