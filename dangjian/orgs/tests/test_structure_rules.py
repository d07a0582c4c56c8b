"""The structure rules of DOMAIN.md, at their boundaries, each finding citing its rule."""

import datetime

import pytest

from dangjian.orgs.rules import OrgFacts, check_structure

TODAY = datetime.date(2026, 11, 23)


def facts(kind="branch", members=10, full=10, committee=3, secretary=True, schools=1, term_end=None):
    return OrgFacts(kind, members, full, committee, secretary, schools, term_end)


def codes(found):
    return {f.rule.code for f in found}


@pytest.mark.parametrize(("full", "finding"), [(2, True), (3, False)])
def test_a_branch_needs_three_full_members(full, finding):
    assert ("branch_min_full_members" in codes(check_structure(facts(members=full, full=full, committee=1), TODAY, 180))) is finding


@pytest.mark.parametrize(("full", "committee", "finding"), [(6, 1, False), (7, 2, True), (7, 3, False), (20, 8, True)])
def test_seven_full_members_need_a_branch_committee_of_three_to_seven(full, committee, finding):
    found = check_structure(facts(members=full, full=full, committee=committee), TODAY, 180)
    assert ("branch_committee" in codes(found)) is finding


@pytest.mark.parametrize(("members", "finding"), [(50, False), (51, True)])
def test_a_branch_normally_has_at_most_fifty_members(members, finding):
    assert ("branch_normal_max" in codes(check_structure(facts(members=members, full=members), TODAY, 180))) is finding


@pytest.mark.parametrize(("members", "finding"), [(49, True), (50, False), (100, False), (101, True)])
def test_a_general_branch_has_fifty_to_one_hundred_members(members, finding):
    found = check_structure(facts(kind="general_branch", members=members, full=members), TODAY, 180)
    assert ("general_branch_size" in codes(found)) is finding


@pytest.mark.parametrize(("members", "finding"), [(100, True), (101, False)])
def test_a_school_committee_has_more_than_one_hundred_members(members, finding):
    assert ("committee_size" in codes(check_structure(facts(kind="committee", members=members), TODAY, 180))) is finding


@pytest.mark.parametrize(("schools", "finding"), [(5, False), (6, True)])
def test_a_joint_branch_covers_at_most_five_schools(schools, finding):
    found = check_structure(facts(kind="joint_branch", schools=schools), TODAY, 180)
    assert ("joint_branch_schools" in codes(found)) is finding


def test_terms_warn_before_they_end_and_are_violations_after():
    soon = check_structure(facts(term_end=TODAY + datetime.timedelta(days=180)), TODAY, 180)
    later = check_structure(facts(term_end=TODAY + datetime.timedelta(days=181)), TODAY, 180)
    ended = check_structure(facts(term_end=TODAY - datetime.timedelta(days=1)), TODAY, 180)
    assert [f.level for f in soon if f.rule.code == "term"] == ["warning"]
    assert "term" not in codes(later)
    assert [f.level for f in ended if f.rule.code == "term"] == ["danger"]


def test_every_finding_names_its_regulation():
    found = check_structure(facts(members=60, full=2, committee=9, secretary=False, term_end=TODAY), TODAY, 180)
    assert found and all("《" in f.rule.citation for f in found)
