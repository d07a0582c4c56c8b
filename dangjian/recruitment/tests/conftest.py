"""A recruitment file walked through its steps on fixed dates, with the clock frozen on
2026-11-23 (every date below is in the past, as real records are)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dangjian.core.errors import RuleViolation
from dangjian.recruitment.services import open_file, record_step
from dangjian.testing import make_id_number

TODAY = datetime.date(2026, 11, 23)
d = datetime.date.fromisoformat


def vote(should=9, attended=8, written=0, yes=8, no=0, abstain=0):
    return {"should_attend": should, "attended": attended, "written": written, "yes": yes, "no": no,
            "abstain": abstain}


def happy_path(world):
    """The steps of 赵明's file in branch A, each on a date that keeps every rule."""
    mentors = [world.m_org_member_a.pk, world.m_secretary_a.pk]
    return [
        ("02", "2023-03-20", {"talker": "陈静"}),
        ("03", "2023-09-01", {"recommendation": "members", "decided_by": "committee_meeting"}),
        ("04", "2023-09-10", {}),
        ("05", "2023-09-10", {"mentors": mentors}),
        ("06", "2024-03-01", {"kind": "assessment"}),
        ("06", "2024-08-30", {"kind": "assessment"}),
        ("07", "2024-09-01", {"opinions": True, "decided_by": "committee_meeting"}),
        ("08", "2024-09-10", {}),
        ("09", "2024-09-15", {"sponsors": mentors}),
        ("10", "2024-10-10", {"conclusion": "pass"}),
        ("11", "2024-10-20", {"training_days": 3}),
        ("12", "2024-11-20", {"publicity_start": "2024-11-11", "publicity_end": "2024-11-15"}),
        ("13", "2024-12-01", {}),
        ("14", "2024-12-10", {}),
        ("15", "2024-12-20", {"vote": vote()}),
        ("16", "2025-01-10", {"talker": "李红梅"}),
        ("17", "2025-02-20", {"approved": True, "publicity_start": "2025-01-13", "publicity_end": "2025-01-17"}),
        ("18", "2025-03-01", {}),
        ("19", "2025-03-01", {}),
        ("20", "2025-03-05", {}),
        ("21", "2025-03-10", {"kind": "report"}),
        ("22", "2025-12-01", {}),
        ("23", "2025-12-22", {"outcome": "confirm", "vote": vote()}),
        ("24", "2026-01-20", {"publicity_start": "2026-01-05", "publicity_end": "2026-01-09"}),
        ("25", "2026-01-25", {}),
    ]


APPLIED = d("2023-03-01")
BIRTH = datetime.date(2000, 5, 4)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    return TODAY


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), tzinfo=ZoneInfo("Asia/Shanghai")),
                               tick=False)


@pytest.fixture
def applicant(world, frozen):
    """赵明 (born 2000-05-04) applies to branch A on 2023-03-01."""
    return open_file(org=world.branch_a, name="赵明", id_number=make_id_number(BIRTH, 700), applied_on=APPLIED,
                     unit="东城区第一中学 数学教师")


def walk(world, file, *, until: str, reason=None, skip_last=False):
    """Record the happy path's steps of `file` up to step `until` (included unless skip_last)."""
    for code, day, facts in happy_path(world):
        last = code == until
        if last and skip_last:
            return file
        record_step(file, code, {**facts, "occurred_on": day}, reason=reason)
        if last and (code != "06" or day == "2024-08-30"):
            return file
    return file


def step_on(file, code, day, facts=None, **kwargs):
    return record_step(file, code, {**(facts or {}), "occurred_on": day}, **kwargs)


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value
