"""The secretary's day on a phone (issue 15, item 6): at 390 × 844 the home, the member list and
the dues ledger fit the screen's width, the lists are stacked cards (one per row, each value
named by its column), 登记交纳 is on screen and leads to a form that records the payment, and
buttons, links in the cards and form controls are at least 44 px high. The attendance table of
the meeting form is cards too, also after htmx redraws it, and the long forms keep their buttons
on screen. At desktop width the same lists are still tables. No console error (a CSP violation would show there). Screenshots go to
var/screenshots/phone-*.png."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TAP = 44  # px, the smallest tap target (WCAG 2.5.5)


@pytest.fixture
def ledger_world(e2e_world):
    """This month's ledger of branch A generated, every member but 高峰 with a base."""
    from dangjian.dues import services
    from dangjian.members.models import Member

    w = e2e_world
    month = datetime.date.today().replace(day=1)
    for i, member in enumerate(Member.objects.filter(org=w.branch_a).order_by("id")):
        if member.name != "高峰":
            services.set_base(member, base=f"{3500 + 900 * i}.00", category="in_service", effective_month=month)
    services.generate_ledger(w.branch_a, month)
    return w


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def label_of(cell) -> str:
    """What the card shows before a cell's value: the ::before content, unquoted ("none" if none)."""
    return cell.evaluate("td => getComputedStyle(td, '::before').content").strip('"')


def heights(locator) -> list[float]:
    """Heights of the elements drawn (a field inside a closed <details> is not drawn: no box)."""
    heights = locator.evaluate_all(
        "els => els.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().height)")
    assert heights, "nothing to measure"
    return heights


def assert_on_screen(page, locator) -> None:
    """Wholly inside the phone's width, and as tall as a finger needs."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["height"] >= TAP, box


def test_the_secretary_works_through_home_members_and_dues_on_a_phone(ledger_world, live_server, signed_in,
                                                                     screenshot_dir):
    w = ledger_world
    page, errors = signed_in(w.secretary_a, "/", **PHONE)

    # home: the to-do fits, the menu button and the to-do's lines take a finger
    expect(page.locator("#todo-list .todo-item").first).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    menu = page.get_by_role("button", name="打开菜单")
    assert_on_screen(page, menu)
    assert menu.bounding_box()["width"] >= TAP
    assert min(heights(page.locator(".page-head .btn, #todo-list .todo-item .position-relative"))) >= TAP
    page.screenshot(path=str(screenshot_dir / "phone-home-secretary.png"), full_page=True)

    # the sidebar opens from the menu button; its links take a finger too
    menu.click()
    members_link = page.locator("#sidebar").get_by_role("link", name="党员名册")
    expect(members_link).to_be_visible()
    assert members_link.bounding_box()["height"] >= TAP
    members_link.click()

    # member list: one card per member, values named by their column
    expect(page.locator("h1")).to_have_text("党员名册")
    assert page_width(page) <= PHONE["width"]
    table = page.locator("table.member-table")
    assert table.evaluate("t => getComputedStyle(t).display") == "block"
    expect(table.locator("thead")).to_be_hidden()
    card = table.locator("tbody tr", has_text="杨帆")
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert label_of(card.locator("td").nth(1)) == "性别"
    assert label_of(card.locator("td").nth(3)) == "所在党组织"   # the header's sort arrow left out
    assert label_of(card.locator("td").first) == "none"          # the name heads the card, unlabelled
    assert_on_screen(page, card.get_by_role("link", name="杨帆"))
    assert min(heights(page.locator(".page-head .btn, #member-filter .btn, #member-filter .form-control, "
                                    "#member-filter .form-select"))) >= TAP
    page.screenshot(path=str(screenshot_dir / "phone-members-secretary.png"), full_page=True)

    # dues ledger: 登记交纳 on each unpaid member's card, wholly on screen
    page.goto(f"{live_server.url}/dues/?org={w.branch_a.pk}")
    expect(page.locator("h1")).to_have_text("党费月度台账")
    assert page_width(page) <= PHONE["width"]
    card = page.locator("#ledger-table tbody tr", has_text="杨帆")
    assert label_of(card.locator("td", has_text="在职")) == "缴费类别"
    expect(card.locator("td.dj-card-title")).to_have_text("杨帆")
    pay = card.get_by_role("link", name="登记交纳")
    pay.scroll_into_view_if_needed()
    assert_on_screen(page, pay)
    tick = card.locator("label.tick-hit")
    assert tick.bounding_box()["width"] >= TAP and tick.bounding_box()["height"] >= TAP
    assert min(heights(page.locator("#ledger-table .btn, #bulk-pay .btn, #bulk-pay .form-select, "
                                    "#bulk-pay .form-control"))) >= TAP
    # 高峰 has no base: her card offers 核定基数 instead, and skips the empty tick column
    expect(page.locator("#ledger-table tbody tr", has_text="高峰").locator("td.tick")).to_be_hidden()
    page.screenshot(path=str(screenshot_dir / "phone-dues-secretary.png"), full_page=True)

    # ... and records the payment on a form that fits the phone as well
    pay.click()
    expect(page.locator("h1")).to_contain_text("登记党费：杨帆")
    assert page_width(page) <= PHONE["width"]
    # the form comes first and its buttons stay at the bottom of the screen: 登记 without scrolling
    submit = page.locator("#payment-form button[type=submit]")
    assert_on_screen(page, submit)
    box = submit.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert min(heights(page.locator("#payment-form .form-control, #payment-form .form-select"))) >= TAP
    submit.click()
    expect(page.locator(".alert-success")).to_contain_text("已登记杨帆")
    expect(page.locator("#ledger-table tbody tr", has_text="杨帆")).to_contain_text("已缴")
    expect(page.locator("#ledger-table tbody tr", has_text="杨帆").get_by_role("link", name="登记交纳")).to_have_count(0)
    assert errors == [], errors


def test_the_meeting_forms_attendance_stays_cards_after_a_redraw(e2e_world, live_server, signed_in):
    """The attendance table is drawn again by htmx when the kind changes: the new rows are
    labelled as the first ones were, and each mark's control is big enough for a finger."""
    w = e2e_world
    page, errors = signed_in(w.secretary_a, f"/orglife/new/?org={w.branch_a.pk}", **PHONE)
    page.select_option("#id_kind", "general_meeting")
    expect(page.locator("#attendance select")).to_have_count(10)
    # among the ten members' cards, far above the form's end, 保存 is at the bottom of the screen
    # (scrolled by position: the table may be drawn again meanwhile, a row's element replaced)
    page.evaluate("window.scrollTo(0, document.getElementById('attendance').getBoundingClientRect().top + scrollY)")
    save = page.locator("#meeting-form button[type=submit]")
    assert_on_screen(page, save)
    box = save.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert page.locator("#attendance tr[data-member]").last.bounding_box()["y"] > PHONE["height"]   # the end is far
    page.select_option("#id_kind", "committee_meeting")
    expect(page.locator("#attendance select")).to_have_count(2)
    row = page.locator("#attendance tr[data-member]").first
    assert label_of(row.locator("td").nth(2)) == "出席情况"
    assert label_of(row.locator("td").nth(3)) == "说明"
    assert min(heights(page.locator("#attendance select, #attendance input"))) >= TAP
    assert page_width(page) <= PHONE["width"]
    assert errors == [], errors


