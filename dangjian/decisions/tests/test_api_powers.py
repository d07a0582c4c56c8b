"""The 小微权力清单 over the API, as its pages: the school's committee adds and edits entries and
publishes the list; members read what is published to them; the list's rule refuses an entry
without its basis, an empty list is not published (frozen on 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.decisions.rules import R_POWERS
from dangjian.testing import login

pytestmark = pytest.mark.django_db
ENTRY = {"name": "教师外出培训审批", "basis": "学校教师培训管理办法", "responsible_post": "教务处主任",
         "steps": "教师申请\n教务处审核\n分管校长审批"}


def client_of(world, persona):
    client = Client()
    login(client, world.personas[persona])
    return client


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_the_secretary_keeps_and_publishes_the_list_and_a_member_reads_it(world, frozen):
    secretary = client_of(world, "secretary_a")
    empty = send(secretary, "post", "/api/v1/powers/publication", {"org": world.branch_a.pk})
    assert (empty.status_code, empty.json()["rule"]) == (422, R_POWERS.citation)
    made = send(secretary, "post", "/api/v1/powers/", {**ENTRY, "org": world.branch_a.pk})
    assert (made.status_code, made.json()["steps"]) == (201, ["教师申请", "教务处审核", "分管校长审批"])
    no_basis = send(secretary, "patch", f"/api/v1/powers/{made.json()['id']}", {**ENTRY, "basis": " "})
    assert (no_basis.status_code, no_basis.json()["field"], no_basis.json()["rule"]) == (422, "basis", R_POWERS.citation)
    assert send(secretary, "post", "/api/v1/powers/publication", {"org": world.branch_a.pk}).json() == {"published": 1}
    member = client_of(world, "member_a").get("/api/v1/powers/published").json()
    assert [p["name"] for p in member["items"]] == ["教师外出培训审批"]


def test_another_school_is_missing_and_a_long_name_is_bad_input(world, frozen):
    assert send(client_of(world, "secretary_b"), "post", "/api/v1/powers/",
                {**ENTRY, "org": world.branch_a.pk}).status_code == 404
    bad = send(client_of(world, "secretary_a"), "post", "/api/v1/powers/", {**ENTRY, "name": "长" * 81, "org": world.branch_a.pk})
    assert (bad.status_code, bad.json()["field"]) == (422, "name")
    assert client_of(world, "member_a").get(f"/api/v1/powers/?org={world.branch_a.pk}").status_code == 404
