"""The city demo gives seed 001's figures: the plan the generator writes (plan_world, no database:
seeding the city takes a quarter of an hour, so the suite never does) — 7 counties, 2,211 schools
(1,764 public, 447 private), 22,375 members in service, and the coverage today and two years back
(public 87 % → 100 %, private 31.47 % → 90.3 %) with the 6 new schools that opened with their party
organization. That the writer puts the plan's dates into the database and the system reads the
same figures back: county_scale/test_seed_figures_written.py."""

import datetime

from dangjian.demo.generator import plan_world
from dangjian.demo.seed_figures import Figures, before_day, coverage_target, figures
from dangjian.orgs.models import OrgKind

TODAY = datetime.date(2026, 12, 5)


def test_the_city_plan_gives_seed_001_s_figures_today_and_two_years_back():
    plan = plan_world("city", today=TODAY)
    f = figures(plan.counties, plan.schools, plan.members, TODAY)

    counties = [n for n in plan.root.children if n.kind == OrgKind.EDUCATION_COMMITTEE]
    assert len(counties) == f.counties == 7 and all(n.name.endswith("教育党工委") for n in counties)
    assert (f.schools, f.public, f.private) == (2_211, 1_764, 447)
    assert f.members_in_service == 22_375
    assert (sum(s.staff for s in plan.schools), sum(s.students for s in plan.schools)) == (88_000, 1_438_300)
    # Today: public 100 %, private 90.38 % (404 of 447; the seed's 90.3 % cut to one decimal).
    assert (f.public_covered, f.private_covered) == (1_764, 404)
    assert Figures.pct(f.public_covered, f.public) == 100.0
    assert Figures.pct(f.private_covered, f.private) == 90.38
    # Two years back: public 87 % (1,526 of 1,754), private 31.47 % (135 of 429).
    assert (f.public_covered_before, f.public_before) == (1_526, 1_754)
    assert (f.private_covered_before, f.private_before) == (135, 429)
    assert Figures.pct(f.public_covered_before, f.public_before) == 87.0
    assert Figures.pct(f.private_covered_before, f.private_before) == 31.47
    # Opened since: 10 public and 18 private, 6 of them with their party organization that day.
    assert (f.opened, f.opened_with_org) == (28, 6)

    # What was covered later came under an organization that did not exist before, or joined a
    # joint branch that did; an organization founded within the two years starts its first term then.
    before = before_day(TODAY)
    for s in plan.schools:
        assert s.opened_on is not None and s.opened_on <= TODAY
        if s.covered_on is not None:
            assert s.opened_on <= s.covered_on <= TODAY
            if s.covered_on > before and s.org.kind != OrgKind.JOINT_BRANCH:
                assert s.org.founded_on == s.org.term_start == s.covered_on
            if s.org.kind == OrgKind.JOINT_BRANCH:
                assert s.org.schools[0].covered_on <= before


def test_smaller_scales_keep_the_seed_s_shares():
    target = coverage_target(120, 30)
    assert (target.public_opened, target.private_opened) == (1, 1)
    assert round(100 * target.public_covered_before / (120 - target.public_opened)) == 87
    assert abs(100 * target.private_covered_before / (30 - target.private_opened) - 31.47) < 2
    # The city's own figures come out exactly.
    city = coverage_target(1_764, 447)
    assert (city.public_opened, city.opened_with_org, city.private_opened) == (10, 6, 18)
    assert (city.public_covered_before, city.private_covered_before) == (1_526, 135)