def test_at_desktop_width_the_lists_stay_tables(ledger_world, live_server, signed_in):
    w = ledger_world
    page, errors = signed_in(w.secretary_a, f"/dues/?org={w.branch_a.pk}")
    table = page.locator("#ledger-table")
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    expect(table.locator("thead")).to_be_visible()
    row = table.locator("tbody tr", has_text="杨帆")
    assert label_of(row.locator("td").nth(2)) == "none"   # labels only on a phone's cards
    # a mouse keeps the compact buttons of the desktop
    assert max(heights(row.get_by_role("link", name="登记交纳"))) < TAP
    assert errors == [], errors


def test_a_members_dues_history_is_short_cards_on_a_phone(ledger_world, live_server, signed_in):
    """dj-cards-inline: a month of the member's dues page is a heading and a few lines, not a line
    per column, and 登记交纳 is in it."""
    from dangjian.members.models import Member

    w = ledger_world
    member = Member.objects.get(org=w.branch_a, name="杨帆")
    page, errors = signed_in(w.secretary_a, f"/dues/members/{member.pk}/", **PHONE)
    assert page_width(page) <= PHONE["width"]
    card = page.locator("#lines tbody tr").first
    assert card.locator("td.dj-card-title").evaluate("td => getComputedStyle(td).display") == "block"
    due = card.locator("td").nth(5)
    assert label_of(due) == "应缴（元）"
    assert due.evaluate("td => getComputedStyle(td).display") == "inline-block"
    assert card.bounding_box()["height"] < 260, card.bounding_box()   # a card of the plain layout is ~330 px
    assert_on_screen(page, card.get_by_role("link", name="登记交纳"))
    assert errors == [], errors
