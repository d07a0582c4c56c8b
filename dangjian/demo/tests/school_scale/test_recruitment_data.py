"""The demo's 发展党员 files: made through the recruitment services, so every file is where its
own steps say it is; the members admitted in the last five years have their files, which agree
with their records; the personas' school has files and seed 000's plan; late steps carry their
reasons."""

import pytest
from django.utils import timezone

from dangjian.core.models import AuditEntry
from dangjian.members.models import MemberStatus
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.recruitment import progress
from dangjian.recruitment.models import DevelopmentPlan, FileState, RecruitmentFile, StepRecord

pytestmark = pytest.mark.django_db


def _steps(file):
    return sorted(file.steps.all(), key=lambda r: (r.occurred_on, r.pk))


def test_every_file_is_where_its_own_steps_say():
    files = list(RecruitmentFile.objects.prefetch_related("steps"))
    school = Position.objects.get(user__username="secretary_a").org
    assert any(f.org_id == school.pk for f in files)
    for file in files:
        steps = _steps(file)
        assert steps[0].code == "01" and steps[0].occurred_on == file.applied_on
        assert [s.occurred_on for s in steps] == sorted(s.occurred_on for s in steps)
        if file.state == FileState.OPEN:
            assert file.next_code == progress.next_code(steps)
        assert "*" in file.id_number_masked
    for record in StepRecord.objects.exclude(breaches=[]):
        assert record.reason


def test_files_stand_in_every_stage_and_some_are_finished():
    stages = set(RecruitmentFile.objects.filter(state=FileState.OPEN).values_list("stage", flat=True))
    assert {"application", "activist", "probation"} <= stages
    assert RecruitmentFile.objects.filter(state=FileState.DONE, last_code="25").exists()


def test_the_files_of_admitted_members_agree_with_their_records():
    linked = list(RecruitmentFile.objects.filter(member__isnull=False).select_related("member")
                  .prefetch_related("steps"))
    assert linked
    for file in linked:
        steps = _steps(file)
        assert progress.date_of(steps, "15") == file.member.joined_on
        if progress.date_of(steps, "24"):
            assert file.member.status == MemberStatus.FULL
            assert progress.add_months(file.member.joined_on, 12) <= file.member.confirmed_on
            assert file.member.confirmed_on <= progress.date_of(steps, "24")
        if file.member.status == MemberStatus.PROBATIONARY:
            assert file.state == FileState.OPEN and file.stage == "probation"
    # and nobody else was admitted: the applicants' files stop before the approval
    assert not RecruitmentFile.objects.filter(member__isnull=True, steps__code="17").exists()


def test_the_personas_school_plans_ten_as_seed_000_says():
    school = Position.objects.get(user__username="secretary_a").org
    plans = DevelopmentPlan.objects.filter(org__path__in=[school.path[:i] for i in range(4, len(school.path) + 1, 4)],
                                           admitted=10).order_by("-org__depth")
    # the deepest: the county's plan covers its schools' and may be ten as well
    assert plans.exists() and "发展党员10名" in plans.first().basis


def test_a_county_plans_at_least_what_its_schools_plan_this_year():
    year = timezone.localdate().year
    counties = list(PartyOrg.objects.filter(recruitment_plans__year=year, kind=OrgKind.EDUCATION_COMMITTEE).distinct())
    assert counties  # the personas' county plans this year
    for county in counties:
        own = DevelopmentPlan.objects.get(org=county, year=year).admitted
        below = DevelopmentPlan.objects.filter(org__path__startswith=county.path, year=year).exclude(org=county)
        assert below.exists() and own >= sum(plan.admitted for plan in below), county.name


def test_the_seed_reports_the_files_it_made_and_refused_none():
    counts = AuditEntry.objects.get(action="demo.seed").changes["recruitment"]
    assert counts["files"] == RecruitmentFile.objects.count() and counts["refused"] == 0
    assert counts["member_files"] == RecruitmentFile.objects.filter(member__isnull=False).count()
