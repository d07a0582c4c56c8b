"""Issue 15, item 4 in a real browser: the pages where our working words used to show — the
dues ledger (ROUND_HALF_UP), the audit log (member.export, secretary, rate_limited), the rules
citing the city's own opinion ("种子文件003") and the 2022 opinion ("2022《意见》") — read in
words a user knows. Each page's whole rendered text is searched, not only the spots that were
fixed. dangjian/core/tests/test_user_wording.py scans the strings and templates behind them;
this checks what reaches the screen. Screenshots: var/screenshots/wording-*.png."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dangjian.core.local_documents import CITY_BUREAU_OPINION
from dangjian.core.roles import Post
from dangjian.core.tests.test_user_wording import FULL_OPINION, WORKING_WORDS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A code as the program knows it: dotted (member.export, permission.denied) or snake_case
# (rate_limited, committee_admin); and the posts' codes, some of which are single words (secretary).
CODE = re.compile(r"(?<![A-Za-z0-9_])[a-z]+(?:[._][a-z0-9]+)+(?![A-Za-z0-9_])")
POST_CODES = re.compile(rf"(?<![A-Za-z0-9_.])({'|'.join(Post.values)})(?![A-Za-z0-9_.])")
SHORT_OPINION = re.compile(r"2022年?《意见》")


def developer_words(text: str, usernames=()) -> list[str]:
    """What of the page's text is ours, not the user's: working words, codes, the 2022 opinion
    by its short name before its full title. Usernames are the people's own (the test world's
    are English, like secretary_a), so they are taken out first."""
    for name in usernames:
        text = text.replace(name, "")
    found = [m.group(0) for m in WORKING_WORDS.finditer(text)]
    found += CODE.findall(text) + POST_CODES.findall(text)
    short = SHORT_OPINION.search(text)
    if short and FULL_OPINION not in text[:short.start()]:
        found.append(short.group(0))
    return found


def page_text(page) -> str:
    return page.inner_text("body")


def usernames(world) -> list[str]:
    return [user.username for user in world.personas.values()]


def test_the_scan_catches_the_words_users_were_shown_before():
    assert developer_words("四舍五入到分（0.01 元，ROUND_HALF_UP）") == ["ROUND_HALF"]
    assert developer_words("member.export 王建国 secretary rate_limited") == ["member.export", "rate_limited",
                                                                                 "secretary"]
    assert developer_words("依据种子文件003；2022《意见》（五）") == ["种子文件", "2022《意见》"]
    assert developer_words("张伟（secretary_a）导出党员信息 整改照片.png", usernames=["secretary_a"]) == []


def test_the_dues_ledger_states_its_rounding_in_words(e2e_world, live_server, signed_in, screenshot_dir):
    from dangjian.dues import services as dues
    from dangjian.members.models import Member

    w, month = e2e_world, timezone.localdate().replace(day=1)
    for member in Member.objects.filter(org=w.branch_a):
        dues.set_base(member, base="4321.50", category="in_service", effective_month=month)
    dues.generate_ledger(w.branch_a, month)

    page, errors = signed_in(w.org_member_a, f"/dues/?org={w.branch_a.pk}&month={month:%Y-%m}")
    expect(page.locator("h1")).to_have_text("党费月度台账")
    expect(page.locator(".rule-note").first).to_contain_text("四舍五入到分（0.01 元，半分进为一分）")
    assert developer_words(page_text(page), usernames(w)) == []
    page.screenshot(path=str(screenshot_dir / "wording-dues.png"), full_page=True)
    assert errors == []


def test_the_audit_log_names_an_export_its_refusal_and_the_posts_in_chinese(
        e2e_world, live_server, signed_in, screenshot_dir, client, settings):
    from dangjian.testing import login

    w = e2e_world
    # One export allowed: the secretary's second member list is refused and audited as such.
    settings.DANGJIAN_EXPORT_LIMIT = 1
    login(client, w.secretary_a)
    export = reverse("members:export")
    assert client.get(export, {"org": w.branch_a.pk}).status_code == 200
    assert client.get(export, {"org": w.branch_a.pk}).status_code == 429

    page, errors = signed_in(w.county_admin, "/audit/")
    table = page.locator("table")
    expect(table).to_contain_text("导出党员信息")
    expect(table).to_contain_text("导出过于频繁，已限流")
    expect(table).to_contain_text("书记")
    assert developer_words(page_text(page), usernames(w)) == []
    page.screenshot(path=str(screenshot_dir / "wording-audit.png"), full_page=True)
    assert errors == []


def test_the_rules_cite_the_citys_opinion_and_the_2022_opinion_by_their_titles(
        e2e_world, live_server, signed_in, screenshot_dir):
    w = e2e_world
    city = CITY_BUREAU_OPINION.name   # 市教育局党委《党建工作意见》

    page, errors = signed_in(w.secretary_a, f"/orglife/rules/?org={w.branch_a.pk}")
    rows = page.locator("table", has_text="思想政治课")
    expect(rows).to_contain_text(f"{city}（本市规定）")
    assert developer_words(page_text(page), usernames(w)) == []
    page.screenshot(path=str(screenshot_dir / "wording-orglife-rules.png"), full_page=True)

    page.goto(f"{live_server.url}/decisions/rules/?org={w.branch_a.pk}")
    body = page.locator("body")
    expect(body).to_contain_text(f"中共中央办公厅{FULL_OPINION}")
    expect(body).to_contain_text(city)
    assert developer_words(page_text(page), usernames(w)) == []
    page.screenshot(path=str(screenshot_dir / "wording-decisions-rules.png"), full_page=True)
    assert errors == []
