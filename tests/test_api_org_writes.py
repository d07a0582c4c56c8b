"""Setting up an organization, its posts and a school's record through the API, as the pages do
(and one's own notifications): the same services, so the same refusals with their rules, and an
id out of the caller's scope answers 404 like one that does not exist."""

import json

import pytest

from dangjian.orgs.services import R_ONE_HOLDER, R_TREE_SHAPE

pytestmark = pytest.mark.django_db


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


class TestCreateOrg:
    def test_the_county_sets_up_a_branch_and_refuses_a_shape_the_tree_does_not_allow(self, world, client_as):
        client = client_as("county_admin")
        made = send(client, "post", "/api/v1/orgs/", {"parent": world.county_a.pk, "kind": "branch",
                                                       "code": "C01A-009", "name": "东城区第九中学党支部"})
        assert made.status_code == 201
        assert (made.json()["kind"], made.json()["parent"]["id"]) == ("branch", world.county_a.pk)
        wrong = send(client, "post", "/api/v1/orgs/", {"parent": world.branch_a.pk, "kind": "committee",
                                                        "code": "C01A-010", "name": "不应设立的党委"})
        assert wrong.status_code == 422
        assert (wrong.json()["field"], wrong.json()["rule"]) == ("kind", R_TREE_SHAPE.citation)
        again = send(client, "post", "/api/v1/orgs/", {"parent": world.county_a.pk, "kind": "branch",
                                                        "code": "C01A-009", "name": "重复代码"})
        assert (again.status_code, again.json()["code"]) == (409, "duplicate")

    def test_a_parent_out_of_scope_is_missing_and_one_without_the_right_is_refused(self, world, client_as):
        body = {"kind": "group", "code": "X-1", "name": "第三党小组"}
        assert send(client_as("secretary_b"), "post", "/api/v1/orgs/",
                    {**body, "parent": world.branch_a.pk}).status_code == 404
        assert send(client_as("principal_a"), "post", "/api/v1/orgs/",
                    {**body, "parent": world.branch_a.pk}).status_code == 403

    def test_a_code_with_spaces_is_bad_input(self, world, client_as):
        bad = send(client_as("secretary_a"), "post", "/api/v1/orgs/",
                   {"parent": world.branch_a.pk, "kind": "group", "code": "A 1", "name": "第三党小组"})
        assert (bad.status_code, bad.json()["field"]) == (422, "code")


class TestPositions:
    def test_the_secretary_appoints_a_publicity_member_lists_and_ends_the_post(self, world, client_as):
        client = client_as("secretary_a")
        url = f"/api/v1/orgs/{world.branch_a.pk}/positions"
        made = send(client, "post", url, {"post": "publicity_member", "member": world.m_member_a.pk,
                                          "started_on": "2026-09-01"})
        assert made.status_code == 201
        assert (made.json()["person_name"], made.json()["member_id"]) == ("杨帆", world.m_member_a.pk)
        listed = client.get(url).json()
        assert made.json()["id"] in [p["id"] for p in listed["items"]]
        ended = send(client, "post", f"{url}/{made.json()['id']}/end", {"ended_on": "2026-11-01", "reason": "工作调动"})
        assert (ended.status_code, ended.json()["ended_on"]) == (200, "2026-11-01")

    def test_a_second_secretary_is_refused_with_the_rule(self, world, client_as):
        refused = send(client_as("county_admin"), "post", f"/api/v1/orgs/{world.branch_a.pk}/positions",
                       {"post": "secretary", "person_name": "王明", "started_on": "2026-09-01"})
        assert refused.status_code == 422
        assert (refused.json()["field"], refused.json()["rule"]) == ("post", R_ONE_HOLDER.citation)

    def test_another_schools_organization_and_member_are_not_reached(self, world, client_as):
        body = {"post": "publicity_member", "person_name": "王明", "started_on": "2026-09-01"}
        assert send(client_as("secretary_b"), "post", f"/api/v1/orgs/{world.branch_a.pk}/positions",
                    body).status_code == 404
        other = send(client_as("secretary_a"), "post", f"/api/v1/orgs/{world.branch_a.pk}/positions",
                     {**body, "member": world.m_secretary_b.pk})
        assert (other.status_code, other.json()["field"]) == (422, "member")
        assert "刘芳" not in other.json()["message"]  # the id of someone out of scope is not named

    def test_an_unknown_post_is_bad_input(self, world, client_as):
        bad = send(client_as("secretary_a"), "post", f"/api/v1/orgs/{world.branch_a.pk}/positions",
                   {"post": "king", "person_name": "王明", "started_on": "2026-09-01"})
        assert (bad.status_code, bad.json()["field"]) == (422, "post")


class TestUpdateSchool:
    def test_the_county_updates_the_five_clear_and_a_school_without_org_keeps_its_reason(self, world, client_as):
        client = client_as("county_admin")
        saved = send(client, "patch", f"/api/v1/schools/{world.school_a.pk}", {"staff_count": 80})
        assert (saved.status_code, saved.json()["five_clear"]["staff_count"]) == (200, 80)
        refused = send(client, "patch", f"/api/v1/schools/{world.school_p.pk}", {"no_org_reason": ""})
        assert (refused.status_code, refused.json()["field"]) == (422, "no_org_reason")

    def test_the_secretary_may_not_and_another_school_is_missing(self, world, client_as):
        assert send(client_as("secretary_a"), "patch", f"/api/v1/schools/{world.school_a.pk}",
                    {"staff_count": 80}).status_code == 403
        assert send(client_as("secretary_b"), "patch", f"/api/v1/schools/{world.school_a.pk}",
                    {"staff_count": 80}).status_code == 404
        bad = send(client_as("county_admin"), "patch", f"/api/v1/schools/{world.school_a.pk}", {"staff_count": -1})
        assert (bad.status_code, bad.json()["field"]) == (422, "staff_count")


class TestNotifications:
    def test_one_reads_and_marks_only_ones_own(self, world, client_as):
        from dangjian.core.notify import notify

        notify(world.secretary_a, key="t1", title="支部换届即将到期")
        notify(world.secretary_a, key="t2", title="党费欠缴提醒")
        notify(world.secretary_b, key="t3", title="他人的提醒")
        mine = client_as("secretary_a")
        listed = mine.get("/api/v1/notifications/?unread=true").json()
        assert (listed["unread"], sorted(n["title"] for n in listed["items"])) == (2, ["党费欠缴提醒", "支部换届即将到期"])
        newest = max(n["id"] for n in listed["items"])
        assert send(mine, "post", f"/api/v1/notifications/{newest}/read", {}).json() == {"marked": 1}
        notify(world.secretary_a, key="t4", title="新到的提醒")   # after the client's list
        assert send(mine, "post", "/api/v1/notifications/read-all", {"up_to": newest}).json() == {"marked": 1}
        assert send(mine, "post", "/api/v1/notifications/read-all", {}).json() == {"marked": 1}   # the one that arrived
        others = world.secretary_b.notifications.get().pk
        assert send(mine, "post", f"/api/v1/notifications/{others}/read", {}).status_code == 404
        assert mine.get("/api/v1/notifications/?limit=0").status_code == 422
