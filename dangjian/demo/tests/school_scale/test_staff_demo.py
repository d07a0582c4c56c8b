"""The staff register at school scale: every school's register holds exactly its planned 教职工 and
专任教师 (the figures of seed 001's city, shared out), its party members in service are linked to
their entries, and the principal persona's account is linked to his entry with a principal's seat."""

import pytest

from dangjian.members.models import Job, Member
from dangjian.orgs.models import School
from dangjian.staff.models import LeadershipRole, LeadershipTerm, StaffMember
from dangjian.staff.selectors.register import counts_by_school

pytestmark = pytest.mark.django_db


def test_every_schools_register_adds_up_to_its_planned_staff_and_teachers():
    schools = list(School.objects.all())
    counts = counts_by_school([s.pk for s in schools])
    assert schools and all(counts[s.pk] == (s.staff_count, s.teacher_count) for s in schools)


def test_the_party_members_in_service_are_on_the_staff_linked_to_their_records():
    in_service = Member.objects.active().exclude(job=Job.RETIRED)
    linked = StaffMember.objects.filter(member__isnull=False)
    assert linked.count() == in_service.count()
    assert all(s.id_number_index == s.member.id_number_index for s in linked.select_related("member"))


def test_the_principal_persona_signs_as_his_own_entry_and_each_school_has_one_principal_and_secretary():
    principal = StaffMember.objects.get(user__username="principal_a")
    assert principal.leadership_terms.filter(role=LeadershipRole.PRINCIPAL, ended_on__isnull=True).exists()
    for school in School.objects.filter(party_org__isnull=False):
        seats = LeadershipTerm.objects.filter(staff__school=school, ended_on__isnull=True)
        assert seats.filter(role=LeadershipRole.PRINCIPAL).count() == 1
        assert seats.filter(role=LeadershipRole.SECRETARY).count() == 1
