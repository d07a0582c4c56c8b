"""The dues API: the calculator, a month's ledger, recording a payment with an Idempotency-Key,
the arrears list — scoped like the pages (out of scope 404, not allowed 403)."""

import json

import pytest
from django.test import Client

from dangjian.dues.models import DuesPayment
from dangjian.testing import login

from .conftest import with_dues

# Every test here uses dues_world: the module's shared world is built with its bases and ledgers.
EXTEND_SHARED_WORLD = with_dues

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(dues_world):
    def make(persona: str) -> Client:
        client = Client()
        login(client, dues_world.personas[persona])
        return client

    return make


@pytest.mark.parametrize(("category", "base", "rate", "amount"), [
    ("in_service", "3000.00", "0.005", "15.00"),
    ("in_service", "3000.01", "0.01", "30.00"),
    ("retired", "5000.01", "0.01", "50.00"),
    ("student", "0", None, "0.20"),
])
def test_anyone_logged_in_may_use_the_calculator(api_as, category, base, rate, amount):
    answer = api_as("member_a").get("/api/v1/dues/rate", {"category": category, "base": base})
    assert answer.status_code == 200
    assert (answer.json()["rate"], answer.json()["amount"]) == (rate, amount)


@pytest.mark.parametrize(("category", "base", "field"), [
    ("in_service", "-1", "base"), ("in_service", "3000.001", "base"), ("in_service", "abc", "base"),
    ("nobody", "3000", "category"),
])
def test_the_calculator_answers_422_to_bad_input(api_as, category, base, field):
    answer = api_as("member_a").get("/api/v1/dues/rate", {"category": category, "base": base})
    assert answer.status_code == 422 and answer.json()["field"] == field


def test_the_secretary_reads_the_months_ledger_of_her_branch(api_as, dues_world):
    answer = api_as("secretary_a").get("/api/v1/dues/ledger", {"org": dues_world.branch_a.pk, "month": "2026-11"})
    body = answer.json()
    assert answer.status_code == 200 and body["generated"] is True
    assert body["totals"]["due_count"] == 10 and body["totals"]["due_amount"] == "400.00"
    assert {line["amount_due"] for line in body["lines"]} == {"40.00"}


def test_another_schools_secretary_gets_404_for_the_ledger(api_as, dues_world):
    answer = api_as("secretary_b").get("/api/v1/dues/ledger", {"org": dues_world.branch_a.pk, "month": "2026-11"})
    assert answer.status_code == 404


def test_a_bad_month_is_422(api_as, dues_world):
    answer = api_as("secretary_a").get("/api/v1/dues/ledger", {"org": dues_world.branch_a.pk, "month": "2026-13"})
    assert answer.status_code == 422


def post(client, body, key="key-1"):
    return client.post("/api/v1/dues/payments", json.dumps(body), content_type="application/json",
                       HTTP_IDEMPOTENCY_KEY=key)


def body(world, **changes):
    return {"member": world.m_member_a.pk, "month": "2026-11", "amount": "40.00", "method": "cash",
            "paid_on": "2026-11-23", **changes}


def test_a_payment_posted_twice_with_the_same_key_gives_the_same_answer_and_one_row(api_as, dues_world):
    client = api_as("org_member_a")
    first = post(client, body(dues_world))
    again = post(client, body(dues_world))
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and first.json()["amount"] == "40.00"
    assert DuesPayment.objects.count() == 1


def test_the_same_key_with_another_body_is_409(api_as, dues_world):
    client = api_as("org_member_a")
    post(client, body(dues_world))
    answer = post(client, body(dues_world, month="2026-10"))
    assert answer.status_code == 409 and answer.json()["code"] == "idempotency_conflict"


def test_paying_a_month_twice_is_409_duplicate(api_as, dues_world):
    client = api_as("org_member_a")
    post(client, body(dues_world), key="a")
    answer = post(client, body(dues_world), key="b")
    assert answer.status_code == 409 and answer.json()["code"] == "duplicate"
    assert DuesPayment.objects.count() == 1


@pytest.mark.parametrize("changes", [
    {"amount": "-40"}, {"amount": "abc"}, {"amount": "40.001"}, {"month": "2026-04"}, {"month": "2026-12"},
    {"paid_on": "2026-12-01"}, {"method": "bitcoin"}, {"extra_field": 1},
])
def test_bad_payments_are_4xx_and_write_nothing(api_as, dues_world, changes):
    answer = post(api_as("org_member_a"), body(dues_world, **changes))
    assert 400 <= answer.status_code < 500 and answer.json()["message"]
    assert not DuesPayment.objects.exists()


def test_a_payment_without_an_idempotency_key_is_refused(api_as, dues_world):
    answer = api_as("org_member_a").post("/api/v1/dues/payments", json.dumps(body(dues_world)),
                                         content_type="application/json")
    assert answer.status_code == 422
    assert not DuesPayment.objects.exists()


def test_who_may_not_collect_gets_403_and_who_may_not_see_gets_404(api_as, dues_world):
    assert post(api_as("member_a"), body(dues_world)).status_code == 403  # their own record: visible, not theirs to record
    assert post(api_as("secretary_b"), body(dues_world)).status_code == 404
    assert post(api_as("principal_a"), body(dues_world)).status_code == 404
    assert not DuesPayment.objects.exists()


def test_the_arrears_list_shows_the_months_unpaid_and_the_level(api_as, dues_world):
    answer = api_as("secretary_a").get("/api/v1/dues/arrears", {"org": dues_world.branch_a.pk, "minimum": 6})
    items = answer.json()["items"]
    assert answer.status_code == 200 and len(items) == 9  # everyone billed since May; 林晓 only since June
    assert {(i["months"], i["level"]) for i in items} == {(6, "lapse")}
    assert api_as("secretary_b").get("/api/v1/dues/arrears", {"org": dues_world.branch_a.pk}).status_code == 404
