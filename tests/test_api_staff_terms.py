"""An entry's leadership terms and end of employment through the API, as the staff page's forms:
the register's services and their rules; another school's entry is missing (404)."""

import datetime
import json

import pytest

from dangjian.staff.rules.register import R_DATES
from dangjian.staff.services import create_staff_member
from dangjian.testing import make_id_number

pytestmark = pytest.mark.django_db


def send(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def teacher(world):
    return create_staff_member(world.school_a, name="吴老师", gender="male", post="teacher", phone="13800138000",
                               id_number=make_id_number(datetime.date(1990, 5, 4), 950),
                               employed_from=datetime.date(2015, 9, 1), acting_user=None)


def test_a_vice_principal_takes_and_leaves_the_seat_and_then_the_school(world, teacher, client_as):
    client = client_as("secretary_a")
    seated = send(client, f"/api/v1/staff/{teacher.pk}/terms", {"role": "vice_principal", "started_on": "2024-09-01"})
    assert seated.status_code == 201
    [term] = seated.json()["terms"]
    ended = send(client, f"/api/v1/staff/terms/{term['id']}/end", {"on": "2026-08-31"})
    assert ended.json()["terms"][0]["ended_on"] == "2026-08-31"
    left = send(client, f"/api/v1/staff/{teacher.pk}/end", {"on": "2026-09-01"})
    assert (left.status_code, left.json()["employed_until"]) == (200, "2026-09-01")


def test_leaving_before_joining_is_refused_with_the_rule_and_another_school_is_missing(world, teacher, client_as):
    early = send(client_as("secretary_a"), f"/api/v1/staff/{teacher.pk}/end", {"on": "2010-01-01"})
    assert (early.status_code, early.json()["rule"]) == (422, R_DATES.citation)
    assert send(client_as("secretary_b"), f"/api/v1/staff/{teacher.pk}/end", {"on": "2026-09-01"}).status_code == 404
    bad = send(client_as("secretary_a"), f"/api/v1/staff/{teacher.pk}/terms", {"role": "king", "started_on": "2024-09-01"})
    assert (bad.status_code, bad.json()["field"]) == (422, "role")
