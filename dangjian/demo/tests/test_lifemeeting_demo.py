"""The 组织生活会 demo keeps the rules it demonstrates: at school scale through the services (every
branch's last year's meeting from its preparation to the 情况报告, its problems on the 整改台账 and
mostly closed), and the bulk path used beyond the first branches writes the same story — its
processes pass the same preparation checklist."""

import datetime
import random

import pytest

from dangjian.core.models import AuditEntry
from dangjian.demo.lifemeetings import CAUSES, PROBLEMS, LifeCounts
from dangjian.demo.lifemeetings_bulk import Plan, write_bulk
from dangjian.demo.tests.seeding import seed
from dangjian.orglife.models import Meeting
from dangjian.supervision.models import LifeMeeting, RectificationItem, ReviewMaterial
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import participant_ids, readiness, rules_for

pytestmark = pytest.mark.django_db


def assert_whole_process(life: LifeMeeting) -> None:
    """Held, every participant's material approved, every problem on the 整改台账, a self-criticism for
    everyone present, the report's due day from the rule in force on the meeting's day."""
    assert life.meeting.kind == "life_meeting" and life.held_on == life.meeting.held_on
    approved = set(ReviewMaterial.objects.filter(life=life, state="approved").values_list("member_id", flat=True))
    assert approved == participant_ids(life)
    assert not ReviewMaterial.objects.filter(life=life, problems__rectification_item__isnull=True).exists()
    present = set(life.meeting.attendance.filter(present=True).values_list("member_id", flat=True))
    assert set(life.criticisms.filter(kind="self").values_list("subject_id", flat=True)) == present
    rules = rules_for(life.org, life.kind, life.held_on)
    assert life.report_due == R.report_due(life.held_on, rules.report_days)
    assert bool(life.observer_name) == rules.observer_required


def test_last_years_life_meeting_of_every_branch_goes_from_preparation_to_the_report():
    seed("school")
    today = datetime.date.today()
    last = today.year - 1
    records = Meeting.objects.filter(kind="life_meeting", held_on__year=last)
    lives = list(LifeMeeting.objects.filter(year=last).select_related("meeting", "org"))
    assert len(lives) == records.count() > 0
    for life in lives:
        assert life.stage == R.Stage.REPORTED
        assert_whole_process(life)
    # the first county's notice: 7 days and 列席指导, named on every process it governs
    assert all(life.report_days == 7 and "教党〔" in life.report_source for life in lives)
    items = RectificationItem.objects.filter(life_problem__material__life__year=last)
    assert items.exists() and items.filter(state="closed").count() >= 0.8 * items.count()
    # the demo secretaries' branches went through the services: their steps are in the audit log
    assert AuditEntry.objects.filter(action="lifemeeting.material_approve").exists()
    assert AuditEntry.objects.filter(action="rectification.approve").exists()


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
    assert_whole_process(held)
    preparing = LifeMeeting.objects.get(org=world.branch_b)
    assert (preparing.stage, preparing.meeting) == (R.Stage.PREPARING, None)
    assert (counts.processes, counts.held, counts.preparing) == (2, 1, 1)
