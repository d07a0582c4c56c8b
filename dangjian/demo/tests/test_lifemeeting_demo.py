"""The 组织生活会 demo keeps the rules it demonstrates (rules_kept.assert_whole_life_meeting_process):
the bulk path used beyond the first branches writes the same story as the services — checked at
school scale in school_scale/test_lifemeeting_demo.py — and its processes pass the same
preparation checklist."""

import datetime
import random

from dangjian.demo.lifemeetings import CAUSES, PROBLEMS, LifeCounts
from dangjian.demo.lifemeetings_bulk import Plan, write_bulk
from dangjian.demo.tests.rules_kept import assert_whole_life_meeting_process
from dangjian.supervision.models import LifeMeeting
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import readiness


def test_the_bulk_path_tells_the_same_story_with_the_same_rules(world):
    from dangjian.orglife.services import record_meeting

    held_on = datetime.date(2025, 12, 15)
    record = record_meeting(world.branch_a, kind="life_meeting", held_on=held_on, place="党员活动室",
                            topic="2025年度组织生活会", today=held_on)
    counts = LifeCounts()
    write_bulk([Plan(world.branch_a, 2025, record, "2025年度组织生活会"), Plan(world.branch_b, 2026, None, "2026年度组织生活会")],
               datetime.date(2026, 11, 23), random.Random(1), problems=PROBLEMS, causes=CAUSES, late_share=0.1,
               closed_share=0.95, counts=counts)
    held = LifeMeeting.objects.get(org=world.branch_a)
    assert all(check.done for check in readiness(held, held_on)), [c.detail for c in readiness(held, held_on)]
    assert_whole_life_meeting_process(held)
    preparing = LifeMeeting.objects.get(org=world.branch_b)
    assert (preparing.stage, preparing.meeting) == (R.Stage.PREPARING, None)
    assert (counts.processes, counts.held, counts.preparing) == (2, 1, 1)
