"""我的党员信息: a member sees their own record with their full ID number and phone (audited as
本人查看) and their timeline, and asks for a phone correction; the organization committee member
approves or rejects it. A user without a member record gets a page that says so."""

import pytest
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.members.models import ContactCorrection, CorrectionState, Member
from dangjian.members.services import privacy
from dangjian.testing import login, make_user

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_own_full_numbers_and_timeline(client, world):
    member = world.m_member_a
    login(client, world.member_a)
    response = client.get(reverse("members:me"))
    html = response.content.decode()
    assert response.status_code == 200 and member.get_id_number() in html
    assert response["Cache-Control"] == "no-store"
    assert [e.get_kind_display() for e in response.context["events"]] == ["建立党员档案"]
    entry = AuditEntry.objects.filter(action="member.reveal").latest("id")
    assert entry.reason == "本人查看"


def test_a_user_without_a_member_record_is_told_so(client, world):
    login(client, world.principal_a)
    response = client.get(reverse("members:me"))
    assert response.status_code == 200 and "还没有关联党员档案" in response.content.decode()
    assert client.post(reverse("members:correction_request"), {"phone": "13900001111"}).status_code == 302


def test_a_member_asks_for_a_phone_correction_and_the_committee_member_approves(client, world):
    login(client, world.member_a)
    response = client.post(reverse("members:correction_request"), {"phone": "139 0000 1111", "note": "换号"})
    assert response.status_code == 302
    correction = ContactCorrection.objects.get()
    assert correction.new_value_masked == "139****1111"
    again = client.post(reverse("members:correction_request"), {"phone": "13900002222"})
    assert "待审核" in again.context["form"].errors["phone"][0]

    login(client, world.org_member_a)
    listing = client.get(reverse("members:corrections"))
    assert [c.member.name for c in listing.context["pending"]] == ["杨帆"]
    assert "13900001111" not in listing.content.decode()
    client.post(reverse("members:correction_decide", args=[correction.pk]), {"decision": "approve"})
    assert Member.objects.get(pk=world.m_member_a.pk).get_phone() == "13900001111"
    assert ContactCorrection.objects.get().state == CorrectionState.APPROVED


def test_a_bad_number_is_refused_next_to_the_field(client, world):
    login(client, world.member_a)
    response = client.post(reverse("members:correction_request"), {"phone": "12345"})
    assert "11 位数字" in response.context["form"].errors["phone"][0]
    assert not ContactCorrection.objects.exists()


def test_rejecting_a_correction_needs_a_reason(client, world):
    correction = privacy.request_contact_correction(world.m_member_a, phone="13900001111", acting_user=world.member_a)
    login(client, world.secretary_a)
    url = reverse("members:correction_decide", args=[correction.pk])
    response = client.post(url, {"decision": "reject"}, follow=True)
    assert "须写明理由" in response.content.decode()
    client.post(url, {"decision": "reject", "note": "号码与本人不符"})
    assert ContactCorrection.objects.get().state == CorrectionState.REJECTED
    login(client, world.member_a)
    assert "号码与本人不符" in client.get(reverse("members:me")).content.decode()


@pytest.mark.parametrize("persona,status", [("member_a", 403), ("principal_a", 403), ("secretary_b", 200)])
def test_the_corrections_list_is_for_editors_and_only_their_members(client, world, persona, status):
    privacy.request_contact_correction(world.m_member_a, phone="13900001111", acting_user=world.member_a)
    login(client, world.personas[persona])
    response = client.get(reverse("members:corrections"))
    assert response.status_code == status
    if status == 200:
        assert response.context["pending"] == []


def test_deciding_another_schools_correction_is_not_found(client, world):
    correction = privacy.request_contact_correction(world.m_member_a, phone="13900001111", acting_user=world.member_a)
    login(client, world.secretary_b)
    assert client.post(reverse("members:correction_decide", args=[correction.pk]),
                       {"decision": "approve"}).status_code == 404
    login(client, world.member_a)
    assert client.post(reverse("members:correction_decide", args=[correction.pk]),
                       {"decision": "approve"}).status_code == 404


def test_a_new_user_without_any_post_or_record(client, world):
    login(client, make_user("newcomer", "新同事"))
    assert client.get(reverse("members:list")).status_code == 403
    assert "还没有关联党员档案" in client.get(reverse("members:me")).content.decode()
