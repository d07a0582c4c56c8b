"""The annual plan: generated from the rules in force (a stricter county rule included), never
overwriting what was edited, marked as held by the records, exported as xlsx."""

import datetime
import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from dangjian.core.errors import RuleViolation
from dangjian.orglife.models import PlanItem
from dangjian.orglife.rules import Kind
from dangjian.orglife.services import plan as P
from dangjian.orgs.models import PartyOrg

pytestmark = pytest.mark.django_db
D = datetime.date


def test_branch_a_gets_the_months_and_quarters_its_rules_ask_for(world, frozen):
    added = P.generate_plan(world.branch_a, 2027, acting_user=world.secretary_a)
    counts = {k: PlanItem.objects.filter(org=world.branch_a, kind=k).count() for k in Kind.values}
    assert counts[Kind.THEME_DAY] == 12 and counts[Kind.GENERAL_MEETING] == 4 and counts[Kind.LIFE_MEETING] == 1
    assert counts[Kind.COMMITTEE_MEETING] == 12  # 9 full members: a committee
    assert counts[Kind.LEADERSHIP_LIFE_MEETING] == 0  # a branch holds none
    assert added == sum(counts.values())
    assert PlanItem.objects.get(org=world.branch_a, kind=Kind.LIFE_MEETING).planned_on == D(2027, 12, 1)


def test_a_second_run_keeps_the_edits_and_adds_what_a_stricter_rule_asks(world, frozen):
    from dangjian.orglife.services import set_override

    P.generate_plan(world.branch_a, 2027)
    first = PlanItem.objects.get(org=world.branch_a, kind=Kind.GENERAL_MEETING, period_start=D(2027, 1, 1))
    P.update_plan_item(first, topic="传达学习全国教育大会精神", planned_on=D(2027, 1, 15), acting_user=world.secretary_a)
    set_override(world.county_a, kind=Kind.GENERAL_MEETING, frequency="quarterly", min_count=2,
                 effective_from=D(2027, 1, 1), reason="区委组织部〔2026〕8号")
    assert P.generate_plan(world.branch_a, 2027) == 4  # a second 党员大会 in each quarter
    first.refresh_from_db()
    assert first.topic == "传达学习全国教育大会精神"


def test_an_item_is_held_when_a_meeting_of_its_kind_counts_for_its_period(world, hold):
    P.generate_plan(world.branch_a, 2026)
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 3, 12))
    items = {(i.kind, i.period_start): i.held for i in P.plan_with_progress(world.branch_a, 2026)}
    assert items[(Kind.THEME_DAY, D(2026, 3, 1))] and not items[(Kind.THEME_DAY, D(2026, 4, 1))]


def test_a_planned_date_before_its_period_is_refused(world, frozen):
    P.generate_plan(world.branch_a, 2027)
    item = PlanItem.objects.get(org=world.branch_a, kind=Kind.THEME_DAY, period_start=D(2027, 5, 1))
    with pytest.raises(RuleViolation):
        P.update_plan_item(item, planned_on=D(2027, 4, 30))


def test_the_county_itself_has_no_plan_of_its_own(world, frozen):
    with pytest.raises(RuleViolation):
        P.generate_plan(world.county_a, 2027)


def test_the_plan_exports_as_a_printable_workbook(world, frozen):
    P.generate_plan(world.branch_a, 2027)
    out = io.BytesIO()
    rows = P.plan_xlsx(out, world.branch_a, 2027)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
    assert rows == PlanItem.objects.filter(org=world.branch_a).count()
    assert "年度组织生活计划" in sheet[0][0]
    assert any("主题党日" in str(cell) for row in sheet for cell in row)


def test_the_plan_page_and_export_in_the_browser_client(world, client_as):
    client = client_as("secretary_a")
    assert client.post("/orglife/plan/", {"org": world.branch_a.pk, "year": 2027}).status_code == 302
    page = client.get(f"/orglife/plan/?org={world.branch_a.pk}&year=2027").content.decode()
    assert "第4季度" in page and "主题党日" in page
    export = client.get(f"/orglife/plan.xlsx?org={world.branch_a.pk}&year=2027")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_an_org_named_like_a_formula_gets_an_inert_plan_title(world, client_as):
    """Issue 12: /orglife/plan.xlsx wrote the title "=…年度组织生活计划" without the apostrophe."""
    hostile = '=HYPERLINK("http://evil","点我")'
    PartyOrg.objects.filter(pk=world.branch_a.pk).update(name=hostile)
    client = client_as("secretary_a")
    client.post("/orglife/plan/", {"org": world.branch_a.pk, "year": 2027})

    export = client.get(f"/orglife/plan.xlsx?org={world.branch_a.pk}&year=2027")

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content if export.streaming
                                                        else [export.content]))).worksheets[0]
    assert sheet["A1"].value == f"'{hostile}2027年度组织生活计划"
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.coordinate for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
