"""The school scale keeps a quiet history for the personas: everyone on the roll with one open
membership, no transfers, member_a's record as a school system shows it. (The county scale's
five years of history: ../county_scale/test_member_data.py.)"""

import pytest

from dangjian.members.models import EventKind, Member, Membership, Transfer

pytestmark = pytest.mark.django_db


def test_the_school_scale_keeps_a_quiet_history_for_the_personas():
    for member in Member.objects.all():
        assert member.is_active
        assert Membership.objects.get(member=member, ended_on__isnull=True).org_id == member.org_id
    assert not Transfer.objects.exists()
    member_a = Member.objects.get(user__username="member_a")
    assert [e.kind for e in member_a.events.all()] in ([EventKind.RECORD_CREATED],
                                                       [EventKind.ADMITTED, EventKind.CONFIRMED])
    assert member_a.phone_masked and not member_a.lost_contact and not member_a.is_mobile
