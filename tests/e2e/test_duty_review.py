"""书记抓党建述职评议 in a real browser, one round the whole way: the county opens the 党建月 round and
sees its three school organizations due; branch A's secretary follows the to-do line to the report,
has the first draft written from the system's data, edits it and submits it; the county enters the
测评 counts — one more vote than those present is refused on screen with the rule — then the right
counts and the two process scores, and reads the composite; a 点评意见 becomes an item on the school's
整改台账; the city reads the results by county. Screenshots: var/screenshots/duty-review-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_county_runs_a_duty_review_from_opening_to_the_results_by_county(e2e_world, live_server, signed_in,
                                                                               screenshot_dir):
    from dangjian.appraisal.models import DutyComment, DutyEntry
    from dangjian.supervision.models import RectificationItem

    w = e2e_world
    today = datetime.date.today()

    county, county_errors = signed_in(w.county_admin, "/appraisal/duty-reviews/")
    county.locator("#open-round").click()
    county.select_option('select[name="org"]', str(w.county_a.pk))
    county.select_option('select[name="kind"]', "party_month")
    county.fill('input[name="deadline"]', (today + datetime.timedelta(days=14)).isoformat())
    county.locator("#open-submit").click()
    expect(county.locator("#progress")).to_contain_text("应述职 3 人")
    for name in ("张伟", "刘芳", "（书记空缺）"):
        expect(county.locator("#entries-table")).to_contain_text(name)
    round_url = county.url
    county.screenshot(path=str(screenshot_dir / "duty-review-round.png"), full_page=True)

    secretary, errors = signed_in(w.secretary_a, "/")
    secretary.get_by_role("link", name="书记抓党建述职报告").first.click()
    expect(secretary.locator("h1")).to_contain_text("书记抓党建述职报告")
    secretary.locator("#generate-draft").click()
    expect(secretary.locator(".alert-success").first).to_contain_text("已由系统数据生成初稿")
    first = secretary.locator("#report-form textarea").first
    drafted = first.input_value()
    assert drafted.strip(), "the first section was drafted from the system's data"
    first.fill(drafted + "\n本人作为第一责任人，每季度专题研究党建工作。")
    secretary.evaluate("window.scrollTo(0, 0)")
    secretary.screenshot(path=str(screenshot_dir / "duty-review-report.png"), full_page=True)
    secretary.locator("#submit-report").click()
    expect(secretary.locator("#report")).to_contain_text("已提交")
    expect(secretary.locator("#report")).to_contain_text("每季度专题研究党建工作")
    entry = DutyEntry.objects.get(round__org=w.county_a, org=w.branch_a)
    assert entry.submitted_on == today and not entry.late

    county.goto(round_url)
    county.get_by_role("link", name=w.branch_a.name).click()
    county.locator("#enter-assessment").click()
    county.fill("#present", "30")
    county.fill("#count-good", "25")
    county.fill("#count-fairly_good", "6")
    county.fill("#meeting_score", "92")
    county.fill("#supervision_score", "88")
    county.locator("#save-assessment").click()
    expect(county.locator("#refusal")).to_contain_text("各等次票数合计 31 票，超过参加测评的 30 人")
    expect(county.locator("#refusal")).to_contain_text("依据：")
    expect(county.locator("#count-fairly_good")).to_have_value("6")  # what was typed comes back
    county.screenshot(path=str(screenshot_dir / "duty-review-counts-refused.png"), full_page=True)
    county.fill("#count-fairly_good", "5")
    county.locator("#save-assessment").click()
    # 述职测评 (25 × 100 + 5 × 80) / 30 = 96.7; 92 × 30% + 88 × 30% + 96.7 × 40% = 92.7: 好
    expect(county.locator("#composite")).to_have_text("92.7")
    expect(county.locator("#grade")).to_have_text("好")

    county.fill("#comment-text", "党员发展工作计划性不强，年度发展计划未按期完成")
    county.get_by_role("button", name="添加点评意见").click()
    comment = county.locator(".comment", has_text="党员发展工作计划性不强")
    comment.get_by_role("button", name="列入整改台账").click()
    expect(county.locator(".alert-success").first).to_contain_text("已列入东城区第一中学党支部的整改台账")
    expect(comment).to_contain_text("已列入整改台账")
    county.evaluate("window.scrollTo(0, 0)")  # the redirect lands on #comments: the picture starts at the top
    county.screenshot(path=str(screenshot_dir / "duty-review-entry.png"), full_page=True)
    item = RectificationItem.objects.get(pk=DutyComment.objects.get().rectification_item_id)
    assert (item.org_id, item.batch.source, item.owner_name) == (w.branch_a.pk, "duty_report", "张伟")
    comment.get_by_role("link", name="查看整改事项").click()
    expect(county.locator("body")).to_contain_text("党员发展工作计划性不强")
    expect(county.locator("body")).to_contain_text("述职评议")  # the item's source on the ledger
    county.screenshot(path=str(screenshot_dir / "duty-review-rectification-item.png"), full_page=True)

    city, city_errors = signed_in(w.city_admin, f"/appraisal/duty-reviews/results/?org={w.city.pk}&year={today.year}")
    row = city.locator("#county-table tr", has_text="东城区教育党工委")
    expect(row).to_contain_text("92.7")
    expect(city.locator(".school-table").first).to_contain_text("东城区第一中学党支部")
    city.screenshot(path=str(screenshot_dir / "duty-review-results.png"), full_page=True)
    city.get_by_role("link", name="权重和分数线").click()
    expect(city.locator("#in-force")).to_contain_text("本系统默认")
    city.screenshot(path=str(screenshot_dir / "duty-review-settings.png"), full_page=True)
    # the refused counts answer 422 on purpose (the browser logs it); nothing else may go wrong
    unexpected = [e for e in errors + county_errors + city_errors if "status of 422" not in e]
    assert not unexpected, unexpected
