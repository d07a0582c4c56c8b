"""The demo's 发展党员 files: made through the recruitment services, so every file is where its
own steps say it is, the personas' school has some, and late steps carry their reasons."""

import pytest
from django.core.management import call_command

from dangjian.orgs.models import Position
from dangjian.recruitment import progress
from dangjian.recruitment.models import FileState, RecruitmentFile, StepRecord

pytestmark = pytest.mark.django_db


class _Sink:
    def write(self, *_):
        pass

    def flush(self):
        pass


def test_the_school_demo_has_files_that_keep_the_rules():
    call_command("seed_demo", scale="school", stdout=_Sink())
    files = list(RecruitmentFile.objects.prefetch_related("steps"))
    assert len(files) == 8
    school = Position.objects.get(user__username="secretary_a").org
    assert any(f.org_id == school.pk for f in files)
    assert len({f.stage for f in files}) >= 2
    for file in files:
        steps = sorted(file.steps.all(), key=lambda r: (r.occurred_on, r.pk))
        assert steps[0].code == "01" and steps[0].occurred_on == file.applied_on
        assert [s.occurred_on for s in steps] == sorted(s.occurred_on for s in steps)
        if file.state == FileState.OPEN:
            assert file.next_code == progress.next_code(steps)
        assert "*" in file.id_number_masked and file.member_id is None
    for record in StepRecord.objects.exclude(breaches=[]):
        assert record.reason


def test_the_seed_reports_the_files_it_made():
    call_command("seed_demo", scale="school", stdout=_Sink())
    from dangjian.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="demo.seed")
    assert entry.changes["recruitment"]["files"] == RecruitmentFile.objects.count() == 8
