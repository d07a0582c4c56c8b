"""组织关系转接 in the browser's pages: the sender starts a transfer to any organization of the
system (found by code or name), both sides see it pending, the receiver accepts or rejects with
a reason, the sender may cancel; POST only, through transfers.py; the daily job expires old
letters and tells both sides."""

import datetime

import pytest
from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.members import tasks
from dangjian.members.models import EventKind, Member, Transfer, TransferState
from dangjian.members.services import transfers
from dangjian.testing import login

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def start(world, member=None, to_org=None, requested_on=TODAY):
    return transfers.start_transfer(member or world.m_member_a, to_org=to_org or world.branch_b,
                                    letter_number="东一中组〔2026〕5号", requested_on=requested_on,
                                    acting_user=world.secretary_a)


def test_the_secretary_starts_a_transfer_to_a_school_outside_her_scope_by_code(client, world):
    login(client, world.secretary_a)
    url = reverse("members:transfer_start", args=[world.m_member_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"to_org_code": "c01b-001-1", "letter_number": "东一中组〔2026〕5号",
                                 "requested_on": TODAY.isoformat(), "reason": "工作调动"})
    assert response.status_code == 302 and response["Location"] == reverse("members:transfers")
    transfer = Transfer.objects.get()
    assert (transfer.to_org, transfer.state) == (world.branch_c1, TransferState.PENDING)


def test_an_unknown_code_a_party_group_or_the_same_branch_is_refused_next_to_the_code(client, world):
    login(client, world.secretary_a)
    url = reverse("members:transfer_start", args=[world.m_member_a.pk])
    data = {"letter_number": "5号", "requested_on": TODAY.isoformat()}
    assert "没有代码" in client.post(url, {**data, "to_org_code": "NOPE"}).context["form"].errors["to_org_code"][0]
    assert "没有代码" in client.post(url, {**data, "to_org_code": "C01A-001-1"}).context["form"].errors["to_org_code"][0]
    same = client.post(url, {**data, "to_org_code": "C01A-001"})
    assert "相同" in same.context["form"].errors["to_org_code"][0]
    assert not Transfer.objects.exists()


def test_starting_a_transfer_needs_the_edit_permission_on_the_member(client, world):
    login(client, world.secretary_b)
    assert client.get(reverse("members:transfer_start", args=[world.m_member_a.pk])).status_code == 404
    login(client, world.member_a)
    assert client.get(reverse("members:transfer_start", args=[world.m_member_a.pk])).status_code == 403


def test_the_lookup_finds_any_active_member_organization_by_code_or_name_at_most_twenty(client, world):
    login(client, world.secretary_a)
    url = reverse("members:org_lookup")
    html = client.get(url, {"q": "第二中学"}).content.decode()
    assert "西城区第二中学党委" in html and "C01B-001-1" in html
    assert "第一党小组" not in client.get(url, {"q": "党小组"}).content.decode()
    assert client.get(url, {"q": "c01a"}).context["orgs"][0]["code"] == "C01A-001"
    assert client.get(url, {"q": ""}).context["orgs"] == []
    assert set(client.get(url, {"q": "C01"}).context["orgs"][0]) == {"name", "code"}


def test_the_lookup_is_forbidden_to_users_who_cannot_start_a_transfer(client, world):
    for persona in ("member_a", "principal_a"):
        login(client, world.personas[persona])
        assert client.get(reverse("members:org_lookup"), {"q": "C01"}).status_code == 403


def test_both_sides_see_the_pending_transfer(client, world):
    start(world)
    login(client, world.secretary_a)
    response = client.get(reverse("members:transfers"))
    assert [t.member.name for t in response.context["outgoing"]] == ["杨帆"] and response.context["incoming"] == []
    login(client, world.secretary_b)
    response = client.get(reverse("members:transfers"))
    assert [t.member.name for t in response.context["incoming"]] == ["杨帆"]
    assert response.context["incoming"][0].can_decide and not response.context["incoming"][0].member_visible
    assert world.m_member_a.get_id_number() not in response.content.decode()


