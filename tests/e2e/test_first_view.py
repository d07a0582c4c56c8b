"""First views that confused a new user (issue 15, item 11), in a real browser. The step form of
a recruitment file opens with the step's requirements in neutral words — no 【不得办理】 before
anything is entered — and a refusal, naming its rule, shows only after 登记. The dues payment
form's 转交人 field says what it is: the member's own dues handed in by someone he asked, never
paid for him, beside the rule that the organization must not pay for members. Screenshots:
var/screenshots/recruitment-step-first-view.png, recruitment-step-refused-after-input.png,
dues-payment-handed-in.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_step_form_shows_requirements_first_and_the_refusal_after_input(e2e_world, signed_in, screenshot_dir):
    from dangjian.recruitment.services import open_file
    from dangjian.testing import make_id_number

    w = e2e_world
    applied = datetime.date.today() - datetime.timedelta(days=10)
    file = open_file(org=w.branch_a, name="周明", id_number=make_id_number(datetime.date(2001, 3, 4), 741),
                     applied_on=applied)
    page, errors = signed_in(w.secretary_a, f"/recruitment/files/{file.pk}/?step=02")
    rules = page.locator("#step-rules")
    expect(rules).to_contain_text("须符合")
    expect(rules).to_contain_text("登记时按以下规定审核")
    expect(page.locator("#step-form-card")).not_to_contain_text("不得办理")
    expect(page.locator("#step-form .invalid-feedback, #step-form-card .alert-danger")).to_have_count(0)
    page.locator("#step-form-card").screenshot(path=str(screenshot_dir / "recruitment-step-first-view.png"))

    # a talk dated before the application: refused after 登记, with its rule, next to the form
    page.fill('input[name="occurred_on"]', (applied - datetime.timedelta(days=1)).isoformat())
    page.fill('input[name="talker"]', "刘芳")
    page.get_by_role("button", name="登记").click()
    refusal = page.locator("#step-form")
    expect(refusal).to_contain_text("依据：登记的日期不能晚于今天，也不能早于上一步骤（《中国共产党发展党员工作细则》第三条）")
    expect(page.locator("#step-form .invalid-feedback, #step-form .alert-danger").first).to_be_visible()
    page.locator("#step-form-card").screenshot(path=str(screenshot_dir / "recruitment-step-refused-after-input.png"))
    assert [e for e in errors if "422" not in e] == [], errors


def test_the_payment_form_explains_handing_in_beside_the_rule_against_paying_for_members(e2e_world, signed_in,
                                                                                        screenshot_dir):
    from dangjian.dues import services
    from dangjian.dues.services import line_for

    w = e2e_world
    month = datetime.date.today().replace(day=1)
    services.set_base(w.m_member_a, base="4000.00", category="in_service", effective_month=month)
    services.generate_ledger(w.branch_a, month)
    line = line_for(w.m_member_a, month)
    page, errors = signed_in(w.org_member_a, f"/dues/lines/{line.pk}/pay/")
    form = page.locator("#payment")
    expect(form).not_to_contain_text("代交人")
    expect(form.locator("label", has_text="转交人（受党员委托送交）")).to_have_count(1)
    expect(form).to_contain_text("党费仍由党员本人负担。党组织和他人不得为党员垫交、代交。")
    expect(form).to_contain_text("不得垫交或扣缴党员党费")
    form.locator('input[name="proxy_name"]').fill("杨帆的母亲")
    form.get_by_role("button", name="登记").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{page.url.split('/dues/')[0]}/dues/lines/{line.pk}/pay/")
    page.locator("#payment").screenshot(path=str(screenshot_dir / "dues-payment-handed-in.png"))
    assert errors == [], errors
