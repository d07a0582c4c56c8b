"""整改台账 and 党务公开 in a real browser. The county imports school A's 巡察 feedback list (a list
with a bad row is refused whole, every bad row named); school A's secretary reports progress with a
photo and asks for 销号 on two items; an item past its deadline is escalated by the daily job and
stands in the county's to-do; the county approves one 销号 and returns the other with its reason;
the 整改情况报告 comes out as PDF. Then the organization committee member drafts the dues 公示表
from the ledger, the secretary passes it through 保密审查 and approval and publishes it, and a
member sees it on her home page. Screenshots: var/screenshots/supervision-*.png."""

import datetime
import io
from pathlib import Path

import pytest
import xlsxwriter
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.long_scope]
HEADER = ["序号", "存在问题", "整改措施", "责任领导", "责任单位", "责任人", "整改期限"]


def feedback_list(rows) -> dict:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet("整改问题清单")
    for col, title in enumerate(HEADER):
        sheet.write_string(0, col, title)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            sheet.write_string(r, col, str(value))
    book.close()
    return {"name": "巡察反馈问题清单.xlsx", "buffer": out.getvalue(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def with_dues(w, today):
    from dangjian.dues import services as dues
    from dangjian.dues.models import DuesLine
    from dangjian.dues.rules import Category
    from dangjian.dues.services import record_payment
    from dangjian.members.models import Member

    month = today.replace(day=1) - datetime.timedelta(days=1)
    for member in Member.objects.filter(org=w.branch_a):
        dues.set_base(member, base="4000.00", category=Category.IN_SERVICE, effective_month=f"{month.year}-01")
    dues.generate_ledger(w.branch_a, f"{month:%Y-%m}")
    for n, line in enumerate(DuesLine.objects.filter(org=w.branch_a)):
        record_payment(line, amount="40.00", method="cash", paid_on=month, idempotency_key=f"e2e-{n}")
    return month


def test_a_feedback_list_goes_from_import_to_closure_and_a_dues_statement_to_the_members(
        e2e_world, live_server, signed_in, screenshot_dir, settings, tmp_path):
    from dangjian.core.pdf import pdf_page_png
    from dangjian.orglife.tests.images import png_bytes
    from dangjian.supervision.models import RectificationItem
    from dangjian.supervision.tasks import rectification_reminders

    w = e2e_world
    base = live_server.url
    settings.MEDIA_ROOT = tmp_path
    today = datetime.date.today()
    issued = today - datetime.timedelta(days=60)
    later, late = (today + datetime.timedelta(days=40)).isoformat(), (today - datetime.timedelta(days=31)).isoformat()
    month = with_dues(w, today)


    # 1. the county imports the feedback list: one bad row refuses the whole list
    good = [(1, "“三会一课”记录不完整，部分会议无签到", "补齐记录，建立签到制度", "张伟", "党支部", "陈静", later),
            (2, "党费收缴台账不规范，未按季度公示", "规范台账，按季度公示", "张伟", "党支部", "张伟", later),
            (3, "谈心谈话未实现全覆盖", "制定谈心谈话计划", "张伟", "党支部", "张伟", late)]
    county, county_errors = signed_in(w.county_admin, "/supervision/rectification/batches/import/")
    county.select_option('select[name="org"]', str(w.branch_a.pk))
    county.select_option('select[name="source"]', "inspection")
    county.select_option('select[name="issuer"]', str(w.county_a.pk))
    county.fill('input[name="issuer_detail"]', "第二巡察组")
    county.fill('input[name="issued_on"]', issued.isoformat())
    county.fill('input[name="reference"]', "东教巡反〔2026〕3号")
    county.set_input_files('input[name="file"]', feedback_list([*good, (4, "学习记录缺失", "", "", "", "", later)]))
    county.get_by_role("button", name="导入").click()
    expect(county.locator("#import-errors")).to_contain_text("第 5 行「责任人」：每项整改任务须明确责任人")
    county.screenshot(path=str(screenshot_dir / "supervision-import-refused.png"), full_page=True)
    assert not RectificationItem.objects.exists()
    county.set_input_files('input[name="file"]', feedback_list(good))
    county.get_by_role("button", name="导入").click()
    expect(county.locator("#batch-items")).to_contain_text("谈心谈话未实现全覆盖")
    expect(county.locator("#batch-figures")).to_contain_text("共 3 项")
    county.screenshot(path=str(screenshot_dir / "supervision-batch.png"), full_page=True)
    first, second, third = RectificationItem.objects.order_by("number")

    # 2. school A's secretary reports with a photo and asks for 销号 on the first two
    secretary, secretary_errors = signed_in(w.secretary_a)
    photo = {"name": "签到表照片.png", "mimeType": "image/png", "buffer": png_bytes()}
    for item in (first, second):
        secretary.goto(f"{base}/supervision/rectification/items/{item.pk}/")
        form = secretary.locator("#progress-form")
        form.locator('input[name="progress-progress"]').fill("80")
        form.locator('textarea[name="progress-text"]').fill("已补齐记录，建立会议签到制度")
        form.locator('input[name="progress-files"]').set_input_files(photo)
        form.get_by_role("button", name="报告进展").click()
        expect(secretary.locator("#timeline")).to_contain_text("签到表照片.png")
        request = secretary.locator("#request-form")
        request.locator('textarea[name="request-text"]').fill("整改措施已全部落实，申请销号")
        request.get_by_role("button", name="申请销号").click()
        expect(secretary.locator("#item-state")).to_have_text("申请销号")
    secretary.screenshot(path=str(screenshot_dir / "supervision-item-requested.png"), full_page=True)

    # 3. the third item is a month past its deadline: the daily job escalates it to the county
    assert rectification_reminders.call_local()["escalated"] == 1

    # 4. the county's to-do: two requests to decide and the escalated item
    county.goto(f"{base}/")
    expect(county.locator("#panel-rectification")).to_contain_text("待审核销号")
    county.goto(f"{base}/supervision/rectification/todo/")
    expect(county.locator("#todo-awaiting")).to_contain_text("待审核的销号申请（2）")
    expect(county.locator("#todo-overdue")).to_contain_text("谈心谈话未实现全覆盖")
    expect(county.locator("#todo-overdue")).to_contain_text("已上报")
    county.screenshot(path=str(screenshot_dir / "supervision-todo.png"), full_page=True)
    county.goto(f"{base}/supervision/rectification/items/{first.pk}/")
    county.get_by_role("button", name="同意销号").click()
    expect(county.locator("#item-state")).to_have_text("已销号")
    county.goto(f"{base}/supervision/rectification/items/{second.pk}/")
    county.locator('textarea[name="decision-note"]').fill("缺少第三季度党小组会签到表，请补充后再申请")
    county.get_by_role("button", name="退回").click()
    expect(county.locator("#item-state")).to_have_text("退回")
    expect(county.locator("#timeline")).to_contain_text("缺少第三季度党小组会签到表")
    county.screenshot(path=str(screenshot_dir / "supervision-item-returned.png"), full_page=True)
    county.goto(f"{base}/supervision/rectification/overview/?org={w.county_a.pk}")
    expect(county.locator("#overview-table")).to_contain_text("东城区第一中学党支部")
    county.screenshot(path=str(screenshot_dir / "supervision-overview.png"), full_page=True)
    with county.expect_download() as download:
        county.evaluate(f"window.location.href = '{base}/supervision/rectification/batches/{first.batch_id}/report.pdf'")
    pdf_page_png(Path(download.value.path()).read_bytes(), screenshot_dir / "supervision-report.png")

    # 5. the dues 公示表: drafted by the organization committee member, reviewed, approved, published
    drafter, drafter_errors = signed_in(w.org_member_a, "/supervision/disclosure/new/")
    drafter.select_option('select[name="catalogue"]', "default:dues")
    drafter.select_option('select[name="source_key"]', "dues_statement")
    drafter.fill('input[name="source_year"]', str(month.year))
    drafter.select_option('select[name="audience"]', "party")
    drafter.select_option('select[name="timing"]', "regular")
    drafter.get_by_role("button", name="保存草稿").click()
    expect(drafter.locator("#disclosure-state")).to_contain_text("拟稿")
    expect(drafter.locator(".disclosure-table")).to_contain_text("杨帆")
    disclosure_url = drafter.url
    drafter.screenshot(path=str(screenshot_dir / "supervision-disclosure-draft.png"), full_page=True)

    secretary.goto(disclosure_url)
    secretary.get_by_role("button", name="保密审查通过").click()
    expect(secretary.locator("#disclosure-state")).to_contain_text("已审核")
    secretary.get_by_role("button", name="审批同意").click()
    expect(secretary.locator("#disclosure-state")).to_contain_text("已审批")
    secretary.get_by_role("button", name="公开", exact=True).click()
    expect(secretary.locator("#disclosure-state")).to_contain_text("公开中")
    expect(secretary.locator("#history")).to_contain_text("保密审查通过")
    secretary.screenshot(path=str(screenshot_dir / "supervision-disclosure-published.png"), full_page=True)

    member, member_errors = signed_in(w.member_a)
    expect(member.locator("#panel-disclosure")).to_contain_text("党费交纳情况公示")
    member.screenshot(path=str(screenshot_dir / "supervision-member-home.png"), full_page=True)
    member.locator("#panel-disclosure").get_by_role("link", name="党费交纳情况公示").click()
    expect(member.locator(".disclosure-table")).to_contain_text("40.00")

    unexpected = [e for e in county_errors + secretary_errors + drafter_errors + member_errors
                  if "status of 422" not in e]
    assert not unexpected, unexpected