def test_a_school_on_neither_side_does_not_see_it(client, world):
    transfer = start(world)
    login(client, world.county_b_admin)
    response = client.get(reverse("members:transfers"))
    assert response.context["incoming"] == [] and response.context["outgoing"] == []
    assert client.post(reverse("members:transfer_accept", args=[transfer.pk]),
                       {"decided_on": TODAY.isoformat()}).status_code == 404


def test_the_receiver_accepts_and_the_member_moves_with_both_timelines(client, world):
    transfer = start(world)
    login(client, world.secretary_b)
    response = client.post(reverse("members:transfer_accept", args=[transfer.pk]), {"decided_on": TODAY.isoformat()})
    assert response.status_code == 302
    member = Member.objects.get(pk=world.m_member_a.pk)
    assert member.org == world.branch_b
    assert [e.kind for e in member.events.all()][-2:] == [EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN]
    history = client.get(reverse("members:transfers")).context["page_obj"].object_list
    assert [t.state for t in history] == [TransferState.ACCEPTED]


def test_the_sender_may_not_accept_its_own_letter(client, world):
    transfer = start(world)
    login(client, world.secretary_a)
    assert client.post(reverse("members:transfer_accept", args=[transfer.pk]),
                       {"decided_on": TODAY.isoformat()}).status_code == 403


def test_rejecting_needs_a_reason_and_cancelling_is_the_senders(client, world):
    transfer = start(world)
    login(client, world.secretary_b)
    url = reverse("members:transfer_reject", args=[transfer.pk])
    response = client.post(url, {"reason": " "}, follow=True)
    assert "退回须写明原因" in response.content.decode()
    client.post(url, {"reason": "本校无此岗位"})
    assert Transfer.objects.get().state == TransferState.REJECTED
    second = start(world)
    assert client.post(reverse("members:transfer_cancel", args=[second.pk])).status_code == 403
    login(client, world.secretary_a)
    client.post(reverse("members:transfer_cancel", args=[second.pk]))
    assert Transfer.objects.get(pk=second.pk).state == TransferState.CANCELLED


def test_a_decision_on_a_closed_transfer_is_a_message_not_an_error(client, world):
    transfer = start(world)
    transfers.cancel_transfer(transfer, acting_user=world.secretary_a)
    login(client, world.secretary_b)
    response = client.post(reverse("members:transfer_accept", args=[transfer.pk]),
                           {"decided_on": TODAY.isoformat()}, follow=True)
    assert "不能再办理" in response.content.decode()
    response = client.post(reverse("members:transfer_accept", args=[transfer.pk]), {"decided_on": "tomorrow"},
                           follow=True)
    assert "有效的接收日期" in response.content.decode()


def test_transfer_actions_are_post_only(client, world):
    transfer = start(world)
    login(client, world.secretary_b)
    for name in ("members:transfer_accept", "members:transfer_reject", "members:transfer_cancel"):
        assert client.get(reverse(name, args=[transfer.pk])).status_code == 405


def test_the_member_page_links_to_the_pending_transfer_instead_of_a_second_one(client, world):
    start(world)
    login(client, world.secretary_a)
    response = client.get(reverse("members:detail", args=[world.m_member_a.pk]))
    html = response.content.decode()
    assert "等待对方接收" in html and reverse("members:transfer_start", args=[world.m_member_a.pk]) not in html


def test_the_transfers_page_is_for_those_who_see_members(client, world):
    for persona, status in (("member_a", 403), ("principal_a", 403), ("org_member_a", 200)):
        login(client, world.personas[persona])
        assert client.get(reverse("members:transfers")).status_code == status


def test_the_daily_job_expires_old_letters_and_tells_both_secretaries(world):
    transfer = start(world, requested_on=TODAY - datetime.timedelta(days=120))
    assert tasks.expire_pending_transfers.call_local() == 1
    assert Transfer.objects.get(pk=transfer.pk).state == TransferState.EXPIRED
    told = set(Notification.objects.filter(key=f"transfer:{transfer.pk}:expired").values_list("user__username",
                                                                                               flat=True))
    assert {"secretary_a", "secretary_b"} <= told
    assert tasks.expire_pending_transfers.call_local() == 0
