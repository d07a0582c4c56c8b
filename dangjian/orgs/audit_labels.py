"""The names of the orgs app's audit events (registered in OrgsConfig.ready())."""

from dangjian.core.roles import Post
from dangjian.orgs.models import RobotKind

ACTION_LABELS = {
    "org.create": "新建党组织",
    "org.update": "修改党组织信息",
    "org.deactivate": "撤销党组织",
    "org.restore": "恢复党组织",
    "school.update": "修改学校信息",
    "school.attach": "调整学校所属党组织",
    "position.appoint": "任职",
    "position.end": "免职（任职结束）",
    "org.robot_save": "设置群机器人通知",
    "org.robot_test": "发送群机器人测试消息",
    "local_document.register": "登记本地文件",
    "local_document.update": "修改本地文件登记",
    "local_rule.switch_on": "启用本地规定",
}

# The keys of the changes orgs' events write (registered in OrgsConfig.ready()). An
# organization's or a school's own fields are named after the model's fields.
CHANGE_LABELS = {
    "after": "新建内容", "post": "职务", "person": "姓名", "started_on": "任职日期", "ended_on": "离任日期",
    "robot_kind": "机器人类型", "robot_enabled": "启用群机器人", "url_changed": "更换机器人地址", "secret_changed": "更换签名密钥",
    "delivered": "测试消息已送达",
    "issuer": "发文单位", "title": "文件标题", "number": "文号", "issued_on": "印发日期", "note": "备注",
    "rule": "本地规定", "document": "依据文件", "effective_from": "生效日期",
}
CHANGE_VALUES = {"post": {str(post.value): str(post.label) for post in Post},
                 "robot_kind": {str(kind.value): str(kind.label) for kind in RobotKind}}
