"""What the organization and school endpoints answer, for the people who use them."""

import pytest

from dangjian.orgs.rules import BRANCH_REGULATION
from dangjian.testing import add_member

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


class TestMe:
    def test_the_secretary_sees_her_post_and_what_it_allows(self, world, client_as):
        me = client_as("secretary_a").get("/api/v1/me").json()
        assert me["display_name"] == "张伟"
        assert me["positions"] == [{
            "org_id": world.branch_a.pk, "org_name": "东城区第一中学党支部", "org_kind": "branch", "post": "secretary",
            "post_label": "书记", "actions": me["positions"][0]["actions"],
        }]
        assert "org.edit" in me["actions"]
        assert "audit.view" not in me["actions"]
        assert me["member_id"] == world.m_secretary_a.pk

    def test_an_ordinary_member_has_no_post_and_no_actions(self, client_as):
        me = client_as("member_a").get("/api/v1/me").json()
        assert me["positions"] == []
        assert me["actions"] == []


class TestOrgList:
    def test_the_county_admin_lists_her_subtree_in_tree_order(self, client_as):
        response = client_as("county_admin").get("/api/v1/orgs/")
        assert response.json()["count"] == 6
        assert names(response)[0] == "东城区教育党工委"
        assert "西城区第二中学党委" not in names(response)

    def test_filters_by_kind_and_text(self, client_as):
        client = client_as("county_admin")
        assert names(client.get("/api/v1/orgs/?kind=joint_branch")) == ["东城区乡村小学联合党支部"]
        assert names(client.get("/api/v1/orgs/?q=实验")) == ["东城区实验小学党支部"]
        assert names(client.get("/api/v1/orgs/?q=C01A-003")) == ["东城区乡村小学联合党支部"]

    def test_within_narrows_to_a_visible_subtree(self, world, client_as):
        response = client_as("county_admin").get(f"/api/v1/orgs/?within={world.branch_a.pk}")
        assert names(response) == ["东城区第一中学党支部", "第一党小组", "第二党小组"]

    def test_within_an_org_outside_the_scope_is_a_404(self, world, client_as):
        response = client_as("secretary_a").get(f"/api/v1/orgs/?within={world.county_a.pk}")
        assert response.status_code == 404

    def test_pages_with_limit_and_offset_and_keeps_the_total(self, client_as):
        response = client_as("county_admin").get("/api/v1/orgs/?limit=2&offset=2")
        assert response.json()["count"] == 6
        assert names(response) == ["第一党小组", "第二党小组"]


class TestOrgDetail:
    def test_a_branch_shows_its_members_positions_and_findings_with_citations(self, world, client_as):
        org = client_as("secretary_a").get(f"/api/v1/orgs/{world.branch_a.pk}").json()
        assert (org["members"], org["full_members"]) == (10, 9)
        assert {p["post_label"] for p in org["positions"]} == {"书记", "组织委员", "校长"}
        # 9 full members need a 支委会 of 3–5; the branch has 2 committee posts.
        committee = [f for f in org["findings"] if f["rule_code"] == "branch_committee"]
        assert committee and committee[0]["citation"] == f"{BRANCH_REGULATION}第二十条"
        assert org["coverage"] is None

    def test_the_parent_outside_the_scope_is_named_but_not_linked(self, world, client_as):
        org = client_as("secretary_a").get(f"/api/v1/orgs/{world.branch_a.pk}").json()
        assert org["parent"] == {"id": None, "name": "东城区教育党工委"}

    def test_an_education_committee_shows_coverage_by_ownership(self, world, client_as):
        coverage = client_as("county_admin").get(f"/api/v1/orgs/{world.county_a.pk}").json()["coverage"]
        assert coverage["public_schools"] == 4 and coverage["public_covered"] == 4
        assert coverage["private_schools"] == 1 and coverage["private_rate"] == 0.0

    def test_a_joint_branch_with_too_few_full_members_is_a_finding(self, world, client_as):
        org = client_as("county_admin").get(f"/api/v1/orgs/{world.joint.pk}").json()
        assert "branch_min_full_members" in {f["rule_code"] for f in org["findings"]}

    def test_children_list_one_level_with_their_own_child_counts(self, world, client_as):
        children = client_as("county_admin").get(f"/api/v1/orgs/{world.county_a.pk}/children").json()
        assert [(c["name"], c["child_count"]) for c in children["items"]] == [
            ("东城区第一中学党支部", 2), ("东城区实验小学党支部", 0), ("东城区乡村小学联合党支部", 0),
        ]


