"""New records: 新建党员档案 and 接收系统外转入 go through create_member / receive_from_outside;
the organization is chosen among those the user may edit, and a refusal (bad ID, duplicate,
missing letter, under-age admission) is shown next to its field with nothing saved."""

import datetime

import pytest
from django.urls import reverse

from dangjian.members.models import EventKind, Member, MemberStatus
from dangjian.testing import login, make_id_number

pytestmark = pytest.mark.django_db

NEW_ID = make_id_number(datetime.date(1990, 4, 12), 901)


def record(world, **overrides):
    data = {"org": world.branch_a.pk, "name": "周新", "id_number": NEW_ID, "ethnicity": "汉族", "job": "teacher",
            "status": "full", "joined_on": "2015-07-01", "confirmed_on": "2016-07-01", "phone": "13800138000",
            "group": world.group_a1.pk}
    data.update(overrides)
    return data


def test_the_secretary_files_a_new_member_in_her_branch(client, world):
    login(client, world.secretary_a)
    form = client.get(reverse("members:create")).context["form"]
    assert list(form.fields["org"].queryset) == [world.branch_a]
    assert form.initial["org"] == world.branch_a.pk  # the organization she works as
    response = client.post(reverse("members:create"), record(world))
    member = Member.objects.get(name="周新")
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[member.pk])
    assert (member.gender, member.birth_date, member.group) == ("male", datetime.date(1990, 4, 12), world.group_a1)
    assert member.events.get().kind == EventKind.RECORD_CREATED


def test_a_wrong_checksum_or_a_duplicate_id_is_shown_next_to_the_id(client, world):
    login(client, world.secretary_a)
    bad = client.post(reverse("members:create"), record(world, id_number=NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")))
    assert "校验码不正确" in bad.context["form"].errors["id_number"][0]
    duplicate = client.post(reverse("members:create"), record(world, id_number=world.m_member_a.get_id_number()))
    message = duplicate.context["form"].errors["id_number"][0]
    assert "已有党员档案" in message and "依据" in message
    assert not Member.objects.filter(name="周新").exists()


def test_an_admission_before_eighteen_is_refused_with_the_constitution(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("members:create"), record(world, joined_on="2005-01-01", confirmed_on=""))
    assert "未满十八周岁" in response.context["form"].errors["joined_on"][0]


def test_a_probationary_member_needs_the_admission_date_and_no_confirmation(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("members:create"), record(world, status="probationary", joined_on=""))
    assert "入党日期" in response.context["form"].errors["joined_on"][0]
    client.post(reverse("members:create"), record(world, status="probationary", confirmed_on=""))
    assert Member.objects.get(name="周新").status == MemberStatus.PROBATIONARY


def test_an_organization_outside_the_scope_cannot_be_chosen(client, world):
    login(client, world.secretary_a)
    response = client.post(reverse("members:create"), record(world, org=world.branch_b.pk))
    assert "org" in response.context["form"].errors and not Member.objects.filter(name="周新").exists()


def test_a_group_of_another_branch_is_refused_by_the_service(client, world):
    login(client, world.county_admin)
    response = client.post(reverse("members:create"), record(world, org=world.branch_b.pk))
    assert "党小组须是所在支部下设的党小组" in response.context["form"].errors["group"][0]


@pytest.mark.parametrize("persona", ["member_a", "principal_a"])
def test_filing_needs_the_edit_permission(client, world, persona):
    login(client, world.personas[persona])
    assert client.get(reverse("members:create")).status_code == 403
    assert client.get(reverse("members:receive")).status_code == 403


def test_receiving_from_outside_records_the_letter_on_the_timeline(client, world):
    login(client, world.org_member_a)
    data = record(world, received_on="2026-09-01", other_org_name="外省某中学党支部", letter_number="组转字〔2026〕18号")
    response = client.post(reverse("members:receive"), data)
    assert response.status_code == 302
    event = Member.objects.get(name="周新").events.get()
    assert (event.kind, event.letter_number, event.other_org_name) == (
        EventKind.TRANSFER_IN, "组转字〔2026〕18号", "外省某中学党支部")


def test_receiving_without_the_letter_is_refused(client, world):
    login(client, world.org_member_a)
    response = client.post(reverse("members:receive"), record(world, received_on="2026-09-01"))
    assert response.status_code == 200
    assert {"other_org_name", "letter_number"} <= set(response.context["form"].errors)
