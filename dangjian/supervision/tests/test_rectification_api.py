"""The 整改台账 and 党务公开 over the API: the county issues a batch (an item without an owner is a
422 naming the rule, nothing written), the ledger and the overview are scoped to the caller, a
school asking to decide its own 销号 is a 403 naming the rule, and a member lists what is
published to her."""

import json

import pytest
from django.urls import reverse

from dangjian.supervision.models import RectificationBatch
from dangjian.supervision.services import disclosure as D
from dangjian.supervision.services import rectification_flow as flow
from dangjian.supervision.tests.rectification_helpers import (
    TODAY,
    evidence,
    frozen,  # noqa: F401 - a fixture
    inspection_batch,
)
from dangjian.testing import login

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(client, user):
    login(client, user)
    return client


def post(client, name, data, **kwargs):
    return client.post(reverse(name, kwargs=kwargs or None), json.dumps(data), content_type="application/json")


BATCH = {"source": "inspection", "issued_on": "2026-09-10", "issuer_detail": "第二巡察组", "reference": "东教巡反〔2026〕3号",
         "items": [{"problem": "“三会一课”记录不完整", "owner_name": "陈静", "deadline": "2026-12-31"}]}


def test_the_county_issues_a_batch_and_an_item_without_owner_is_refused_with_its_rule(client, world):
    api(client, world.county_admin)
    bad = post(client, "api:rectification_batch_create", {**BATCH, "org": world.branch_a.pk,
                                                          "items": [*BATCH["items"], {"problem": "x", "deadline": "2026-12-31"}]})
    assert bad.status_code == 422
    assert bad.json()["field"] == "owner_name" and "《学校党务工作述职报告》（参考做法）" in bad.json()["rule"]
    assert not RectificationBatch.objects.exists()

    made = post(client, "api:rectification_batch_create", {**BATCH, "org": world.branch_a.pk})
    assert made.status_code == 201
    body = made.json()
    assert body["issuer"]["name"] == "东城区教育党工委" and body["report_due"] == "2026-11-10"
    assert body["items"][0]["owner_name"] == "陈静" and body["items"][0]["status_label"] == "待整改"


def test_a_school_cannot_issue_an_inspection_batch_over_the_api(client, world):
    response = post(api(client, world.secretary_a), "api:rectification_batch_create", {**BATCH, "org": world.branch_a.pk})
    assert response.status_code == 403


def test_the_ledger_and_overview_are_scoped(client, world):
    inspection_batch(world)
    url = reverse("api:rectification_items")

    mine = api(client, world.secretary_a).get(url, {"org": world.branch_a.pk, "state": "open_all"}).json()
    assert mine["count"] == 2
    assert api(client, world.secretary_b).get(url, {"org": world.branch_a.pk}).status_code == 404
    overview = api(client, world.county_admin).get(reverse("api:rectification_overview"),
                                                   {"org": world.county_a.pk}).json()
    assert overview["total"]["open"] == 2 and overview["rows"][0]["org"]["name"] == "东城区第一中学党支部"


def test_the_school_reports_progress_and_cannot_decide_its_own_closure(client, world):
    first = inspection_batch(world).items.get(number=1)
    api(client, world.secretary_a)

    reported = post(client, "api:rectification_progress", {"progress": 50, "text": "已制定计划"}, id=first.pk)
    assert reported.status_code == 200 and reported.json()["state"] == "in_progress"
    flow.request_closure(first, text="完成", files=[evidence()], acting_user=world.secretary_a)

    refused = post(client, "api:rectification_decision", {"decision": "approve"}, id=first.pk)
    assert refused.status_code == 403 and "学校党组织不能自行销号" in refused.json()["message"]
    decided = post(api(client, world.county_admin), "api:rectification_decision", {"decision": "approve"}, id=first.pk)
    assert decided.json()["state"] == "closed" and decided.json()["closed_on"] == TODAY.isoformat()
    late = post(api(client, world.secretary_a), "api:rectification_progress", {"progress": 100, "text": "x"}, id=first.pk)
    assert late.status_code == 422 and late.json()["code"] == "closed"


def test_a_member_lists_what_is_published_to_her(client, world):
    item = D.draft_disclosure(world.branch_a, audience="party", timing="timely", title="换届选举结果", body="选举产生新一届支委会",
                              acting_user=world.org_member_a, today=TODAY)
    D.review_disclosure(item, acting_user=world.secretary_a)
    D.approve_disclosure(item, acting_user=world.secretary_a)
    D.publish_disclosure(item, acting_user=world.secretary_a, today=TODAY)

    listed = api(client, world.member_a).get(reverse("api:disclosures_published")).json()
    assert [i["title"] for i in listed["items"]] == ["换届选举结果"]
    assert api(client, world.secretary_b).get(reverse("api:disclosures_published")).json()["count"] == 0


def test_an_unknown_state_filter_is_a_422_naming_the_field(client, world):
    response = api(client, world.secretary_a).get(reverse("api:rectification_items"),
                                                  {"org": world.branch_a.pk, "state": "bogus"})
    assert response.status_code == 422 and response.json()["field"] == "state" and "overdue" in response.json()["message"]
