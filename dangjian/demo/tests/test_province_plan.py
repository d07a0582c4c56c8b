"""The province scale (`seed_demo --scale province`): ten cities of the city's shape under a
province's 教育工委 — 70 counties, 22,110 schools, 223,750 members in service. Plan only, no
database: the schools' plan of the whole province (seconds), and the tree's shape on the same
scale shrunk (the province's whole plan, 254,000 members, takes a minute or two)."""

import dataclasses
import datetime
import random
from collections import Counter

from dangjian.core.regions import RegionState, region_code_status
from dangjian.demo.generator import plan_world
from dangjian.demo.schools import SCALES, distribute_members, plan_schools
from dangjian.orgs.models import OrgKind, Ownership

TODAY = datetime.date(2026, 12, 5)


def test_the_province_is_ten_cities_of_seven_counties_and_22110_schools():
    scale = SCALES["province"]
    rng = random.Random("2026:schools")
    counties = plan_schools(scale, rng)
    schools = [s for c in counties for s in c.schools]
    cities = Counter(c.city.name for c in counties)
    assert len(cities) == 10 and set(cities.values()) == {7} and "示范市" in cities
    assert len(schools) == 22_110
    assert Counter(s.ownership for s in schools) == {Ownership.PUBLIC: 17_640, Ownership.PRIVATE: 4_470}
    assert (sum(s.staff for s in schools), sum(s.students for s in schools)) == (880_000, 14_383_000)
    # The same shape repeated with variation: each city within 20 % of the first (the city scale's 2,211).
    per_city = Counter(s.county.city.name for s in schools)
    assert all(0.8 * 2_211 <= n <= 1.2 * 2_211 for n in per_city.values()) and len(set(per_city.values())) > 5
    assert len({s.code for s in schools}) == len({s.name for s in schools}) == len(schools)
    # The nine added cities' counties are current divisions (GB/T 2260): the members' ID numbers
    # carry their codes. (The first city is the city scale's as it is.)
    assert len({c.region for c in counties}) == 70
    assert {region_code_status(c.region).state for c in counties if c.city.index} == {RegionState.CURRENT}
    distribute_members(schools, scale.members, rng, in_service=True)
    assert sum(s.members - s.retirees for s in schools) == 223_750


def test_the_cities_stand_between_the_province_and_their_counties(monkeypatch):
    small = dataclasses.replace(SCALES["province"], name="province_small", public=420, private=140, members=4_200,
                                staff=17_000, students=280_000)
    monkeypatch.setitem(SCALES, "province_small", small)
    plan = plan_world("province_small", today=TODAY)
    root = plan.root
    assert root.name == "示范省教育工委" and root.kind == OrgKind.EDUCATION_COMMITTEE
    assert [c.kind for c in root.children] == [OrgKind.EDUCATION_COMMITTEE] * 10
    assert root.children[0].name == "示范市教育工委"
    for city in root.children:
        counties = [c for c in city.children if c.kind == OrgKind.EDUCATION_COMMITTEE]
        assert len(counties) == len(city.children) == 7 and all(c.is_county for c in counties)
        for county in counties:
            assert all(n.county() is county for n in county.walk())
    # Every school's organization sits right under its county's committee; the personas' school
    # A is the first county's, as at every scale.
    for s in plan.schools:
        if s.org is not None:
            assert s.org.parent is s.county.org or s.org.kind == OrgKind.GROUP
    assert plan.schools[0].pinned == "A" and plan.schools[0].county.org is root.children[0].children[0]
    # Transfers stay within a county, their letters numbered by it (宾阳党转〔2024〕7号).
    for t in plan.history.transfers:
        assert t.from_org.county() is t.to_org.county()
        assert t.letter_number.startswith(t.from_org.county().name[:2])
