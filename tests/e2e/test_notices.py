"""Notices in a real browser: school A's principal submits a matter to the party organization;
the secretary sees the bell's count, opens the list, opens the notice — it takes her to the
matter and is read from then on, the bell empty. Then she connects the branch's 企业微信 group
robot (a local receiver stands in for it) and sends the test message.
Screenshots: var/screenshots/notices-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.test_e2e_browse import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_principal_submits_a_matter_and_the_secretary_opens_its_notice(e2e_world, live_server, page_factory,
                                                                           screenshot_dir, settings):
    from dangjian.core.models import Notification
    from dangjian.decisions import services
    from dangjian.orgs.tests.test_group_robot import Receiver

    w = e2e_world
    base = live_server.url
    matter = services.create_matter(w.branch_a, title="操场塑胶跑道改造", category="construction", amount="380000",
                                    raised_on=datetime.date.today(), acting_user=w.principal_a)

    principal, principal_errors = page_factory()
    log_in(principal, base, "principal_a")
    principal.wait_for_url(f"{base}/")
    principal.goto(f"{base}/decisions/matters/{matter.pk}/")
    card = principal.locator("#to-proposed")
    card.locator('[name="proposed-meeting_note"]').fill("校长办公会第12次会议研究，同意提交支委会")
    card.locator('button[type="submit"]').click()
    expect(principal.locator("#matter-state")).to_have_text("校长办公会已研究")

    secretary, errors = page_factory()
    log_in(secretary, base, "secretary_a")
    secretary.wait_for_url(f"{base}/")
    bell = secretary.locator(".bell-count")
    expect(bell).to_have_text("1")
    secretary.locator('a[href="/notifications/"][aria-label^="消息通知"]').click()
    notice = secretary.locator(".list-group-item.notif-unread")
    expect(notice).to_contain_text("新议题待酝酿：操场塑胶跑道改造")
    expect(notice).to_contain_text("会议议题由学校领导班子成员提出，党组织书记确定")
    secretary.screenshot(path=str(screenshot_dir / "notices-bell-list.png"), full_page=True)

    notice.get_by_role("button", name="查看").click()
    secretary.wait_for_url(f"{base}/decisions/matters/{matter.pk}/")
    expect(secretary.locator("#matter-state")).to_have_text("校长办公会已研究")
    expect(secretary.locator(".bell-count")).to_have_count(0)
    secretary.goto(f"{base}/notifications/")
    expect(secretary.locator(".list-group-item.notif-unread")).to_have_count(0)
    expect(secretary.locator(".list-group-item").first).to_contain_text("已读")
    assert Notification.objects.get(user=w.secretary_a, key=f"decisions:proposed:{matter.pk}").read_at is not None

    settings.ROBOT_EXTRA_HOSTS = ["127.0.0.1"]
    with Receiver() as receiver:
        secretary.goto(f"{base}/orgs/{w.branch_a.pk}/")
        secretary.get_by_role("link", name="群机器人通知").click()
        expect(secretary.locator("#robot-state")).to_contain_text("未启用")
        secretary.select_option('select[name="kind"]', "wecom")
        secretary.fill('input[name="url"]', f"{receiver.url}/cgi-bin/webhook/send?key=3f2a-0042")
        secretary.check('input[name="enabled"]')
        secretary.get_by_role("button", name="保存").click()
        expect(secretary.locator("#robot-state")).to_contain_text("已启用")
        secretary.locator("#robot-test").click()
        expect(secretary.locator("#robot-deliveries")).to_contain_text("已送达")
    assert receiver.requests[0]["json"]["msgtype"] == "text"
    assert "3f2a-0042" not in secretary.content()   # the robot's key is never shown again
    secretary.screenshot(path=str(screenshot_dir / "notices-robot-settings.png"), full_page=True)
    assert errors == [] and principal_errors == []
