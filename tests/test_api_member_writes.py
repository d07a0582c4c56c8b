"""建档, 系统外转入, 修改党员信息 and 组织关系转接 through the API, as the pages do: the members
services' rules with their citations, a duplicate ID number (or a second pending letter) a 409,
another school's organization or member a 404, the other side of a transfer a 403."""

import datetime
import json

import pytest
from django.utils import timezone

from dangjian.members.rules import R_ADMISSION_AGE, R_CORRECTION, R_ONE_ORG, R_TRANSFER_REJECT, R_WORKING_AGE
from dangjian.testing import make_id_number

pytestmark = pytest.mark.django_db

NEW_ID = make_id_number(datetime.date(1990, 4, 12), 901, male=False)


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def record(world, **extra):
    return {"org": world.branch_a.pk, "name": "沈悦", "id_number": NEW_ID, "joined_on": "2015-07-01",
            "confirmed_on": "2016-07-01", "group": world.group_a1.pk, "phone": "13912345678", **extra}


class TestCreateMember:
    def test_the_secretary_opens_a_record_whose_id_and_phone_leave_masked(self, world, client_as):
        made = send(client_as("secretary_a"), "post", "/api/v1/members/", record(world))
        assert made.status_code == 201
        body = made.json()
        assert (body["name"], body["gender"], body["birth_date"]) == ("沈悦", "female", "1990-04-12")
        assert body["group"]["id"] == world.group_a1.pk
        assert NEW_ID not in made.content.decode() and "13912345678" not in made.content.decode()
        again = send(client_as("secretary_a"), "post", "/api/v1/members/", record(world))
        assert (again.status_code, again.json()["code"], again.json()["field"]) == (409, "duplicate", "id_number")

    def test_joining_before_eighteen_is_refused_with_the_article(self, world, client_as):
        refused = send(client_as("secretary_a"), "post", "/api/v1/members/",
                       record(world, joined_on="2007-07-01", confirmed_on="2008-07-01"))
        assert (refused.status_code, refused.json()["field"]) == (422, "joined_on")
        assert refused.json()["rule"] == R_ADMISSION_AGE.citation

    def test_another_schools_branch_is_missing_and_the_principal_may_not(self, world, client_as):
        assert send(client_as("secretary_b"), "post", "/api/v1/members/", record(world, group=None)).status_code == 404
        assert send(client_as("principal_a"), "post", "/api/v1/members/", record(world, group=None)).status_code == 403

    def test_an_id_number_of_seventeen_digits_is_bad_input(self, world, client_as):
        bad = send(client_as("secretary_a"), "post", "/api/v1/members/", record(world, id_number=NEW_ID[:17]))
        assert (bad.status_code, bad.json()["field"]) == (422, "id_number")


class TestReceiveMember:
    def test_a_member_from_outside_comes_with_the_letter_on_the_timeline(self, world, client_as):
        client = client_as("secretary_a")
        made = send(client, "post", "/api/v1/members/receive",
                    record(world, received_on="2026-10-08", other_org_name="外省某中学党支部", letter_number="外转〔2026〕7号"))
        assert made.status_code == 201
        events = client.get(f"/api/v1/members/{made.json()['id']}/events").json()["items"]
        assert [(e["kind"], e["letter_number"]) for e in events] == [("transfer_in", "外转〔2026〕7号")]

    def test_a_received_date_still_to_come_is_refused(self, world, client_as):
        refused = send(client_as("secretary_a"), "post", "/api/v1/members/receive",
                       record(world, received_on="2099-01-01", other_org_name="外省某中学党支部", letter_number="7"))
        assert (refused.status_code, refused.json()["field"]) == (422, "received_on")


class TestUpdateMember:
    def test_the_secretary_corrects_a_record_and_the_timeline_says_so(self, world, client_as):
        client = client_as("secretary_a")
        url = f"/api/v1/members/{world.m_member_a.pk}"
        saved = send(client, "patch", url, {"office": "年级组长", "reason": "核对档案"})
        assert (saved.status_code, saved.json()["office"]) == (200, "年级组长")
        assert client.get(f"{url}/events").json()["items"][-1]["kind"] == "record_updated"

    def test_refusals_rule_scope_and_bad_input(self, world, client_as):
        url = f"/api/v1/members/{world.m_member_a.pk}"
        early = send(client_as("secretary_a"), "patch", url, {"work_started_on": "1990-01-01"})
        assert (early.status_code, early.json()["field"], early.json()["rule"]) == (
            422, "work_started_on", R_WORKING_AGE.citation)
        assert send(client_as("secretary_b"), "patch", url, {"office": "x"}).status_code == 404
        assert send(client_as("member_a"), "patch", url, {"office": "x"}).status_code == 403
        bad = send(client_as("secretary_a"), "patch", url, {"status": "full"})
        assert (bad.status_code, bad.json()["field"]) == (422, "status")


