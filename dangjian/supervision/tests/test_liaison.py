"""党建工作联系点 and 巡回督导: the county assigns its committee members liaison schools, the liaison
(and no one else) records his visits, a visit's finding goes on the school's 整改台账; a round of
巡回督导 scores each school against its checklist; both show in the to-do and the school's record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.models import AuditEntry
from dangjian.core.roles import Post
from dangjian.orgs.models import Position
from dangjian.supervision.liaison_todo import liaison_todo
from dangjian.supervision.models import LiaisonVisit, RectificationBatch, RectificationItem
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.services import inspection, liaison
from dangjian.supervision.tests.rectification_helpers import TODAY, frozen, refused  # noqa: F401 - a fixture
from dangjian.testing import login, make_user

pytestmark = pytest.mark.usefixtures("frozen")
d = datetime.date.fromisoformat


def with_county_deputy(w):
    """A deputy secretary of county A's committee (a committee member who is not its administrator)."""
    w.county_deputy = make_user("county_deputy", "周晓东")
    Position.objects.create(org=w.county_a, post=Post.DEPUTY_SECRETARY, user=w.county_deputy, person_name="周晓东",
                            started_on=d("2024-01-01"))


EXTEND_SHARED_WORLD = with_county_deputy


def assign(world, liaison_user=None, school=None, **kwargs):
    return liaison.assign_liaison(world.county_a, year=kwargs.pop("year", 2026), liaison=liaison_user or world.county_deputy,
                                  school=school or world.school_a, acting_user=kwargs.pop("by", world.county_admin),
                                  today=TODAY, **kwargs)


def visit(world, by=None, school=None, **kwargs):
    return liaison.record_visit(school or world.school_a, visited_on=kwargs.pop("visited_on", "2026-11-20"),
                                visitors=kwargs.pop("visitors", "周晓东、县教育党工委组织科"),
                                findings=kwargs.pop("findings", "听取支部书记汇报；“三会一课”记录不完整"),
                                acting_user=by or world.county_deputy, today=TODAY, **kwargs)


# --- assignments ---------------------------------------------------------------------------------

def test_the_county_admin_assigns_a_committee_member_a_liaison_school_twice_a_year_at_least(world):
    a = assign(world)

    assert (a.liaison_name, a.post_label, a.visits_required, a.committee) == ("周晓东", "副书记", 2, world.county_a)
    assert AuditEntry.objects.filter(action="liaison.assign", actor=world.county_admin).count() == 1
    assert assign(world) == a  # a double submit gives the same assignment
    assert assign(world, school=world.school_b, visits_required=4).visits_required == 4  # stricter is allowed


def test_fewer_visits_than_the_citys_twice_a_year_are_refused_naming_the_rule(world):
    assert refused(lambda: assign(world, visits_required=1)).rule == R.R_VISITS
    assert "2023年中小学校党建工作总结" in R.R_VISITS.citation and "每半年调研指导" in R.R_VISITS.citation


def test_only_members_of_the_committee_and_its_own_schools_may_be_paired(world):
    assert refused(lambda: assign(world, liaison_user=world.secretary_a)).rule == R.R_LIAISON_MEMBER
    assert refused(lambda: assign(world, school=world.school_c)).rule == R.R_LIAISON_MEMBER
    with pytest.raises(PermissionDenied):
        assign(world, by=world.secretary_a)


# --- visits --------------------------------------------------------------------------------------

def test_the_liaison_records_his_visits_until_the_year_has_its_two(world):
    a = assign(world)
    assert [i.title for i in liaison_todo(world.county_deputy, None, TODAY)] == [
        "联系点走访：东城区第一中学（2026年下半年尚未走访）"]

    v = visit(world)

    assert (v.state, v.visited_on, v.assignment) == ("done", d("2026-11-20"), a)
    # twice a year: the first half's visit was missed, so one more is still owed by December
    assert [i.title for i in liaison_todo(world.county_deputy, None, TODAY)] == [
        "联系点走访：东城区第一中学（已走访 1 次，应走访 2 次）"]
    visit(world, visited_on="2026-11-22")
    assert liaison_todo(world.county_deputy, None, TODAY) == []


