"""Switching an organization off (撤销) or back on (恢复) is the higher committee's act, with a
reason, audited — and no write, in the pages or the API, may leave its own author outside the
scope of what they changed (QUALITY.md 3 and 24; issue 12, item 3).

The attack this closes: 张伟, secretary of 东城区第一中学党支部, opened his own organization's
edit form, un-ticked 有效 and saved. His branch was switched off; he and his colleagues lost
their members, dues and API (their positions sit on an inactive organization), and only the
county could switch it back on."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.errors import RuleViolation
from dangjian.core.models import AuditEntry
from dangjian.core.roles import Post
from dangjian.orgs import services
from dangjian.orgs.models import PartyOrg, Position
from dangjian.testing import login

pytestmark = pytest.mark.django_db

OWN_BRANCH_FORM = {"name": "东城区第一中学党支部", "founded_on": "2001-07-01", "term_start": "2024-09-01",
                   "term_end": "2027-09-01"}


def client_of(user) -> Client:
    client = Client()
    login(client, user)
    return client


def edit_url(org) -> str:
    return reverse("orgs:edit", args=[org.pk])


def patch(client, org, body):
    return client.patch(f"/api/v1/orgs/{org.pk}", json.dumps(body), content_type="application/json")


def still_active(org) -> bool:
    return PartyOrg.objects.get(pk=org.pk).is_active


# --- the secretary and his own organization -------------------------------------------------

def test_the_secretary_s_form_for_his_own_branch_does_not_offer_to_switch_it_off(world):
    response = client_of(world.secretary_a).get(edit_url(world.branch_a))

    assert response.status_code == 200
    assert "is_active" not in response.context["form"].fields
    html = response.content.decode()
    assert 'name="is_active"' not in html
    assert "撤销或恢复本组织由上级党组织办理" in html and "第三十条" in html


def test_saving_his_own_branch_with_the_box_unticked_leaves_it_active_and_him_in_charge(world):
    """The exact request of the attack: the form posted without is_active (an unticked box)."""
    secretary = client_of(world.secretary_a)

    response = secretary.post(edit_url(world.branch_a), OWN_BRANCH_FORM | {"name": "东城区第一中学党支部（新）"})

    assert response.status_code == 302
    assert still_active(world.branch_a)
    assert PartyOrg.objects.get(pk=world.branch_a.pk).name == "东城区第一中学党支部（新）"
    assert not AuditEntry.objects.filter(action="org.deactivate").exists()
    assert secretary.get(reverse("members:list")).status_code == 200
    assert secretary.get(f"/api/v1/orgs/{world.branch_a.pk}").status_code == 200


def test_the_api_refuses_the_secretary_switching_off_his_own_branch_and_names_the_rule(world):
    response = patch(client_of(world.secretary_a), world.branch_a, {"is_active": False, "reason": "不想干了"})

    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == "higher_committee_only" and answer["field"] == "is_active"
    assert "上级党组织" in answer["message"] and "第三十条" in answer["rule"]
    assert still_active(world.branch_a)


def test_the_service_refuses_it_too_and_nothing_is_written(world):
    with pytest.raises(RuleViolation) as refused:
        services.update_org(world.branch_a, is_active=False, reason="撤并", name="改了名",
                            acting_user=world.secretary_a)

    assert refused.value.rule.code == "org_status_by_higher_committee"
    branch = PartyOrg.objects.get(pk=world.branch_a.pk)
    assert branch.is_active and branch.name == "东城区第一中学党支部"
    assert not AuditEntry.objects.filter(action__startswith="org.").exists()


def test_a_county_admin_cannot_switch_off_his_own_county_but_the_city_can(world):
    with pytest.raises(RuleViolation, match="须由其上级党组织办理"):
        services.update_org(world.county_a, is_active=False, reason="撤并", acting_user=world.county_admin)
    assert still_active(world.county_a)

    services.update_org(world.county_a, is_active=False, reason="区划调整，并入西城区", acting_user=world.city_admin)
    assert not still_active(world.county_a)


def test_a_secretary_may_dissolve_a_party_group_of_his_own_branch(world):
    """He is the higher committee of his branch's groups: his scope reaches their parent."""
    services.update_org(world.group_a2, is_active=False, reason="党小组合并", acting_user=world.secretary_a)

    assert not still_active(world.group_a2)
    assert AuditEntry.objects.get(action="org.deactivate").reason == "党小组合并"


