"""党务公开 work over the API, as the pages: drafted by the organization's own officers, reviewed
by someone else (保密审查), approved by its secretary, then published — each step checked by the
same services, refusals naming 《党务公开条例》's rule (frozen 2026-11-23)."""

import json

import pytest
from django.test import Client

from dangjian.supervision.rules import disclosure as R
from dangjian.supervision.tests.rectification_helpers import frozen  # noqa: F401 - a fixture
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")
DRAFT = {"audience": "party", "timing": "regular", "title": "2026年第三季度党费收缴情况", "body": "应交 10 人，已交 10 人。"}


def send(world, persona, method, url, body):
    client = Client()
    login(client, world.personas[persona])
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_draft_goes_through_review_and_approval_to_publication(world):
    made = send(world, "org_member_a", "post", "/api/v1/disclosures/", {**DRAFT, "org": world.branch_a.pk})
    assert (made.status_code, made.json()["state"]) == (201, "drafted")
    url = f"/api/v1/disclosures/{made.json()['id']}"
    own = send(world, "org_member_a", "post", f"{url}/transitions", {"step": "review"})
    assert (own.status_code, own.json()["rule"]) == (422, R.R_REVIEWER.citation)
    assert send(world, "secretary_a", "post", f"{url}/transitions", {"step": "review"}).json()["state"] == "reviewed"
    locked = send(world, "org_member_a", "patch", url, {"title": "改"})
    assert (locked.status_code, locked.json()["rule"]) == (422, R.R_EDIT_LOCKED.citation)
    assert send(world, "county_admin", "post", f"{url}/transitions", {"step": "approve"}).status_code == 403
    assert send(world, "secretary_a", "post", f"{url}/transitions", {"step": "approve"}).json()["state"] == "approved"
    published = send(world, "org_member_a", "post", f"{url}/transitions", {"step": "publish"})
    assert (published.status_code, published.json()["state"], published.json()["starts_on"]) == (
        200, "published", "2026-11-23")


def test_another_school_is_missing_the_county_does_not_draft_for_a_branch_and_bad_input(world):
    made = send(world, "org_member_a", "post", "/api/v1/disclosures/", {**DRAFT, "org": world.branch_a.pk})
    assert Client().get("/api/v1/disclosures/").status_code == 401
    mine = Client()
    login(mine, world.secretary_a)
    listed = mine.get(f"/api/v1/disclosures/?org={world.branch_a.pk}&state=drafted").json()
    assert [i["title"] for i in listed["items"]] == [DRAFT["title"]]
    other = Client()
    login(other, world.secretary_b)
    assert other.get(f"/api/v1/disclosures/{made.json()['id']}").status_code == 404
    assert send(world, "county_admin", "post", "/api/v1/disclosures/", {**DRAFT, "org": world.branch_a.pk}).status_code == 403
    bad = send(world, "secretary_a", "post", f"/api/v1/disclosures/{made.json()['id']}/transitions", {"step": "now"})
    assert (bad.status_code, bad.json()["field"]) == (422, "step")
