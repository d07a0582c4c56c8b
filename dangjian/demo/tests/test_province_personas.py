"""Where the administrator personas sit at province scale: city_admin on the first city's
committee (not on the province above it), county_admin on a county of that city, and
province_admin (only at this scale) on the province's committee — so that the city
administrator's pages measure a city at every scale. Plan-level on a shrunk province (as in
test_province_plan.py), then written through the posts on the test database."""

import dataclasses
import datetime

import pytest

from dangjian.core.roles import SECOND_FACTOR_POSTS, Post
from dangjian.demo.generator import plan_world, seed_demo
from dangjian.demo.personas import PERSONAS, PROVINCE_PERSONA, admin_seats
from dangjian.demo.schools import SCALES
from dangjian.demo.tests.seeding import KnownCredentials
from dangjian.orgs.models import OrgKind, PartyOrg, Position

TODAY = datetime.date(2026, 12, 5)


@pytest.fixture
def small_province(monkeypatch):
    small = dataclasses.replace(SCALES["province"], name="province_small", public=420, private=140, members=4_200,
                                staff=17_000, students=280_000)
    monkeypatch.setitem(SCALES, "province_small", small)
    return "province_small"


def test_the_city_administrator_sits_on_the_first_city_and_the_province_has_its_own(small_province):
    plan = plan_world(small_province, today=TODAY)
    seats = admin_seats(plan.root, plan.counties[0].org)
    city = plan.root.children[0]
    assert seats == {"city_admin": city, "county_admin": plan.counties[0].org, PROVINCE_PERSONA: plan.root}
    assert city.name == "示范市教育工委" and plan.root.name == "示范省教育工委"
    assert seats["county_admin"].is_county and seats["county_admin"].parent is city


def test_below_the_province_the_city_administrator_sits_on_the_root():
    plan = plan_world("school", today=TODAY)
    assert admin_seats(plan.root, plan.counties[0].org) == {"city_admin": plan.root,
                                                             "county_admin": plan.counties[0].org}


@pytest.mark.django_db(transaction=False)
def test_the_province_seed_appoints_the_three_administrators(small_province):
    result = seed_demo(small_province, today=TODAY, credentials=KnownCredentials("province"), through="positions")
    accounts = {a.persona: a for a in result.accounts}
    assert list(accounts) == [*PERSONAS, PROVINCE_PERSONA]
    province = PartyOrg.objects.get(depth=1)
    city = PartyOrg.objects.get(pk=accounts["city_admin"].org_id)
    county = PartyOrg.objects.get(pk=accounts["county_admin"].org_id)
    assert accounts[PROVINCE_PERSONA].org_id == province.pk and province.name == "示范省教育工委"
    assert city.depth == 2 and city.name == "示范市教育工委" and city.kind == OrgKind.EDUCATION_COMMITTEE
    assert county.depth == 3 and county.path.startswith(city.path)
    for persona in ("city_admin", "county_admin", PROVINCE_PERSONA):
        position = Position.objects.get(user__username=persona)
        assert position.post == Post.COMMITTEE_ADMIN and position.post in SECOND_FACTOR_POSTS
        assert accounts[persona].totp_secret
    # School A stays in county_admin's county, under city_admin's city.
    school_a = PartyOrg.objects.get(pk=accounts["secretary_a"].org_id)
    assert school_a.path.startswith(county.path)
