"""The register of local documents in a browser: county A's administrator registers the county's
notice, switches 思想政治课 on for the county from today, and reads on the register who switched
which rule on since when — beside the city bureau's opinion the city switched on for everyone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_user_wording import developer_words

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_county_registers_its_notice_and_switches_a_local_rule_on(e2e_world, signed_in, live_server,
                                                                     screenshot_dir):
    w = e2e_world
    page, errors = signed_in(w.county_admin, "/orgs/local-documents/")
    expect(page.locator("h1")).to_have_text("本地文件")
    expect(page.locator("#local-documents")).to_contain_text("《党建工作意见》")
    expect(page.locator("#local-rules")).to_contain_text("思想政治课")

    page.locator("#local-document-new").click()
    page.select_option('select[name="org"]', str(w.county_a.pk))
    page.fill('input[name="issuer"]', "东城区教育党工委")
    page.fill('input[name="title"]', "《关于加强中小学校思想政治工作的通知》")
    page.fill('input[name="number"]', "东教党〔2026〕8号")
    page.fill('input[name="issued_on"]', "2026-08-20")
    page.locator('#local-document-form button[type="submit"]').click()
    expect(page.locator("h1")).to_have_text("《关于加强中小学校思想政治工作的通知》")   # 《》 are the citation's
    expect(page.locator("#local-document-facts")).to_contain_text("东教党〔2026〕8号")

    today = timezone.localdate()
    page.select_option('#switch-form select[name="rule"]', "orglife_political_study")
    page.select_option('#switch-form select[name="org"]', str(w.county_a.pk))
    page.fill('#switch-form input[name="effective_from"]', today.isoformat())
    page.locator('#switch-form button[type="submit"]').click()
    switches = page.locator("#local-document-switches")
    expect(switches).to_contain_text("思想政治课")
    expect(switches).to_contain_text(f"东城区教育党工委及下级，自{today.year}年{today.month}月{today.day}日起适用；启用人：李红梅")

    page.goto(f"{live_server.url}/orgs/local-documents/")
    expect(page.locator("#local-documents")).to_contain_text("思想政治课：东城区教育党工委")
    assert developer_words(page.inner_text("body"), usernames=("county_admin",)) == []   # no codes on screen
    page.screenshot(path=str(screenshot_dir / "local-documents.png"), full_page=True)
    assert errors == []
