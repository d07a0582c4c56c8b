"""A county administrator reads the audit log in a real browser: every event in words, the
actors' posts in words, the changes' keys and coded values in words, and the filter's list of events in Chinese, grouped by module; picking
"越权操作被拒绝" from it leaves only the refusals. Screenshot: var/screenshots/audit-log.png."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from test_e2e_browse import log_in, pass_second_factor

from dangjian.members.services import update_member
from dangjian.testing import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_county_admin_reads_the_audit_log_in_words_and_filters_it_by_event(e2e_world, live_server, page_factory,
                                                                             screenshot_dir, client):
    w = e2e_world
    # The secretary's morning: signed in, a page only the county may open, another school's member.
    login(client, w.secretary_a)
    assert client.get(reverse("core:audit")).status_code == 403
    assert client.get(reverse("members:detail", args=[w.m_secretary_b.pk])).status_code == 404
    update_member(w.m_member_a, acting_user=w.secretary_a, title="中学高级教师", reason="职称变更")

    device = TOTPDevice.objects.create(user=w.county_admin, name="手机", confirmed=True)
    page, errors = page_factory()
    log_in(page, live_server.url, "county_admin")
    page.wait_for_url(re.compile(r".*/accounts/otp/.*"))
    pass_second_factor(page, device)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/audit/")

    table = page.locator("table")
    for words in ("登录", "越权操作被拒绝", "访问不存在或无权查看的对象", "修改党员信息", "书记"):
        expect(table).to_contain_text(words)
    # No code anywhere a user can read; "secretary" (the post's code) only inside the username.
    text = page.inner_text("body").replace("secretary_a", "")
    for code in ("auth.login", "permission.denied", "permission.not_found", "member.update", "secretary"):
        assert code not in text
    # The changes column too: keys and coded values in words, the refused page by its menu name.
    changes = "\n".join(page.locator("td .diff").all_inner_texts())
    assert re.findall(r"[a-z_]+：", changes) == []
    for words in ("验证设备：手机", "职称：（空） → 中学高级教师", "页面：党员名册", "请求方式：查看", "应答：未找到",
                  "页面：审计日志", "应答：拒绝", "党员类别：正式党员"):
        assert words in changes, words
    page.screenshot(path=str(screenshot_dir / "audit-log.png"), full_page=True)

    select = page.locator('select[name="action"]')
    expect(select.locator('optgroup[label="党员"] option').first).to_have_text("党员（全部）")
    select.select_option(label="越权操作被拒绝")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r".*action=permission\.denied.*"))
    expect(page.locator(".result-count")).to_have_text("共 1 条")
    expect(table).to_contain_text("越权操作被拒绝")
    expect(table).not_to_contain_text("修改党员信息")
    assert not errors, errors
