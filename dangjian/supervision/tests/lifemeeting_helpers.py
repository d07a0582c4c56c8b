"""What the 组织生活会 tests share: a frozen day (2026-11-23), branch A's 组织生活会 opened by its
secretary and taken through its preparation step by step — the studies, the opinions and their
summary, a talk for every participant, every participant's material approved — and a short way
to catch a refusal."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from dangjian.core.errors import RuleViolation
from dangjian.supervision.selectors.lifemeeting import participants
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_materials as materials
from dangjian.supervision.services import lifemeeting_meeting as meeting

TODAY = datetime.date(2026, 11, 23)
PLANNED = datetime.date(2026, 11, 20)
PREP_DAY = datetime.date(2026, 11, 10)
d = datetime.date.fromisoformat


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return TODAY


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


def open_branch_a(world, **kwargs):
    return prep.open_process(world.branch_a, kind="life_meeting", topic=kwargs.pop("topic", "2026年度组织生活会"),
                             planned_on=kwargs.pop("planned_on", PLANNED), acting_user=world.secretary_a, today=TODAY,
                             **kwargs)


def people(life):
    return [e.member for e in participants(life)]


def study(world, life, day=PREP_DAY):
    return prep.record_study(life, held_on=day, form="collective", topic="学习党章和《中国共产党纪律处分条例》",
                             participants=10, acting_user=world.secretary_a, today=TODAY)


def opinions(world, life, day=PREP_DAY):
    prep.record_opinion(life, collected_on=day, channel="forum", source="staff",
                        content="支部活动形式较单一，联系青年教师不够", acting_user=world.secretary_a, today=TODAY)
    return prep.summarize_opinions(life, summary="共征求意见 1 条：活动形式单一、联系青年教师不够。", acting_user=world.secretary_a,
                                   today=TODAY)


def talks(world, life, day=PREP_DAY):
    """Pairs covering every participant (the secretary with the first, then in twos), all held."""
    everyone = people(life)
    pairs = list(zip(everyone[0::2], everyone[1::2], strict=False))
    if len(everyone) % 2:
        pairs.append((everyone[0], everyone[-1]))
    for talker, talkee in pairs:
        pair = prep.plan_talk(life, talker=talker.pk, talkee=talkee.pk, acting_user=world.secretary_a)
        prep.record_talk(pair, held_on=day, summary="交流思想，相互提醒", acting_user=world.secretary_a, today=TODAY)


def problem_rows(name: str) -> list[dict]:
    return [{"problem": f"{name}：理论学习不够系统", "measures": "制定个人学习计划，每月精读一本理论书籍", "deadline": "2027-03-31"}]


def write(world, life, member, *, by=None):
    who = member.name if member is not None else "班子"
    return materials.write_material(life, member=member.pk if member is not None else None,
                                    causes="党性修养有所放松", commitments="带头学习、带头整改",
                                    problems=problem_rows(who), acting_user=by or world.secretary_a)


def approve_all(world, life):
    """Every participant's material written, submitted and approved: the secretary's own by the
    county (the higher committee), the others by the secretary."""
    for member in people(life):
        material = materials.submit_material(write(world, life, member), acting_user=world.secretary_a, today=TODAY)
        reviewer = world.county_admin if member.pk == world.m_secretary_a.pk else world.secretary_a
        materials.approve_material(material, acting_user=reviewer, today=TODAY)


def prepared(world, **kwargs):
    life = open_branch_a(world, **kwargs)
    study(world, life)
    opinions(world, life)
    talks(world, life)
    approve_all(world, life)
    return life


def held(world, *, held_on=PLANNED, **kwargs):
    life = prepared(world)
    return meeting.hold(life, held_on=held_on, place="党员活动室", acting_user=world.secretary_a, today=TODAY, **kwargs)


def criticise_all(world, life):
    for attendance in life.meeting.attendance.filter(present=True):
        meeting.record_criticism(life, subject=attendance.member_id, self_criticism="理论学习不够深入，带头作用发挥不够",
                                 response="虚心接受，认真整改", acting_user=world.secretary_a)