class TestOrgUpdate:
    def test_the_secretary_renames_her_branch_and_the_change_is_audited(self, world, client_as):
        from dangjian.core.models import AuditEntry

        response = client_as("secretary_a").patch(f"/api/v1/orgs/{world.branch_a.pk}", {"name": "东城一中党支部"},
                                                  content_type="application/json")
        assert response.json()["name"] == "东城一中党支部"
        assert AuditEntry.objects.filter(action="org.update", object_id=str(world.branch_a.pk)).exists()

    def test_the_principal_may_look_but_not_edit(self, world, client_as):
        response = client_as("principal_a").patch(f"/api/v1/orgs/{world.branch_a.pk}", {"name": "改名"},
                                                  content_type="application/json")
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"

    def test_kind_and_code_are_not_writable(self, world, client_as):
        response = client_as("secretary_a").patch(f"/api/v1/orgs/{world.branch_a.pk}", {"code": "X"},
                                                  content_type="application/json")
        assert response.status_code == 422
        assert response.json()["field"] == "code"

    def test_a_term_ending_before_it_starts_is_a_rule_violation_on_that_field(self, world, client_as):
        response = client_as("secretary_a").patch(f"/api/v1/orgs/{world.branch_a.pk}", {"term_end": "2020-01-01"},
                                                  content_type="application/json")
        assert response.status_code == 422
        assert response.json() == {"code": "rule_violation", "message": "任期届满日期须晚于任期开始日期", "rule": None,
                                   "field": "term_end"}


class TestSchools:
    def test_the_county_admin_sees_her_schools_including_the_private_one_without_an_org(self, client_as):
        response = client_as("county_admin").get("/api/v1/schools/")
        assert response.json()["count"] == 5
        assert "东城区育才民办学校" in names(response)

    def test_filters_by_ownership_type_org_and_text(self, world, client_as):
        client = client_as("county_admin")
        assert names(client.get("/api/v1/schools/?ownership=private")) == ["东城区育才民办学校"]
        assert names(client.get("/api/v1/schools/?has_org=false")) == ["东城区育才民办学校"]
        assert len(names(client.get("/api/v1/schools/?school_type=primary"))) == 3
        assert names(client.get(f"/api/v1/schools/?within={world.joint.pk}")) == ["东城区桃园小学", "东城区李庄小学"]
        assert names(client.get("/api/v1/schools/?q=S-B")) == ["东城区实验小学"]

    def test_a_school_without_an_org_shows_the_five_clear_facts_and_the_reason(self, world, client_as):
        school = client_as("county_admin").get(f"/api/v1/schools/{world.school_p.pk}").json()
        assert school["party_org"] is None
        assert school["five_clear"]["sponsor"] == "育才教育集团"
        assert school["five_clear"]["no_org_reason_label"] == "正式党员不足3人，尚未联合组建"

    def test_the_secretary_sees_only_her_own_school(self, world, client_as):
        assert names(client_as("secretary_a").get("/api/v1/schools/")) == ["东城区第一中学"]


def test_no_answer_carries_a_full_id_number(world, client_as):
    """Member ID numbers are never part of an API answer (QUALITY.md item 14)."""
    add_member(world.branch_a, "测试")
    client = client_as("city_admin")
    full_numbers = [m.get_id_number() for m in world.branch_a.members.all()]
    urls = ["/api/v1/me", "/api/v1/orgs/", f"/api/v1/orgs/{world.branch_a.pk}", "/api/v1/schools/",
            f"/api/v1/schools/{world.school_a.pk}", f"/api/v1/orgs/{world.county_a.pk}/children"]
    for url in urls:
        body = client.get(url).content.decode()
        assert not any(number in body for number in full_numbers), url