def test_a_county_asking_four_visits_a_year_wants_two_by_june_and_four_by_december(world):
    assign(world, visits_required=4)
    visit(world, visited_on="2026-03-10")
    visit(world, visited_on="2026-09-15")

    assert [i.title for i in liaison_todo(world.county_deputy, None, TODAY)] == [
        "联系点走访：东城区第一中学（已走访 2 次，应走访 4 次）"]
    visit(world, visited_on="2026-10-20")
    visit(world, visited_on="2026-11-20")
    assert liaison_todo(world.county_deputy, None, TODAY) == []
    assert (R.expected_by(3, d("2026-06-30")), R.expected_by(3, d("2026-07-01")), R.expected_by(2, d("2026-01-01"))) == (2, 3, 1)


def test_a_visit_recorded_by_someone_not_assigned_to_the_school_is_refused_and_nothing_saved(world):
    assign(world)

    violation = refused(lambda: visit(world, by=world.county_admin))

    assert violation.rule == R.R_VISIT_BY_LIAISON and "不是东城区第一中学2026年度的联系人" in violation.message
    assert refused(lambda: visit(world, school=world.school_b)).rule == R.R_VISIT_BY_LIAISON
    assert refused(lambda: visit(world, visited_on="2025-12-30")).rule == R.R_VISIT_BY_LIAISON  # not his year
    assert not LiaisonVisit.objects.exists()


def test_a_visit_needs_its_date_no_later_than_today_who_went_and_what_was_found(world):
    assign(world)
    assert visit(world, visited_on="2026-11-23").visited_on == TODAY
    assert refused(lambda: visit(world, visited_on="2026-11-24")).field == "visited_on"
    assert refused(lambda: visit(world, visitors=" ")).field == "visitors"
    assert refused(lambda: visit(world, findings="")).field == "findings"


def test_a_planned_visit_is_filled_in_when_it_is_made(world):
    assign(world)
    planned = liaison.plan_visit(world.school_a, planned_on="2026-12-10", acting_user=world.county_deputy, today=TODAY)
    assert refused(lambda: liaison.plan_visit(world.school_a, planned_on="2026-11-22", acting_user=world.county_deputy,
                                              today=TODAY)).field == "planned_on"

    done = visit(world, visit=planned)

    assert done.pk == planned.pk and done.planned_on == d("2026-12-10") and done.state == "done"


# --- findings on the ledger ------------------------------------------------------------------------

def test_a_visit_finding_becomes_a_rectification_item_of_the_school_said_to_come_from_the_visit(world):
    assign(world, liaison_user=world.county_admin)
    v = visit(world, by=world.county_admin)

    item = liaison.raise_visit_finding(v, problem="“三会一课”记录不完整", owner_name="张伟", deadline="2027-01-31",
                                       acting_user=world.county_admin, today=TODAY)
    again = liaison.raise_visit_finding(v, problem="“三会一课”记录不完整", owner_name="张伟", deadline="2027-01-31",
                                        acting_user=world.county_admin, today=TODAY)

    batch = item.batch
    assert again == item and item.org == world.branch_a
    assert (batch.source, batch.get_source_display(), batch.issuer, batch.origin) == (
        "liaison", "联系点走访", world.county_a, f"supervision.liaison_visit:{v.pk}")
    assert batch.issuer_detail == "联系点走访（李红梅）"


def test_a_finding_without_an_owner_is_refused_by_the_ledgers_rule_and_no_batch_is_left(world):
    assign(world, liaison_user=world.county_admin)
    v = visit(world, by=world.county_admin)

    violation = refused(lambda: liaison.raise_visit_finding(v, problem="记录不全", owner_name="", deadline="2027-01-31",
                                                            acting_user=world.county_admin, today=TODAY))

    assert violation.field == "owner_name" and violation.rule is not None
    assert not RectificationBatch.objects.filter(origin__startswith="supervision.liaison_visit:").exists()


# --- 巡回督导 ------------------------------------------------------------------------------------------

CHECKLIST = [{"text": "“三会一课”落实情况", "max_score": "40"}, {"text": "党建工作台账", "max_score": "60"}]


def open_round(world, **kwargs):
    return inspection.open_round(world.county_a, title="2026年秋季巡回督导", starts_on="2026-11-01", ends_on="2026-11-30",
                                 schools=kwargs.pop("schools", [world.school_a, world.school_b]),
                                 checklist=kwargs.pop("checklist", CHECKLIST), acting_user=world.county_admin)


