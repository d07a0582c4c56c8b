"""评星定级 in a real browser, one school's year the whole way: school A's secretary opens the
year's self-assessment and finds the automatic items filled in from its records, scores the rest,
uploads a photo and submits; the county changes one score — refused without a reason, passed with
one; the city draws it, checks it and puts it on notice; granting on the notice's last working day
is refused, the next day the star is granted and shows on the city's dashboard; a 摘星 without a
situation is refused, with one it puts the school on the black list and the 软弱涣散 list.
Time moves forward with time-machine (the server runs in this process); the browser's own clock
stays real, so the test only ever moves forward from today. Screenshots: var/screenshots/rating-*.png."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.long_scope]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=SHANGHAI), tick=True)


def test_a_school_s_year_from_self_assessment_to_the_star_and_its_revocation(
        e2e_world, live_server, signed_in, screenshot_dir, settings, tmp_path, time_machine):
    from dangjian.appraisal.models import StarRating
    from dangjian.appraisal.rules import rating as R
    from dangjian.appraisal.services import rating_batch as B
    from dangjian.appraisal.standard_examples import enter_example
    from dangjian.core.workdays import add_working_days
    from dangjian.orglife.tests.images import png_bytes

    w = e2e_world
    base = live_server.url
    settings.MEDIA_ROOT = tmp_path
    today = datetime.datetime.now(SHANGHAI).date()
    year = today.year if today.month > 6 else today.year - 1
    enter_example(w.city, year)

    # 1. the school: the automatic items are there before anyone types a score
    school, errors = signed_in(w.secretary_a, "/appraisal/ratings/")
    school.locator("#open-rating").click()
    expect(school.locator("#rating-state")).to_have_text("自评中")
    first_auto = school.locator("tr", has=school.locator(".auto-finding")).first
    expect(first_auto.locator(".evidence-link")).to_have_text("查看依据")
    expect(school.locator(".auto-finding").first).not_to_be_empty()
    school.screenshot(path=str(screenshot_dir / "rating-self-prefilled.png"), full_page=True)
    # the school's archive scan is attached to every upload item but one; that one gets a photo here
    rating = StarRating.objects.get(org=w.branch_a, year=year)
    uploads = list(rating.scores.filter(item__evidence=R.EvidenceKind.UPLOAD).order_by("item__area__order",
                                                                                       "item__order"))
    B.add_archive_evidence([(rating, row.item_id) for row in uploads[1:]],
                           SimpleUploadedFile("党建工作台账扫描件.png", png_bytes()))
    school.reload()
    school.select_option("#evidence-item", str(uploads[0].item_id))
    school.set_input_files("#evidence-file", {"name": "主题党日现场照片.png", "mimeType": "image/png",
                                              "buffer": png_bytes()})
    school.get_by_role("button", name="上传").click()
    expect(school.locator(f"#item-{uploads[0].item_id}")).to_contain_text("主题党日现场照片.png")
    for row in rating.scores.select_related("item").exclude(item__evidence=R.EvidenceKind.AUTOMATIC):
        school.fill(f"#score-{row.item_id}", str(row.item.points))
        school.fill(f"#note-{row.item_id}", "已落实，见台账")
    school.locator("#submit-rating").click()
    expect(school.locator("#rating-state")).to_have_text("已上报，待审核")
    assert not errors, errors

    # 2. the county: one score changed without a reason is refused, with it the rating passes
    county, _ = signed_in(w.county_admin, f"/appraisal/ratings/?state=submitted&year={year}")
    county.get_by_role("link", name=w.branch_a.name).click()
    lowered = rating.scores.select_related("item").get(item__area__order=2, item__order=5)   # 党务干部培训
    county.fill(f"#score-{lowered.item_id}", "0.5")
    county.locator("#pass-review").click()
    expect(county.locator("#rating-error")).to_contain_text("须写明调整理由")
    expect(county.locator("#rating-error")).to_contain_text("依据")
    county.screenshot(path=str(screenshot_dir / "rating-review-refused.png"), full_page=True)
    county.fill(f"#score-{lowered.item_id}", "0.5")
    county.fill(f"#reason-{lowered.item_id}", "两名党务干部中一人未参加年度培训")
    county.locator("#pass-review").click()
    county.wait_for_url(f"{base}/appraisal/ratings/*")
    rating.refresh_from_db()
    assert rating.state == R.State.REVIEWED and rating.reviewed_score == rating.self_score - 1

    # 3. the city: draw, check, notice for five working days
    city, city_errors = signed_in(w.city_admin, f"/appraisal/sampling/?year={year}")
    city.fill("#draw-percent", "100")
    city.locator("#draw").click()
    expect(city.locator("#draws-table")).to_contain_text("100%")
    city.get_by_role("link", name=w.branch_a.name).click()
    city.locator("#pass-check").click()
    expect(city.locator("#rating-state")).to_have_text("待公示")
    city.goto(f"{base}/appraisal/publicity/?year={year}")
    city.locator("#start-publicity").click()
    end = add_working_days(today, 5)
    expect(city.locator("#publicity-table")).to_contain_text(f"{today:%Y-%m-%d} 至 {end:%Y-%m-%d}（5 个工作日）")
    city.screenshot(path=str(screenshot_dir / "rating-publicity.png"), full_page=True)

    # 4. on the last working day the star is refused; the day after it is granted
    _at(time_machine, end)
    city, city_errors = signed_in(w.city_admin, f"/appraisal/publicity/?year={year}")
    city.locator("[id^=grant-]").click()
    expect(city.locator(".alert-danger, .alert-error").first).to_contain_text("期满后方可评定")
    _at(time_machine, end + datetime.timedelta(days=1))
    city, city_errors = signed_in(w.city_admin, f"/appraisal/publicity/?year={year}")
    city.locator("[id^=grant-]").click()
    expect(city.locator("#publicity-table")).to_contain_text("已评定")
    rating.refresh_from_db()
    assert rating.state == R.State.GRANTED and rating.stars >= 1
    city.goto(f"{base}/")
    expect(city.locator("#stars-panel")).to_contain_text(f"{year}年度星级党组织分布")
    expect(city.locator("#stars-panel svg").first).to_be_visible()
    city.screenshot(path=str(screenshot_dir / "rating-dashboard-stars.png"), full_page=True)

    # 5. 摘星: without a situation refused with the rule; with one, the school is on the black list
    city.goto(f"{base}/appraisal/ratings/{rating.pk}/revoke/")
    city.fill("#facts", "2026年连续 4 个月未召开支委会")
    city.fill("#occurred_on", (end + datetime.timedelta(days=1)).isoformat())
    city.fill("#task_1", "补开支委会并规范记录")
    city.fill("#owner_1", "张伟")
    city.fill("#deadline_1", (end + datetime.timedelta(days=60)).isoformat())
    city.locator("#confirm-revoke").click()
    expect(city.locator("#revoke-error")).to_contain_text("摘星须选择标准所列的情形之一")
    city.locator("label", has_text="连续 3 个月以上未开展").click()
    city.fill("#task_1", "补开支委会并规范记录")
    city.fill("#owner_1", "张伟")
    city.fill("#deadline_1", (end + datetime.timedelta(days=60)).isoformat())
    city.locator("#confirm-revoke").click()
    expect(city.locator("#blacklist-table")).to_contain_text(w.branch_a.name)
    expect(city.locator("#blacklist-table")).to_contain_text("党建黑榜")
    city.screenshot(path=str(screenshot_dir / "rating-blacklist.png"), full_page=True)
    city.goto(f"{base}/appraisal/weak/")
    expect(city.locator("#weak-table")).to_contain_text(w.branch_a.name)
    # the refusals above answered 422 on purpose (the browser logs a failed load for each)
    assert not [e for e in city_errors if "status of 422" not in e], city_errors
