"""The names of the orgs app's audit events (registered in OrgsConfig.ready())."""

from dangjian.core.roles import Post

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

# The keys of the changes orgs' events write (registered in OrgsConfig.ready()). An
# organization's or a school's own fields are named after the model's fields.
CHANGE_LABELS = {
    "after": "新建内容", "post": "职务", "person": "姓名", "started_on": "任职日期", "ended_on": "离任日期",
}
CHANGE_VALUES = {"post": {str(post.value): str(post.label) for post in Post}}
