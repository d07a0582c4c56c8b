"""全景 in a real browser: the county administrator opens it from the sidebar and sees the totals,
the table of the county's schools and the three charts drawn (no CSP or script error); the dues
paid and the open rectification items lead to the collection sheet and the overview page showing
the same numbers, and the summary downloaded from the page carries the page's arrears; a school's
name leads to the school. The city administrator sees a card per county and drills down to one.
The world is the permission matrix's (dues, organizational life, decisions, ratings and
rectification items in three schools). Screenshots: var/screenshots/panorama-*.png."""

from urllib.parse import urljoin

import pytest
from docx import Document
from playwright.sync_api import expect

from dangjian.core.pdf import pdf_page_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rich_world(e2e_world):
    from matrix.world import extend_world

    extend_world(e2e_world)
    return e2e_world


def charts_drawn(page):
    for name in ("rates", "stars", "problems"):
        chart = page.locator(f'[data-chart="{name}"]')
        expect(chart).to_have_attribute("data-rendered", "1")
        expect(chart.locator("svg")).to_have_count(1)


def test_county_admin_reads_the_panorama_and_drills_down(rich_world, signed_in, screenshot_dir):
    w = rich_world
    page, errors = signed_in(w.county_admin, "/")
    page.get_by_role("link", name="全景", exact=True).click()
    expect(page.locator("h1")).to_have_text(f"{w.county_a.name} · 全景")
    expect(page.locator("#as-of")).to_contain_text("数据截至")
    table = page.locator("#panorama-table")
    for name in (w.branch_a.name, w.branch_b.name, w.joint.name, w.school_p.name):
        expect(table).to_contain_text(name)
    expect(table.locator("tbody tr")).to_have_count(4)
    charts_drawn(page)
    page.screenshot(path=str(screenshot_dir / "panorama-county.png"), full_page=True)

    arrears = page.locator("#stat-dues").get_attribute("data-arrears")
    # the dues paid is the collection sheet's total for the same month
    paid = page.locator("#stat-dues").get_attribute("data-paid")
    page.locator("#stat-dues .stat-value a").click()
    expect(page.locator("h1")).to_have_text("党费收缴情况")
    expect(page.locator("#collection-table tfoot td").nth(6)).to_have_text(paid)
    page.go_back()
    # the open rectification figure is the overview page's 未销号
    open_items = page.locator("#stat-rectification .stat-value a").inner_text()
    page.locator("#stat-rectification .stat-value a").click()
    expect(page.locator("h1")).to_contain_text("整改情况总览")
    expect(page.locator(".card-body", has_text="未销号").first.locator(".fs-4")).to_have_text(open_items)
    page.go_back()

    # the county's summary: the Word file from the button, read back; its PDF's first page looked at
    with page.expect_download() as download:
        page.locator("#summary-docx").click()
    document = Document(download.value.path())
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")][0].startswith("一、")
    stats = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert stats["党费欠缴"].startswith(f"连续3个月以上{arrears}名")
    pdf = page.request.get(urljoin(page.url, page.get_by_role("link", name="PDF").get_attribute("href"))).body()
    pdf_page_png(pdf, screenshot_dir / "panorama-summary-pdf.png")

    page.locator("#panorama-table").get_by_role("link", name=w.school_a.name, exact=True).click()
    expect(page.locator("h1")).to_have_text(w.school_a.name)
    page.screenshot(path=str(screenshot_dir / "panorama-county-school.png"))
    assert not errors, errors


def test_city_admin_sees_a_card_per_county(rich_world, signed_in, screenshot_dir):
    w = rich_world
    page, errors = signed_in(w.city_admin, "/reports/panorama/")
    cards = page.locator("#county-cards .county-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text(w.county_a.name)
    charts_drawn(page)
    page.screenshot(path=str(screenshot_dir / "panorama-city.png"), full_page=True)
    cards.nth(1).get_by_role("link", name=w.county_b.name).click()
    expect(page.locator("h1")).to_have_text(f"{w.county_b.name} · 全景")
    expect(page.locator("#panorama-table")).to_contain_text(w.committee_c.name)
    expect(page.locator(".breadcrumb")).to_contain_text(f"{w.city.name}全景")
    assert not errors, errors