def test_a_null_name_or_status_from_the_api_is_a_clean_answer_not_a_server_error(world):
    county = client_of(world.county_admin)

    nameless = patch(county, world.branch_a, {"name": None})
    assert nameless.status_code == 422 and nameless.json()["field"] == "name"
    assert patch(county, world.branch_a, {"is_active": None}).status_code == 200
    assert still_active(world.branch_a)


# --- the county and the school's organization ----------------------------------------------

def test_the_county_switches_a_school_branch_off_with_a_reason_and_it_is_audited(world):
    county = client_of(world.county_admin)
    form = county.get(edit_url(world.branch_a)).context["form"]
    assert {"is_active", "status_reason"} <= set(form.fields)

    response = county.post(edit_url(world.branch_a), OWN_BRANCH_FORM | {"status_reason": "学校撤并，党员已转出"})

    assert response.status_code == 302
    assert not still_active(world.branch_a)
    entry = AuditEntry.objects.get(action="org.deactivate")
    assert entry.actor == world.county_admin and entry.reason == "学校撤并，党员已转出"
    assert entry.changes["is_active"] == [True, False]
    # Now the school's own staff are out, as they should be, and the county still sees it.
    assert client_of(world.secretary_a).get(reverse("orgs:detail", args=[world.branch_a.pk])).status_code == 404
    assert county.get(reverse("orgs:detail", args=[world.branch_a.pk])).status_code == 200


def test_switching_off_without_a_reason_is_refused_next_to_the_reason(world):
    response = client_of(world.county_admin).post(edit_url(world.branch_a), OWN_BRANCH_FORM)

    assert response.status_code == 200
    assert response.context["form"].errors["status_reason"][0].startswith("撤销组织须填写原因")
    assert still_active(world.branch_a)


def test_the_county_restores_it_through_the_api_with_a_reason(world):
    services.update_org(world.branch_a, is_active=False, reason="误操作前的撤销", acting_user=world.county_admin)

    without_reason = patch(client_of(world.county_admin), world.branch_a, {"is_active": True})
    assert without_reason.status_code == 422 and without_reason.json()["field"] == "status_reason"

    response = patch(client_of(world.county_admin), world.branch_a, {"is_active": True, "reason": "撤销有误，予以恢复"})

    assert response.status_code == 200 and response.json()["is_active"] is True
    assert AuditEntry.objects.get(action="org.restore").reason == "撤销有误，予以恢复"
    assert client_of(world.secretary_a).get(reverse("orgs:detail", args=[world.branch_a.pk])).status_code == 200


# --- no write may leave its author outside the scope of what was changed ---------------------

def test_the_only_secretary_cannot_record_his_own_departure_and_lose_the_branch(world):
    own = Position.objects.get(org=world.branch_a, post=Post.SECRETARY)
    secretary = client_of(world.secretary_a)

    response = secretary.post(reverse("orgs:end_position", args=[world.branch_a.pk, own.pk]),
                              {"ended_on": datetime.date.today().isoformat(), "reason": "调离"})

    assert response.status_code == 200
    assert "不再有权管理" in response.content.decode() and "请由上级党组织办理" in response.content.decode()
    own.refresh_from_db()
    assert own.ended_on is None
    assert not AuditEntry.objects.filter(action="position.end").exists()
    assert secretary.get(reverse("members:list")).status_code == 200


def test_a_departure_dated_later_is_judged_on_the_day_after_it(world):
    own = Position.objects.get(org=world.branch_a, post=Post.SECRETARY)
    with pytest.raises(RuleViolation) as refused:
        services.end_position(own, ended_on=datetime.date.today() + datetime.timedelta(days=30), reason="换届",
                              acting_user=world.secretary_a)
    assert refused.value.code == "leaves_own_scope"


def test_the_county_records_the_secretary_s_departure(world):
    own = Position.objects.get(org=world.branch_a, post=Post.SECRETARY)

    services.end_position(own, ended_on=datetime.date.today(), reason="调离", acting_user=world.county_admin)

    own.refresh_from_db()
    assert own.ended_on == datetime.date.today()