class TestTransfers:
    def test_a_letter_from_branch_a_is_accepted_by_branch_b_and_the_member_moves(self, world, client_as):
        today = timezone.localdate().isoformat()
        sender, receiver = client_as("secretary_a"), client_as("secretary_b")
        started = send(sender, "post", f"/api/v1/members/{world.m_member_a.pk}/transfers",
                       {"to_org_code": "c01a-002", "letter_number": "东教转〔2026〕3号", "requested_on": today})
        assert started.status_code == 201
        assert (started.json()["state"], started.json()["can_cancel"], started.json()["can_accept"]) == (
            "pending", True, False)
        again = send(sender, "post", f"/api/v1/members/{world.m_member_a.pk}/transfers",
                     {"to_org_code": "C01A-002", "letter_number": "x", "requested_on": today})
        assert (again.status_code, again.json()["code"]) == (409, "duplicate")
        listed = receiver.get("/api/v1/transfers/?state=pending").json()["items"]
        assert [(t["member_name"], t["can_accept"]) for t in listed] == [("杨帆", True)]
        transfer = started.json()["id"]
        assert send(sender, "post", f"/api/v1/transfers/{transfer}/accept", {"decided_on": today}).status_code == 403
        refused = send(receiver, "post", f"/api/v1/transfers/{transfer}/reject", {"reason": ""})
        assert (refused.status_code, refused.json()["rule"]) == (422, R_TRANSFER_REJECT.citation)
        accepted = send(receiver, "post", f"/api/v1/transfers/{transfer}/accept", {"decided_on": today})
        assert accepted.json()["state"] == "accepted"
        assert receiver.get(f"/api/v1/members/{world.m_member_a.pk}").json()["org"]["id"] == world.branch_b.pk

    def test_an_unknown_organization_another_schools_member_and_a_bad_date(self, world, client_as):
        url = f"/api/v1/members/{world.m_member_a.pk}/transfers"
        body = {"to_org_code": "NOPE", "letter_number": "1", "requested_on": timezone.localdate().isoformat()}
        unknown = send(client_as("secretary_a"), "post", url, body)
        assert (unknown.status_code, unknown.json()["field"], unknown.json()["rule"]) == (
            422, "to_org_code", R_ONE_ORG.citation)
        assert send(client_as("secretary_b"), "post", url, {**body, "to_org_code": "C01A-002"}).status_code == 404
        bad = send(client_as("secretary_a"), "post", url, {**body, "requested_on": "2026-02-30"})
        assert (bad.status_code, bad.json()["field"]) == (422, "requested_on")


class TestCorrections:
    def test_a_member_asks_once_and_the_secretary_approves(self, world, client_as):
        member, secretary = client_as("member_a"), client_as("secretary_a")
        asked = send(member, "post", "/api/v1/members/me/corrections", {"phone": "13900001111", "note": "已更换号码"})
        assert (asked.status_code, asked.json()["new_value"]) == (201, "139****1111")
        again = send(member, "post", "/api/v1/members/me/corrections", {"phone": "13900002222"})
        assert (again.status_code, again.json()["code"]) == (409, "duplicate")
        pending = secretary.get("/api/v1/corrections/?state=pending").json()["items"]
        assert [c["member_name"] for c in pending] == ["杨帆"]
        assert send(client_as("secretary_b"), "post", f"/api/v1/corrections/{asked.json()['id']}/decision",
                    {"approve": True}).status_code == 404
        decided = send(secretary, "post", f"/api/v1/corrections/{asked.json()['id']}/decision", {"approve": True})
        assert decided.json()["state"] == "approved"
        assert secretary.get(f"/api/v1/members/{world.m_member_a.pk}").json()["phone"] == "139****1111"

    def test_refusing_needs_a_reason_and_who_may_not(self, world, client_as):
        asked = send(client_as("org_member_a"), "post", "/api/v1/members/me/corrections", {"phone": "13900003333"})
        refused = send(client_as("secretary_a"), "post", f"/api/v1/corrections/{asked.json()['id']}/decision",
                       {"approve": False})
        assert (refused.status_code, refused.json()["rule"]) == (422, R_CORRECTION.citation)
        assert client_as("principal_a").get("/api/v1/corrections/").status_code == 403
        assert send(client_as("city_admin"), "post", "/api/v1/members/me/corrections",
                    {"phone": "13900003333"}).status_code == 404
        bad = send(client_as("member_a"), "post", "/api/v1/members/me/corrections", {"phone": "12"})
        assert (bad.status_code, bad.json()["field"]) == (422, "phone")
