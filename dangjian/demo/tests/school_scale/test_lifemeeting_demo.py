"""The 组织生活会 demo at school scale, written through the services: every branch's last year's
meeting from its preparation to the 情况报告, its problems on the 整改台账 and mostly closed. (The
bulk path used beyond the first branches: ../test_lifemeeting_demo.py.)"""

import datetime

import pytest

from dangjian.core.models import AuditEntry
from dangjian.demo.tests.rules_kept import assert_whole_life_meeting_process
from dangjian.orglife.models import Meeting
from dangjian.supervision.models import LifeMeeting, RectificationItem
from dangjian.supervision.rules import lifemeeting as R

pytestmark = pytest.mark.django_db


def test_last_years_life_meeting_of_every_branch_goes_from_preparation_to_the_report():
    today = datetime.date.today()
    last = today.year - 1
    records = Meeting.objects.filter(kind="life_meeting", held_on__year=last)
    lives = list(LifeMeeting.objects.filter(year=last).select_related("meeting", "org"))
    assert len(lives) == records.count() > 0
    for life in lives:
        assert life.stage == R.Stage.REPORTED
        assert_whole_life_meeting_process(life)
    # the first county's notice: 7 days and 列席指导, named on every process it governs
    assert all(life.report_days == 7 and "教党〔" in life.report_source for life in lives)
    items = RectificationItem.objects.filter(life_problem__material__life__year=last)
    assert items.exists() and items.filter(state="closed").count() >= 0.8 * items.count()
    # the demo secretaries' branches went through the services: their steps are in the audit log
    assert AuditEntry.objects.filter(action="lifemeeting.material_approve").exists()
    assert AuditEntry.objects.filter(action="rectification.approve").exists()