def score(world, result, first="40", second="51.5", **kwargs):
    entries = list(result.round.checklist.all())
    return inspection.record_inspection(result, inspected_on=kwargs.pop("on", "2026-11-20"), inspectors="督导组",
                                        scores={str(entries[0].pk): first, str(entries[1].pk): second},
                                        findings="党建台账不规范", acting_user=world.county_admin, today=TODAY, **kwargs)


def test_a_round_scores_each_school_and_totals_them(world):
    rnd = open_round(world)
    result = rnd.results.get(school=world.school_a)

    assert score(world, result).total == 91.5
    assert [i.title for i in liaison_todo(world.county_admin, world.county_a, TODAY)] == [
        "巡回督导“2026年秋季巡回督导”：1 所学校尚未督导"]


def test_scores_stay_between_zero_and_the_entrys_maximum_and_every_entry_is_scored(world):
    result = open_round(world).results.get(school=world.school_a)

    assert score(world, result, first="40.0", second="0").total == 40
    assert refused(lambda: score(world, result, first="40.1")).rule == R.R_SCORE
    assert refused(lambda: score(world, result, second="-1")).rule == R.R_SCORE
    assert refused(lambda: score(world, result, second="")).rule == R.R_SCORE
    assert refused(lambda: score(world, result, on="2026-10-31")).field == "inspected_on"


def test_a_round_needs_schools_of_the_committee_and_a_checklist_with_scores(world):
    assert refused(lambda: open_round(world, schools=[world.school_c])).rule == R.R_ROUND
    assert refused(lambda: open_round(world, schools=[])).field == "schools"
    assert refused(lambda: open_round(world, checklist=[{"text": "台账", "max_score": "0"}])).rule == R.R_ROUND


def test_an_inspection_finding_goes_on_the_ledger_and_a_closed_round_takes_no_more_scores(world):
    rnd = open_round(world)
    result = score(world, rnd.results.get(school=world.school_a))

    item = inspection.raise_inspection_finding(result, problem="党建台账不规范", owner_name="张伟", deadline="2026-12-31",
                                               acting_user=world.county_admin, today=TODAY)
    inspection.close_round(rnd, acting_user=world.county_admin)

    assert (item.batch.source, item.batch.issuer_detail) == ("supervision", "巡回督导")
    assert refused(lambda: score(world, result)).rule == R.R_SCORE


# --- pages and API -------------------------------------------------------------------------------------

def test_the_school_sees_the_visit_and_its_rectification_item_on_its_page(world, client):
    assign(world, liaison_user=world.county_admin)
    v = visit(world, by=world.county_admin)
    liaison.raise_visit_finding(v, problem="“三会一课”记录不完整", owner_name="张伟", deadline="2027-01-31",
                                acting_user=world.county_admin, today=TODAY)
    login(client, world.secretary_a)

    page = client.get(f"/orgs/schools/{world.school_a.pk}/").content.decode()
    record = client.get(f"/supervision/liaison/schools/{world.school_a.pk}/").content.decode()

    assert "联系点走访与巡回督导" in page and "列入整改台账：" in page and "“三会一课”记录不完整" in page
    assert "李红梅" in record and "2026-11-20" in record


def test_the_page_and_the_api_refuse_a_visit_by_someone_not_assigned_naming_the_rule(world, client):
    assign(world)
    login(client, world.county_admin)

    page = client.post(f"/supervision/liaison/schools/{world.school_a.pk}/visits/",
                       {"visited_on": "2026-11-20", "visitors": "李红梅", "findings": "听取汇报"})
    api = client.post(f"/api/v1/liaison/schools/{world.school_a.pk}/visits",
                      {"visited_on": "2026-11-20", "visitors": "李红梅", "findings": "听取汇报"},
                      content_type="application/json")

    assert page.status_code == 422 and "2023年中小学校党建工作总结" in page.content.decode()
    assert api.status_code == 422 and api.json()["code"] == "not_assigned" and "挂点联系" in api.json()["rule"]
    assert not LiaisonVisit.objects.exists() and not RectificationItem.objects.exists()
