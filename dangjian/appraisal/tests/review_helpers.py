"""Shared steps of the 民主评议党员 tests. Branch A of the test world has ten members on
2026-12-01: nine full members (张伟 the secretary, 陈静 the organization committee member,
杨帆, 孙丽, 马强, 胡敏, 郭涛, 何静, 高峰) and one 预备党员 (林晓, admitted 2026-06-01) — so the
national one third allows three 优秀. Time is frozen by each test (`on(...)`)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster
from dangjian.appraisal.services import review as S
from dangjian.appraisal.services import review_grades as G
from dangjian.appraisal.services import review_poll as P
from dangjian.core.errors import RuleViolation
from dangjian.members.models import Member

YEAR = 2026
AS_OF = "2026-12-01"
d = datetime.date.fromisoformat


def on(time_machine, day: str) -> datetime.date:
    time_machine.move_to(datetime.datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=ZoneInfo("Asia/Shanghai")),
                         tick=False)
    return d(day)


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


def member(world, name: str) -> Member:
    return Member.objects.get(name=name)


def branch_a_round(world, *, as_of: str = AS_OF, user=None):
    return S.create_round(world.branch_a, year=YEAR, as_of=as_of, acting_user=user or world.secretary_a)


def to_poll(world, round_, *, mode=R.PollMode.ENTERED, user=None, day: str = "2026-12-02"):
    user = user or world.secretary_a
    for step in (R.Step.SELF_REVIEW, R.Step.PEER_REVIEW):
        round_ = S.transition(round_, step, occurred_on=day, acting_user=user)
    return S.transition(round_, R.Step.POLL, occurred_on=day, facts={"poll_mode": mode}, acting_user=user)


def qualified_counts(world, round_, present: int = 10):
    """Every member of the roster gets `present - 1` votes for 合格 (nobody votes on themselves)."""
    rows = [{"member_id": e.member.pk, "qualified": present - 1} for e in roster(round_)]
    return P.record_counts(round_, present=present, rows=rows, acting_user=world.secretary_a)


def to_decision(world, *, day: str = "2026-12-03"):
    round_ = to_poll(world, branch_a_round(world))
    qualified_counts(world, round_)
    return S.transition(round_, R.Step.DECISION, occurred_on=day, acting_user=world.secretary_a)


def grade_all(world, round_, overrides: dict[str, str] | None = None):
    """Grade everyone 合格 (the 预备党员 too), with `overrides` by name."""
    overrides = overrides or {}
    rows = [{"member_id": e.member.pk, "grade": overrides.get(e.member.name, R.Grade.QUALIFIED)}
            for e in roster(round_)]
    return G.record_grades(round_, rows, acting_user=world.secretary_a)


def reported(world, overrides: dict[str, str] | None = None, *, day: str = "2026-12-05"):
    round_ = to_decision(world)
    grade_all(world, round_, overrides)
    return S.transition(round_, R.Step.REPORTED, occurred_on=day,
                        facts={"decided_by": R.Body.COMMITTEE, "decided_on": "2026-12-04"}, acting_user=world.secretary_a)
