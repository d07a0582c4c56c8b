"""Who may see and who may manage organizational life (core.roles)."""

import pytest

from dangjian.core.roles import ROLE_ACTIONS, Action, Post
from dangjian.core.scoping import scope_of


@pytest.mark.parametrize("post", [Post.COMMITTEE_ADMIN, Post.SECRETARY, Post.DEPUTY_SECRETARY,
                                  Post.ORGANIZATION_MEMBER, Post.PUBLICITY_MEMBER, Post.CLERK])
def test_the_posts_that_convene_and_record_meetings_manage_them(post):
    assert {Action.ORGLIFE_VIEW, Action.ORGLIFE_MANAGE} <= ROLE_ACTIONS[post]


@pytest.mark.parametrize("post", [Post.DISCIPLINE_MEMBER, Post.GROUP_LEADER])
def test_the_discipline_member_and_group_leader_only_see_them(post):
    assert Action.ORGLIFE_VIEW in ROLE_ACTIONS[post] and Action.ORGLIFE_MANAGE not in ROLE_ACTIONS[post]


def test_the_principal_does_not_see_organizational_life():
    assert not {Action.ORGLIFE_VIEW, Action.ORGLIFE_MANAGE} & ROLE_ACTIONS[Post.PRINCIPAL]


@pytest.mark.django_db
def test_the_secretary_of_school_a_manages_school_a_only(world):
    scope = scope_of(world.secretary_a)
    assert scope.allows(Action.ORGLIFE_MANAGE, world.branch_a.path)
    assert not scope.allows(Action.ORGLIFE_MANAGE, world.branch_b.path)
    assert not scope_of(world.member_a).allows(Action.ORGLIFE_VIEW)
