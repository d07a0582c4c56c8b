"""全景 (issue 16): every figure equals the one its module's page shows for the same organization
and period (a test reads both), the page is scoped, and its queries do not grow with the
number of schools.

The world is the permission matrix's (tests/matrix/world.py): dues over the whole city with a
few payments, organizational life, decisions, ratings and rectification items in three schools
— enough that the figures compared are not all zero."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.reports.committee_facts import committee_facts
from dangjian.testing import login

# The matrix world lives beside the matrix test (tests/ is on the path when the whole suite is
# collected, not when this package runs alone).
_TESTS = str(Path(settings.BASE_DIR) / "tests")
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from matrix.world import extend_world  # noqa: E402

EXTEND_SHARED_WORLD = extend_world
URL = "/reports/panorama/"


def client_of(user) -> Client:
    client = Client()
    login(client, user)
    return client


def page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.context


@pytest.fixture
def county(world):
    return world, client_of(world.county_admin)


def test_county_totals_equal_each_module_page(county):
    w, client = county
    facts = page(client, f"{URL}?org={w.county_a.pk}")["facts"]
    t, org = facts.total, w.county_a.pk

    orglife = page(client, f"{reverse('orglife:compliance')}?org={org}&period={facts.quarter.code}")
    assert (t.orglife_compliant, t.orglife_assessed) == (orglife["counts"]["ok"],
                                                         orglife["total"] - orglife["counts"]["na"])
    assert t.orglife_assessed > 0

    dues = page(client, f"{reverse('dues:collection')}?org={org}&month={facts.dues_month:%Y-%m}")["total"]
    assert (t.dues_due_count, t.dues_paid_count, t.dues_due_amount, t.dues_paid_amount) == (
        dues.due_count, dues.paid_count, dues.due_amount, dues.paid_amount)
    assert t.dues_due_amount > 0 and t.dues_rate is not None

    arrears = page(client, f"{reverse('dues:arrears')}?org={org}")
    assert (t.arrears_3, t.arrears_6) == (arrears["warning_count"] + arrears["lapse_count"], arrears["lapse_count"])
    assert t.arrears_3 > 0

    plan = page(client, f"{reverse('recruitment:plan')}?org={org}&year={facts.year}")["summary"]
    assert t.admitted == plan["actual"]["admitted"] and t.activists == plan["actual"]["activists"]
    assert t.plan_admitted == (plan["planned"] or {}).get("admitted")

    oversight = page(client, f"{reverse('decisions:oversight')}?org={org}&year={facts.year}")
    totals = oversight["totals"]
    assert t.decision_findings == (totals["undecided_large"] + totals["overdue"] + totals["non_quorate"]
                                   + totals["closed_late"])
    assert t.decision_schools == oversight["with_problems"]

    overview = page(client, f"{reverse('supervision:overview')}?org={org}")["total"]
    assert (t.rect_total, t.rect_open, t.rect_overdue, t.rect_closed) == (
        overview.total, overview.open, overview.overdue, overview.closed)
    assert t.rect_total > 0

    weak = page(client, f"{reverse('appraisal:rating_weak')}?org={org}&state=rectifying")
    assert t.weak == weak["page_obj"].paginator.count and t.weak > 0

    # the home page of the county (its current organization): schools, coverage and members
    home = page(client, reverse("core:home"))
    assert home["org"].pk == org
    assert (t.public_schools, t.private_schools, t.public_covered, t.private_covered) == (
        home["coverage"].public_schools, home["coverage"].private_schools, home["coverage"].public_covered,
        home["coverage"].private_covered)
    assert (t.members, t.full_members, t.probationary) == (
        home["members"]["total"], home["members"]["full"], home["members"]["probationary"])
    stars = next((p for p in home["panels"] if p["template"].startswith("appraisal/rating")), None)
    if stars is not None:
        assert facts.rating_year == stars["year"]
        assert t.star_counts == stars["dist"]["stars"] and t.revoked == stars["dist"]["revoked"]


def test_county_rows_are_its_schools_and_add_up(county):
    w, client = county
    facts = page(client, f"{URL}?org={w.county_a.pk}")["facts"]
    assert not facts.city
    names = [u.name for u in facts.units]
    # the school-level organizations, then the private school without one
    assert names[:3] == [w.branch_a.name, w.branch_b.name, w.joint.name]
    assert [u.schools for u in facts.units if u.key == f"school:{w.school_p.pk}"] == [
        [(w.school_p.pk, w.school_p.name)]]
    joint = next(u for u in facts.units if u.org_id == w.joint.pk)
    assert {name for _, name in joint.schools} == {w.school_d1.name, w.school_d2.name}
    t = facts.total
    for attr in ("schools_total", "staff", "students", "members", "dues_due_count", "dues_paid_count",
                 "arrears_3", "rect_total", "rect_overdue", "decision_findings", "orglife_assessed"):
        assert sum(getattr(u, attr) for u in facts.units) == getattr(t, attr), attr
    branch_a = next(u for u in facts.units if u.org_id == w.branch_a.pk)
    ledger = page(client, f"{reverse('dues:collection')}?org={w.branch_a.pk}&month={facts.dues_month:%Y-%m}")
    assert branch_a.dues_paid_amount == ledger["total"].paid_amount


def test_city_cards_per_county_and_drill_down(world):
    client = client_of(world.city_admin)
    response = client.get(URL)
    facts = response.context["facts"]
    assert facts.root.pk == world.city.pk and facts.city
    counties = [u for u in facts.units if u.is_county]
    assert [u.name for u in counties] == [world.county_a.name, world.county_b.name]
    html = response.content.decode()
    assert 'id="county-cards"' in html and html.count("county-card") >= 2
    assert f'href="{URL}?org={world.county_a.pk}"' in html
    # a county's card equals that county's own 全景 total
    county_a = page(client, f"{URL}?org={world.county_a.pk}")["facts"].total
    card = counties[0]
    for attr in ("schools_total", "members", "orglife_compliant", "orglife_assessed", "dues_paid_amount",
                 "arrears_3", "admitted", "decision_findings", "weak", "rect_open", "rect_overdue", "staff"):
        assert getattr(card, attr) == getattr(county_a, attr), attr
    assert 'id="as-of"' in html and f"数据截至 {timezone.localdate():%Y年}" in html


def test_scoped(world):
    assert client_of(world.secretary_a).get(URL).status_code == 403       # no oversight right anywhere
    county = client_of(world.county_admin)
    assert county.get(f"{URL}?org={world.city.pk}").status_code == 404     # above the county: out of scope
    assert county.get(f"{URL}?org={world.county_b.pk}").status_code == 404
    assert county.get(f"{URL}?org={world.branch_a.pk}").status_code == 404  # a school has no 全景
    assert county.get(URL).context["org"].pk == world.county_a.pk
    assert Client().get(URL).status_code == 302


def test_queries_do_not_grow_with_schools(world, django_assert_max_num_queries):
    """The facts take a fixed number of queries, about thirty (no loop per school or county): the
    city with two counties and six schools asks about as many as county B with one school (a couple
    of queries differ with the data: a selector skips a lookup when it found nothing to name)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counted = {}
    for name, org in (("city", world.city), ("county_b", world.county_b)):
        with CaptureQueriesContext(connection) as ctx:
            facts = committee_facts(world.city_admin, org, timezone.localdate())
        counted[name] = len(ctx.captured_queries)
    assert counted["city"] <= 32 and counted["county_b"] <= 32, counted
    assert abs(counted["city"] - counted["county_b"]) <= 3, counted
    assert len(facts.units) == 1
    client = client_of(world.county_admin)
    with django_assert_max_num_queries(60):
        assert client.get(URL).status_code == 200


def test_an_empty_county_has_a_page_with_nothing_to_show(world):
    """A county committee without schools yet: the page answers with zeros and no rows (no rates
    to divide, no ratings year), not an error."""
    from dangjian.orgs.models import OrgKind, PartyOrg

    empty = PartyOrg.objects.get(pk=world.city.pk).add_child(kind=OrgKind.EDUCATION_COMMITTEE, code="C01Z",
                                                             name="新区教育党工委")
    response = client_of(world.city_admin).get(f"{URL}?org={empty.pk}")
    facts = response.context["facts"]
    assert facts.units == [] and facts.total.schools_total == 0 and facts.total.orglife_rate is None
    assert facts.rating_year is None and "辖区内还没有评定星级的结果" in response.content.decode()
