"""The names of the orgs app's audit events (registered in OrgsConfig.ready())."""

ACTION_LABELS = {
    "org.create": "新建党组织",
    "org.update": "修改党组织信息",
    "org.deactivate": "撤销党组织",
    "org.restore": "恢复党组织",
    "school.update": "修改学校信息",
    "school.attach": "调整学校所属党组织",
    "position.appoint": "任职",
    "position.end": "免职（任职结束）",
}
