"""Who may see, record, approve and tighten recruitment (core.roles)."""

import pytest

from dangjian.core.roles import ROLE_ACTIONS, Action, Post
from dangjian.core.scoping import scope_of

MANAGE = {Action.RECRUITMENT_VIEW, Action.RECRUITMENT_MANAGE}


@pytest.mark.parametrize("post", [Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION_MEMBER, Post.CLERK,
                                  Post.COMMITTEE_ADMIN])
def test_the_posts_that_do_recruitment_work_record_the_branch_steps(post):
    assert MANAGE.issubset(ROLE_ACTIONS[post])


@pytest.mark.parametrize("post", [Post.PUBLICITY_MEMBER, Post.DISCIPLINE_MEMBER])
def test_the_other_committee_members_only_read_the_files(post):
    assert Action.RECRUITMENT_VIEW in ROLE_ACTIONS[post] and Action.RECRUITMENT_MANAGE not in ROLE_ACTIONS[post]


@pytest.mark.parametrize("post", [Post.PRINCIPAL, Post.GROUP_LEADER])
def test_the_principal_and_the_group_leader_do_not_see_the_files(post):
    assert not {a for a in ROLE_ACTIONS[post] if a.startswith("recruitment.")}


def test_only_the_higher_committee_sets_stricter_limits():
    holders = {post for post, actions in ROLE_ACTIONS.items() if Action.RECRUITMENT_CONFIGURE in actions}
    assert holders == {Post.COMMITTEE_ADMIN}


@pytest.mark.django_db
def test_the_county_approves_for_its_schools_and_branch_a_only_manages_itself(world):
    county, secretary = scope_of(world.county_admin), scope_of(world.secretary_a)
    assert county.allows(Action.RECRUITMENT_APPROVE, world.branch_a.path)
    assert not county.allows(Action.RECRUITMENT_APPROVE, world.branch_c1.path)
    assert secretary.allows(Action.RECRUITMENT_MANAGE, world.branch_a.path)
    assert not secretary.allows(Action.RECRUITMENT_MANAGE, world.branch_b.path)
    assert not scope_of(world.member_a).allows(Action.RECRUITMENT_VIEW)
