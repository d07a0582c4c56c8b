"""Branch A's 支委会 of six on fixed dates, with the clock frozen on 2026-11-23.

The world (dangjian.testing.build_world) gives branch A a secretary (张伟) and an
organization committee member (陈静) from 2024-09-01, and a principal (周校长) who is not on the
committee. `committee` adds four more committee members, so that the boundaries can be met
exactly: 3 of 6 is half (not quorate), 4 of 6 is two thirds (quorate for personnel matters)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Post
from dangjian.decisions import services
from dangjian.decisions.rules import State
from dangjian.decisions.services import record_meeting, record_votes
from dangjian.members.models import Member
from dangjian.orgs.models import Position

TODAY = datetime.date(2026, 11, 23)
d = datetime.date.fromisoformat


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return TODAY


@pytest.fixture
def committee(world, frozen):
    """The six seats of branch A's 支委会, by name."""
    extra = [("马强", Post.DEPUTY_SECRETARY), ("胡敏", Post.PUBLICITY_MEMBER), ("郭涛", Post.DISCIPLINE_MEMBER),
             ("何静", Post.ORGANIZATION_MEMBER)]
    for name, post in extra:
        Position.objects.create(org=world.branch_a, post=post, person_name=name,
                                member=Member.objects.get(org=world.branch_a, name=name), started_on=d("2024-09-01"))
    seats = {p.person_name: p for p in Position.objects.filter(org=world.branch_a).exclude(post=Post.PRINCIPAL)}
    assert len(seats) == 6
    return seats


def communicated(world, *, title="操场塑胶跑道改造", category="construction", amount="380000", raised="2026-09-01",
                 user=None):
    """A matter proposed by the principal, studied by the 校长办公会 and talked over."""
    matter = services.create_matter(world.branch_a, title=title, category=category, amount=amount,
                                    raised_on=d(raised), acting_user=user or world.principal_a)
    services.transition(matter, State.PROPOSED, occurred_on=d(raised) + datetime.timedelta(days=3),
                        facts={"meeting_note": "校长办公会第12次会议研究，同意提交支委会"}, acting_user=world.principal_a)
    return services.transition(matter, State.COMMUNICATED, occurred_on=d(raised) + datetime.timedelta(days=5),
                               facts={"communication": "书记与校长当面沟通，意见一致", "consultation": "已与相关委员个别酝酿"},
                               acting_user=world.secretary_a)


def meeting_with(world, seats, present_names, matters, held="2026-10-10", **kwargs):
    present = [seats[n].pk for n in present_names]
    return record_meeting(world.branch_a, held_on=d(held), host_name="张伟", recorder_name="陈静", present=present,
                          observers=[{"name": "周校长", "role": "校长（非支委，列席）"}], matters=matters,
                          acting_user=world.secretary_a, **kwargs)


@pytest.fixture
def executing(world, committee):
    """A matter passed by five of the six and being executed by 总务处 until 2026-12-31."""
    matter = communicated(world)
    meeting = meeting_with(world, committee, ["张伟", "陈静", "马强", "胡敏", "郭涛"], [matter])
    record_votes(meeting, [{"matter": matter.pk, "verdict": "passed", "for": 5}], acting_user=world.secretary_a)
    services.transition(matter, State.EXECUTING, occurred_on=d("2026-10-12"), acting_user=world.principal_a,
                        facts={"owner": "李总务", "unit": "总务处", "deadline": "2026-12-31"})
    return matter


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value
