"""The 群机器人通知 page: the organization's keeper sets the robot and sends a test message; anyone
else in scope is refused (403), anyone out of scope finds nothing (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.orgs.models import DeliveryState, GroupRobot, RobotDelivery
from dangjian.orgs.tests.test_group_robot import Receiver
from dangjian.testing import login


@pytest.mark.parametrize(("persona", "status"), [
    ("secretary_a", 200), ("county_admin", 200), ("org_member_a", 403), ("principal_a", 403), ("member_a", 404),
    ("secretary_b", 404),
])
def test_only_the_keepers_of_the_organization_open_its_robot_page(client, world, persona, status):
    login(client, getattr(world, persona))
    assert client.get(reverse("orgs:robot", args=[world.branch_a.pk])).status_code == status


def test_the_secretary_saves_the_robot_and_sends_a_test_message(client, world, settings):
    settings.ROBOT_EXTRA_HOSTS = ["127.0.0.1"]
    login(client, world.secretary_a)
    url = reverse("orgs:robot", args=[world.branch_a.pk])
    page = client.get(url).content.decode()
    assert "未启用" in page and 'id="robot-test"' not in page   # off by default; nothing to test yet
    with Receiver() as receiver:
        answer = client.post(url, {"kind": "wecom", "url": f"{receiver.url}/cgi-bin/webhook/send?key=k-0042",
                                   "enabled": "on"})
        assert answer.status_code == 302
        page = client.get(url).content.decode()
        assert "已启用" in page and "k-0042" not in page and "?…0042" in page
        client.post(reverse("orgs:robot_test", args=[world.branch_a.pk]))
    assert receiver.requests[0]["json"]["text"]["content"].startswith("【东城区第一中学党支部】测试消息")
    assert RobotDelivery.objects.get().state == DeliveryState.SENT
    page = client.get(url).content.decode()
    assert "测试消息已发送到群" in page and "已送达" in page
    actions = list(AuditEntry.objects.filter(actor=world.secretary_a, action__startswith="org.robot")
                   .values_list("action", flat=True).order_by("id"))
    assert actions == ["org.robot_save", "org.robot_test"]


def test_a_refused_address_is_shown_on_the_form_with_its_rule(client, world):
    login(client, world.secretary_a)
    page = client.post(reverse("orgs:robot", args=[world.branch_a.pk]),
                       {"kind": "wecom", "url": "http://example.com/hook", "enabled": "on"}).content.decode()
    assert "https://qyapi.weixin.qq.com/" in page and "群机器人配置说明" in page
    assert not GroupRobot.objects.exists()


def test_a_test_message_that_fails_says_why(client, world, settings):
    settings.ROBOT_EXTRA_HOSTS = ["127.0.0.1"]
    login(client, world.secretary_a)
    with Receiver(statuses=(500,)) as receiver:
        client.post(reverse("orgs:robot", args=[world.branch_a.pk]),
                    {"kind": "wecom", "url": f"{receiver.url}/cgi-bin/webhook/send?key=k", "enabled": "on"})
        page = client.post(reverse("orgs:robot_test", args=[world.branch_a.pk]), follow=True).content.decode()
    assert "测试消息未能送达：HTTP 500" in page and "发送失败" in page
