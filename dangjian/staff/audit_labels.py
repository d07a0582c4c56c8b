"""The names of the staff app's audit events (registered in StaffConfig.ready()): the register's,
and the ethics records' under a heading of their own."""

ACTION_LABELS = {
    "staff.create": "登记教职工",
    "staff.create_many": "批量登记教职工（演示数据）",
    "staff.update": "修改教职工信息",
    "staff.end_employment": "登记教职工离职",
    "staff.term_start": "登记班子成员任职",
    "staff.term_end": "登记班子成员卸任",
    "staff.import": "导入教职工名册",
    "staff.export": "导出教职工名册",
    "staff.reveal": "查看教职工完整身份证号和手机号",
}

CHANGE_LABELS = {
    "school": "学校", "post": "岗位类别", "employed_from": "入职日期", "employed_until": "离职日期", "member": "党员档案",
    "terms_ended": "同时卸任", "staff": "教职工", "role": "班子职务", "started_on": "任职日期", "ended_on": "卸任日期",
    "file": "文件", "rows": "行数", "created": "新登记", "linked": "关联党员档案", "errors": "错误数", "filters": "筛选条件",
    "schools": "学校数", "assessed": "考核人数", "grades": "各等次人数",
    "department": "部门", "office": "职务", "title": "职称", "gender": "性别", "phone": "手机号", "user": "系统账号",
}

ETHICS_ACTION_LABELS = {
    "staff.ethics_assess": "登记师德考核",
    "staff.ethics_assess_bulk": "批量登记师德考核（多所学校）",
    "staff.ethics_violation": "登记师德违规记录",
}
