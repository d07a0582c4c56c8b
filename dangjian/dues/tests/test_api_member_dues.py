"""A member's base and hardship approval, the reversal of a payment and the remittance to the
higher organization through the API, as the member and remittance pages: the same services, so
the same rules; dues.manage first (a member may not set her own base here), out of scope 404."""

import json

import pytest
from django.test import Client

from dangjian.dues.rules import R_CORRECTION, R_HARDSHIP, R_IN_SERVICE, R_NO_ADVANCE
from dangjian.testing import login

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(dues_world):
    def make(persona, method, url, body, **headers):
        client = Client()
        login(client, dues_world.personas[persona])
        return getattr(client, method)(url, json.dumps(body), content_type="application/json", headers=headers)

    return make


def test_a_new_base_recomputes_the_unpaid_month_and_disagreeing_components_are_refused(dues_world, send):
    url = f"/api/v1/dues/members/{dues_world.m_member_a.pk}/base"
    saved = send("secretary_a", "put", url, {"category": "in_service", "effective_month": "2026-11", "base": "6000.00"})
    assert (saved.status_code, saved.json()["base"], saved.json()["effective_month"]) == (201, "6000.00", "2026-11")
    refused = send("secretary_a", "put", url, {"category": "in_service", "effective_month": "2026-11", "base": "6000.00",
                                               "post_wage": "3000.00", "grade_wage": "2000.00"})
    assert (refused.status_code, refused.json()["field"], refused.json()["rule"]) == (422, "base", R_IN_SERVICE.citation)


def test_a_base_needs_dues_manage_and_the_member_in_scope(dues_world, send):
    url = f"/api/v1/dues/members/{dues_world.m_member_a.pk}/base"
    body = {"category": "in_service", "effective_month": "2026-11", "base": "6000.00"}
    assert send("member_a", "put", url, body).status_code == 403
    assert send("secretary_b", "put", url, body).status_code == 404
    bad = send("secretary_a", "put", url, {**body, "category": "hardship"})
    assert (bad.status_code, bad.json()["field"]) == (422, "category")


def test_a_hardship_approval_needs_its_reason(dues_world, send):
    url = f"/api/v1/dues/members/{dues_world.m_member_a.pk}/hardship"
    body = {"from_month": "2026-11", "amount": "0", "approved_by": "东城区教育党工委", "approved_on": "2026-11-20",
            "reason": "大病住院，家庭收入骤减"}
    saved = send("secretary_a", "post", url, body)
    assert (saved.status_code, saved.json()["amount"]) == (201, "0.00")
    refused = send("secretary_a", "post", url, {**body, "reason": " "})
    assert (refused.status_code, refused.json()["field"], refused.json()["rule"]) == (422, "reason", R_HARDSHIP.citation)


def test_a_payment_is_reversed_once_and_a_second_reversal_is_a_conflict(dues_world, send):
    paid = send("secretary_a", "post", "/api/v1/dues/payments",
                {"member": dues_world.m_member_a.pk, "month": "2026-11", "amount": "40.00", "method": "cash",
                 "paid_on": "2026-11-20"}, **{"Idempotency-Key": "pay-1"})
    url = f"/api/v1/dues/payments/{paid.json()['id']}/reversal"
    reversed_ = send("secretary_a", "post", url, {"reason": "金额登记错误"}, **{"Idempotency-Key": "rev-1"})
    assert (reversed_.status_code, reversed_.json()["amount"]) == (201, "-40.00")
    replayed = send("secretary_a", "post", url, {"reason": "金额登记错误"}, **{"Idempotency-Key": "rev-1"})
    assert replayed.json()["id"] == reversed_.json()["id"]
    again = send("secretary_a", "post", url, {"reason": "再次冲正"}, **{"Idempotency-Key": "rev-2"})
    assert (again.status_code, again.json()["code"], again.json()["rule"]) == (409, "duplicate", R_CORRECTION.citation)
    assert send("secretary_b", "post", url, {"reason": "x"}, **{"Idempotency-Key": "rev-3"}).status_code == 404


def test_a_remittance_goes_to_the_higher_organization_and_not_for_a_month_to_come(dues_world, send):
    body = {"org": dues_world.branch_a.pk, "period_start": "2026-10", "period_end": "2026-10", "amount": "400.00",
            "remitted_on": "2026-11-20"}
    saved = send("secretary_a", "post", "/api/v1/dues/remittances", body)
    assert (saved.status_code, saved.json()["to_org_name"]) == (201, "东城区教育党工委")
    refused = send("secretary_a", "post", "/api/v1/dues/remittances", {**body, "period_end": "2026-12"})
    assert (refused.status_code, refused.json()["rule"]) == (422, R_NO_ADVANCE.citation)
    assert send("secretary_b", "post", "/api/v1/dues/remittances", body).status_code == 404
