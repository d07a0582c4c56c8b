"""议事决策 in a real browser, one matter the whole way: school A's principal proposes a
playground renovation (三重一大) and attaches its budget, the 校长办公会's study is recorded, the secretary records the
talk with the principal, convenes the 支委会 (the principal attends without a vote), a verdict the
numbers do not give is refused on the form, the vote passes it; the principal has it executed,
reports, closes it and reports back to the 教代会. The generated 决议 PDF is rendered to PNG; the
county committee's oversight page finds a large expense paid without a decision.
Screenshots: var/screenshots/decisions-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.long_scope]


def _step(page, target, **fields):
    card = page.locator(f"#to-{target}")
    for name, value in fields.items():
        card.locator(f'[name="{target}-{name}"]').fill(value)
    card.locator('button[type="submit"]').click()


def test_one_matter_from_proposal_to_the_report_to_the_staff_congress(e2e_world, live_server, signed_in,
                                                                      screenshot_dir, settings, tmp_path):
    from dangjian.decisions import services

    w = e2e_world
    base = live_server.url
    settings.MEDIA_ROOT = tmp_path  # the uploaded budget
    today = datetime.date.today()
    # what the oversight page must find: school B paid 48,000 yuan for air conditioners without a decision
    services.record_expenditure(w.branch_b, paid_on=today - datetime.timedelta(days=30), amount="48000",
                                purpose="教室空调采购", voucher="记-2026-118")

    principal, errors = signed_in(w.principal_a, "/decisions/new/")
    principal.fill('input[name="title"]', "操场塑胶跑道改造")
    principal.select_option('select[name="category"]', "construction")
    principal.fill('input[name="amount"]', "一万元")
    principal.get_by_role("button", name="保存为草稿").click()
    expect(principal.locator("#matter-form")).to_contain_text("金额必须是数字")
    principal.fill('input[name="amount"]', "380000")
    principal.fill('textarea[name="background"]', "现有煤渣跑道破损，拟改造为 300 米塑胶跑道，预算 38 万元。")
    principal.get_by_role("button", name="保存为草稿").click()
    expect(principal.locator("#matter-state")).to_have_text("草拟")
    matter_url = principal.url
    from dangjian.orglife.tests.images import png_bytes

    principal.set_input_files("#attachment-file", {"name": "跑道改造预算表.png", "mimeType": "image/png",
                                                   "buffer": png_bytes()})
    principal.get_by_role("button", name="上传").click()
    expect(principal.locator("#attachments")).to_contain_text("跑道改造预算表.png")
    _step(principal, "proposed", meeting_note="校长办公会第12次会议研究，同意提交支委会")
    expect(principal.locator("#matter-state")).to_have_text("校长办公会已研究")

    secretary, secretary_errors = signed_in(w.secretary_a, matter_url.removeprefix(base))
    _step(secretary, "communicated", communication="会前书记与校长当面沟通，对方案和预算意见一致")
    expect(secretary.locator("#matter-state")).to_have_text("已酝酿沟通")

    secretary.goto(f"{base}/decisions/meetings/new/?org={w.branch_a.pk}")
    secretary.fill('input[name="place"]', "党员活动室")
    secretary.fill('input[name="recorder_name"]', "陈静")
    for box in secretary.locator('input[name="present"]').all():
        box.check()
    secretary.fill('textarea[name="observers"]', "周校长 校长（非支委，列席）")
    secretary.locator('input[name="matters"]').first.check()
    secretary.get_by_role("button", name="登记会议并列入议程").click()
    expect(secretary.locator("#attendance")).to_contain_text("列席，无表决权")
    form = secretary.locator(".vote-form").first
    form.locator('select[name$="-verdict"]').select_option("passed")
    form.locator('input[name$="-votes_for"]').fill("1")
    form.locator('input[name$="-votes_against"]').fill("1")
    form.locator('button[type="submit"]').click()
    expect(secretary.locator(".vote-form").first).to_contain_text("票数不支持")
    secretary.screenshot(path=str(screenshot_dir / "decisions-vote-refused.png"), full_page=True)
    form = secretary.locator(".vote-form").first
    form.locator('select[name$="-verdict"]').select_option("passed")
    form.locator('input[name$="-votes_for"]').fill("2")
    form.locator('input[name$="-votes_against"]').fill("0")
    form.locator('textarea[name$="-resolution"]').fill("同意实施操场塑胶跑道改造，预算 38 万元，由总务处组织实施。")
    form.locator('button[type="submit"]').click()
    expect(secretary.locator(".verdict").first).to_contain_text("通过")
    secretary.screenshot(path=str(screenshot_dir / "decisions-meeting.png"), full_page=True)
    meeting_url = secretary.url

    # the generated 决议, as the PDF a secretary prints
    from dangjian.core.pdf import pdf_page_png

    pdf = secretary.request.get(meeting_url + "document.pdf?kind=resolution")
    assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"
    pdf_page_png(pdf.body(), screenshot_dir / "decisions-resolution.png")

    principal.goto(matter_url)
    expect(principal.locator("#matter-state")).to_have_text("会议通过")
    _step(principal, "executing", owner="李建华", unit="总务处", deadline=(today + datetime.timedelta(days=60)).isoformat())
    # the execution broken into a task; the report names it and the decision's progress follows
    principal.locator("#execution summary", has_text="分解任务").click()
    task_form = principal.locator("#task-form")
    task_form.locator('input[name="title"]').fill("跑道铺设与验收")
    task_form.locator('input[name="owner_name"]').fill("李建华")
    task_form.locator('input[name="unit"]').fill("总务处")
    task_form.locator('input[name="deadline"]').fill((today + datetime.timedelta(days=30)).isoformat())
    principal.get_by_role("button", name="添加分解任务").click()
    expect(principal.locator("#tasks")).to_contain_text("跑道铺设与验收")
    report = principal.locator("#report-form")
    report.locator('select[name="task"]').select_option(label="跑道铺设与验收（0%）")
    report.locator('input[name="progress"]').fill("100")
    report.locator('textarea[name="text"]').fill("跑道铺设完成，已通过验收")
    report.locator('input[name="evidence"]').fill("验收单 2026-18 号")
    principal.get_by_role("button", name="报告执行情况").click()
    expect(principal.locator("#reports")).to_contain_text("【跑道铺设与验收】")
    expect(principal.locator("#tasks")).to_contain_text("已完成")
    _step(principal, "closed")
    _step(principal, "reported", congress="第五届教代会第三次会议")
    expect(principal.locator("#matter-state")).to_have_text("已向教代会报告")
    expect(principal.locator("#timeline li")).to_have_count(8)
    principal.screenshot(path=str(screenshot_dir / "decisions-matter.png"), full_page=True)

    # the principal keeps the 校长办公会: a vice principal seated from the start of term
    principal.goto(f"{base}/decisions/seats/?org={w.branch_a.pk}")
    seat_form = principal.locator("#seat-form")
    seat_form.locator('select[name="body"]').select_option("principal_office")
    seat_form.locator('input[name="person_name"]').fill("赵明远")
    seat_form.locator('input[name="role"]').fill("副校长")
    seat_form.locator('input[name="started_on"]').fill("2026-09-01")
    principal.get_by_role("button", name="登记", exact=True).click()
    expect(principal.locator("#seats-table")).to_contain_text("赵明远")
    principal.screenshot(path=str(screenshot_dir / "decisions-seats.png"), full_page=True)

    county, county_errors = signed_in(w.county_admin, f"/decisions/oversight/?org={w.county_a.pk}")
    expect(county.locator("#oversight-table")).to_contain_text("东城区实验小学")
    expect(county.locator("#total-undecided")).to_have_text("1")
    county.screenshot(path=str(screenshot_dir / "decisions-oversight.png"), full_page=True)
    county.get_by_role("link", name="东城区实验小学").click()
    expect(county.locator("#undecided")).to_contain_text("教室空调采购")

    unexpected = [e for e in errors + secretary_errors + county_errors if "status of 422" not in e]
    assert not unexpected, unexpected
