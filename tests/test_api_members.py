"""What the member endpoints answer, for the people who use them."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from dangjian.core.models import AuditEntry
from dangjian.members import rules as R
from dangjian.members.models import EventKind, Member, MemberEvent, MemberStatus, Standing
from dangjian.members.services import update_member
from dangjian.testing import add_member

pytestmark = pytest.mark.django_db

JSON = "application/json"
# After 林晓's year of probation (she was admitted on 2026-06-01), so dates are real and not future.
AFTER_PROBATION = datetime.datetime(2027, 6, 10, 9, 0, tzinfo=datetime.UTC)


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


def post_event(client, member, **payload):
    return client.post(f"/api/v1/members/{member.pk}/events", payload, content_type=JSON)


class TestMemberList:
    def test_the_secretary_lists_her_branch_with_masked_numbers(self, world, client_as):
        response = client_as("secretary_a").get("/api/v1/members/")
        body = response.json()
        assert response.status_code == 200
        assert body["count"] == 10
        assert "杨帆" in names(response) and "刘芳" not in names(response)
        own = next(item for item in body["items"] if item["name"] == "杨帆")
        assert own["id_number"] == world.m_member_a.id_number_masked
        assert "*" in own["id_number"] and world.m_member_a.get_id_number() not in response.content.decode()

    def test_the_secretary_of_school_b_sees_only_school_b(self, client_as):
        assert sorted(names(client_as("secretary_b").get("/api/v1/members/"))) == sorted(["刘芳", "罗军", "梁燕", "宋杰"])

    def test_the_county_admin_sees_both_schools_and_the_joint_branch_but_not_the_other_county(self, client_as):
        listed = names(client_as("county_admin").get("/api/v1/members/?limit=200"))
        assert len(listed) == 15 and "谢娟" in listed and "韩磊" not in listed

    def test_search_by_name_full_pinyin_or_initials(self, client_as):
        client = client_as("secretary_a")
        for text in ("杨帆", "yangfan", "yf", "YF"):
            assert names(client.get(f"/api/v1/members/?q={text}")) == ["杨帆"], text

    def test_filters_mirror_the_member_criteria(self, world, client_as):
        client = client_as("county_admin")
        assert names(client.get("/api/v1/members/?status=probationary")) == ["林晓"]
        assert names(client.get(f"/api/v1/members/?org={world.joint.pk}")) == ["谢娟"]
        assert len(names(client.get(f"/api/v1/members/?within={world.branch_a.pk}"))) == 10
        in_group = names(client.get(f"/api/v1/members/?group={world.group_a1.pk}"))
        assert {"张伟", "陈静"} <= set(in_group) and "杨帆" not in in_group
        assert set(names(client.get("/api/v1/members/?gender=female&limit=200"))) >= {"陈静", "刘芳", "谢娟"}
        assert client.get("/api/v1/members/?ethnicity=汉族").json()["count"] == 15
        assert client.get("/api/v1/members/?ethnicity=回族").json()["count"] == 0
        assert client.get("/api/v1/members/?age_band=41–45岁").json()["count"] == 15  # all born 1985-03-01
        assert client.get("/api/v1/members/?years_band=5年以下").json()["count"] == 1  # 林晓
        assert client.get("/api/v1/members/?job=retired").json()["count"] == 0

    def test_flags_and_standing_filters(self, world, client_as):
        Member.objects.filter(pk=world.m_member_a.pk).update(lost_contact=True)
        Member.objects.filter(pk=world.m_probationary_a.pk).update(standing=Standing.DECEASED)
        client = client_as("secretary_a")
        assert names(client.get("/api/v1/members/?flag=lost_contact")) == ["杨帆"]
        assert "林晓" not in names(client.get("/api/v1/members/"))  # in 在册 only, by default
        assert names(client.get("/api/v1/members/?standing=deceased")) == ["林晓"]
        assert client.get("/api/v1/members/?standing=all").json()["count"] == 10

    def test_pages_with_limit_and_offset_and_keeps_the_total(self, client_as):
        client = client_as("secretary_a")
        everyone = names(client.get("/api/v1/members/"))
        page = client.get("/api/v1/members/?limit=3&offset=3").json()
        assert page["count"] == 10
        assert [item["name"] for item in page["items"]] == everyone[3:6]

    def test_within_or_org_outside_the_scope_is_a_404(self, world, client_as):
        client = client_as("secretary_b")
        assert client.get(f"/api/v1/members/?within={world.branch_a.pk}").status_code == 404
        assert client.get(f"/api/v1/members/?org={world.branch_a.pk}").status_code == 404
        assert client.get(f"/api/v1/members/?group={world.group_a1.pk}").status_code == 404
        assert client.get("/api/v1/members/?within=999999").status_code == 404

    def test_the_principal_sees_the_school_but_may_not_list_its_members(self, client_as):
        response = client_as("principal_a").get("/api/v1/members/")
        assert response.status_code == 403
        assert response.json() == {"code": "forbidden", "message": "您没有查看党员信息的权限", "rule": None, "field": None}

    def test_an_ordinary_member_lists_only_herself(self, client_as):
        assert names(client_as("member_a").get("/api/v1/members/")) == ["杨帆"]

    @pytest.mark.parametrize("query, field", [
        ("ethnicity=火星族", "ethnicity"), ("status=honorary", "status"), ("age_band=99岁", "age_band"),
        ("flag=vip", "flag"), ("standing=gone", "standing"), ("q=" + "张" * 101, "q"), ("limit=0", "limit"),
        ("within=0", "within"), ("q=%00", "q"),
    ])
    def test_bad_filters_are_a_422_in_the_error_shape(self, client_as, query, field):
        response = client_as("secretary_a").get(f"/api/v1/members/?{query}")
        assert response.status_code == 422
        assert response.json()["code"] == "invalid" and response.json()["field"] == field


class TestMemberDetail:
    def test_shows_the_record_with_masked_id_and_phone_and_no_encrypted_field(self, world, client_as):
        update_member(world.m_member_a, phone="13812345678")
        response = client_as("secretary_a").get(f"/api/v1/members/{world.m_member_a.pk}")
        member = response.json()
        assert member["name"] == "杨帆" and member["name_pinyin"] == "yangfan"
        assert member["phone"] == "138****5678"
        assert member["id_number"] == world.m_member_a.id_number_masked
        assert member["group"] == {"id": world.group_a2.pk, "name": "第二党小组"}
        assert not [key for key in member if "encrypted" in key or "index" in key]
        body = response.content.decode()
        assert "13812345678" not in body and world.m_member_a.get_id_number() not in body

    def test_shows_the_positions_held_and_the_end_of_probation(self, world, client_as):
        client = client_as("secretary_a")
        secretary = client.get(f"/api/v1/members/{world.m_secretary_a.pk}").json()
        assert [p["post_label"] for p in secretary["positions"]] == ["书记"]
        probationary = client.get(f"/api/v1/members/{world.m_probationary_a.pk}").json()
        assert probationary["status"] == MemberStatus.PROBATIONARY
        assert probationary["probation_ends"] == "2027-06-01"

    def test_a_member_outside_the_scope_is_a_404_like_one_that_does_not_exist(self, world, client_as):
        client = client_as("secretary_b")
        outside = client.get(f"/api/v1/members/{world.m_member_a.pk}")
        missing = client.get("/api/v1/members/99999999")
        assert outside.status_code == missing.status_code == 404
        assert outside.json() == missing.json()

    def test_the_principal_may_not_open_a_member_record(self, world, client_as):
        assert client_as("principal_a").get(f"/api/v1/members/{world.m_member_a.pk}").status_code == 404

    def test_an_ordinary_member_opens_her_own_record_and_no_one_elses(self, world, client_as):
        client = client_as("member_a")
        own = client.get(f"/api/v1/members/{world.m_member_a.pk}")
        assert own.status_code == 200
        # Her branch is named on her record, but she holds no post there: no link to open.
        assert own.json()["org"] == {"id": None, "name": "东城区第一中学党支部"}
        assert client.get(f"/api/v1/members/{world.m_secretary_a.pk}").status_code == 404

    def test_a_literal_path_under_members_is_not_taken_for_a_member_id(self):
        # /members/export and /members/import belong to the other routers: the int converter
        # of /members/{id} must not swallow them.
        assert resolve("/api/v1/members/export").url_name != "member_detail"
        assert resolve("/api/v1/members/import").url_name != "member_detail"

    def test_an_absurd_id_is_a_422_not_a_server_error(self, client_as):
        response = client_as("secretary_a").get(f"/api/v1/members/{2**70}")
        assert response.status_code == 422 and response.json()["field"] == "id"


class TestTimeline:
    def test_the_secretary_reads_the_timeline_in_date_order(self, world, client_as):
        client = client_as("secretary_a")
        post_event(client, world.m_member_a, kind="lost_contact", occurred_on="2026-10-01")
        post_event(client, world.m_member_a, kind="contact_restored", occurred_on="2026-11-01")
        events = client.get(f"/api/v1/members/{world.m_member_a.pk}/events").json()
        assert events["count"] == 3
        assert [e["kind_label"] for e in events["items"]] == ["建立党员档案", "失去联系", "恢复联系"]
        assert events["items"][1]["recorded_by"] == "张伟"

    def test_an_ordinary_member_reads_her_own_timeline_only(self, world, client_as):
        client = client_as("member_a")
        assert client.get(f"/api/v1/members/{world.m_member_a.pk}/events").json()["count"] == 1
        assert client.get(f"/api/v1/members/{world.m_secretary_a.pk}/events").status_code == 404

    def test_out_of_scope_timeline_is_a_404(self, world, client_as):
        assert client_as("secretary_b").get(f"/api/v1/members/{world.m_member_a.pk}/events").status_code == 404


class TestRecordingEvents:
    def test_the_secretary_moves_a_member_to_another_group(self, world, client_as):
        response = post_event(client_as("secretary_a"), world.m_member_a, kind="group_changed",
                              occurred_on="2026-11-01", group=world.group_a1.pk, reason="按年级调整")
        assert response.status_code == 201
        assert response.json()["detail"] == {"from": "第二党小组", "to": "第一党小组",
                                             "from_id": world.group_a2.pk, "to_id": world.group_a1.pk}
        world.m_member_a.refresh_from_db()
        assert world.m_member_a.group == world.group_a1
        assert AuditEntry.objects.filter(action="member.event.group_changed", object_id=str(world.m_member_a.pk)).exists()

    def test_a_group_set_to_null_takes_the_member_out_of_her_group(self, world, client_as):
        response = post_event(client_as("secretary_a"), world.m_member_a, kind="group_changed",
                              occurred_on="2026-11-01", group=None)
        assert response.status_code == 201 and response.json()["detail"]["to"] == "未编入党小组"

    def test_a_group_of_another_branch_is_refused_with_the_rule(self, world, client_as):
        response = post_event(client_as("county_admin"), world.m_secretary_b, kind="group_changed",
                              occurred_on="2026-11-01", group=world.group_a1.pk)
        assert response.status_code == 422
        assert response.json() == {"code": "rule_violation", "message": "党小组须是所在支部下设的党小组",
                                   "rule": R.R_GROUP_IN_ORG.citation, "field": "group"}

    def test_a_group_the_caller_cannot_see_reads_like_one_that_does_not_exist(self, world, client_as):
        response = post_event(client_as("secretary_b"), world.m_secretary_b, kind="group_changed",
                              occurred_on="2026-11-01", group=world.group_a1.pk)
        assert response.status_code == 422
        assert response.json()["message"] == "未找到该党小组" and response.json()["field"] == "group"

    def test_confirming_before_the_year_is_up_is_refused_with_the_citation(self, world, client_as):
        response = post_event(client_as("secretary_a"), world.m_probationary_a, kind="confirmed",
                              occurred_on="2026-11-01")
        assert response.status_code == 422
        assert response.json() == {"code": "rule_violation", "message": "预备期到 2027年06月01日 才满，不能提前转正",
                                   "rule": R.R_PROBATION.citation, "field": "occurred_on"}
        assert MemberEvent.objects.filter(member=world.m_probationary_a, kind=EventKind.CONFIRMED).count() == 0

    def test_confirming_on_the_day_the_year_is_up_converts_the_member(self, world, client_as):
        with time_machine.travel(AFTER_PROBATION, tick=False):
            response = post_event(client_as("secretary_a"), world.m_probationary_a, kind="confirmed",
                                  occurred_on="2027-06-01", decision_org="东城区教育党工委")
        assert response.status_code == 201
        world.m_probationary_a.refresh_from_db()
        assert world.m_probationary_a.status == MemberStatus.FULL
        assert world.m_probationary_a.confirmed_on == datetime.date(2027, 6, 1)

    def test_an_extension_outside_6_to_12_months_is_refused(self, world, client_as):
        response = post_event(client_as("secretary_a"), world.m_probationary_a, kind="probation_extended",
                              occurred_on="2026-11-01", months=5)
        assert response.status_code == 422
        assert response.json()["rule"] == R.R_EXTENSION.citation and response.json()["field"] == "months"

    def test_leaving_needs_the_way_and_the_approving_organization(self, world, client_as):
        client = client_as("secretary_a")
        refused = post_event(client, world.m_member_a, kind="left", occurred_on="2026-11-01", leave_kind="withdrew")
        assert refused.status_code == 422 and refused.json()["rule"] == R.R_LEAVE_DECISION.citation
        accepted = post_event(client, world.m_member_a, kind="left", occurred_on="2026-11-01", leave_kind="withdrew",
                              decision_org="东城区教育党工委", reason="本人申请退党")
        assert accepted.status_code == 201
        assert accepted.json()["detail"]["leave_kind_label"] == "退党"
        world.m_member_a.refresh_from_db()
        assert world.m_member_a.standing == Standing.LEFT

    def test_a_future_date_is_refused_with_the_rule(self, world, client_as):
        response = post_event(client_as("secretary_a"), world.m_member_a, kind="lost_contact",
                              occurred_on="2099-01-01")
        assert response.status_code == 422 and response.json()["rule"] == R.R_NOT_FUTURE.citation

    def test_the_organization_committee_member_may_record_events(self, world, client_as):
        response = post_event(client_as("org_member_a"), world.m_member_a, kind="mobile_registered",
                              occurred_on="2026-11-01", reason="外出务工")
        assert response.status_code == 201

    def test_an_ordinary_member_cannot_record_on_her_own_record(self, world, client_as):
        response = post_event(client_as("member_a"), world.m_member_a, kind="lost_contact", occurred_on="2026-11-01")
        assert response.status_code == 403 and response.json()["code"] == "forbidden"

    def test_outside_the_scope_is_a_404_and_nothing_is_recorded(self, world, client_as):
        for persona in ("secretary_b", "principal_a"):
            response = post_event(client_as(persona), world.m_member_a, kind="lost_contact", occurred_on="2026-11-01")
            assert response.status_code == 404, persona
        assert not MemberEvent.objects.filter(member=world.m_member_a, kind=EventKind.LOST_CONTACT).exists()

    @pytest.mark.parametrize("payload, field", [
        ({"kind": "admitted", "occurred_on": "2026-11-01"}, "kind"),  # has its own service
        ({"kind": "record_created", "occurred_on": "2026-11-01"}, "kind"),
        ({"kind": "lost_contact"}, "occurred_on"),
        ({"kind": "lost_contact", "occurred_on": "2026-13-01"}, "occurred_on"),
        ({"kind": "lost_contact", "occurred_on": "2026-11-01", "standing": "normal"}, "standing"),
        ({"kind": "left", "occurred_on": "2026-11-01", "leave_kind": "fired"}, "leave_kind"),
        ({"kind": "probation_extended", "occurred_on": "2026-11-01", "months": 10**9}, "months"),
        ({"kind": "lost_contact", "occurred_on": "2026-11-01", "reason": "x" * 501}, "reason"),
    ])
    def test_malformed_payloads_are_a_422_naming_the_field(self, world, client_as, payload, field):
        response = client_as("secretary_a").post(f"/api/v1/members/{world.m_member_a.pk}/events", payload,
                                                 content_type=JSON)
        assert response.status_code == 422
        assert response.json()["field"] == field

    def test_a_member_who_left_gets_no_further_event(self, world, client_as):
        client = client_as("secretary_a")
        post_event(client, world.m_member_a, kind="deceased", occurred_on="2026-11-01")
        response = post_event(client, world.m_member_a, kind="lost_contact", occurred_on="2026-11-02")
        assert response.status_code == 422
        assert response.json()["rule"] == R.R_ACTIVE_ONLY.citation
        assert response.json()["message"] == "杨帆已去世，不能再办理变更"


def test_the_list_costs_the_same_number_of_queries_for_ten_or_fifty_members(world, client_as):
    client = client_as("secretary_a")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/members/?limit=200").status_code == 200
        return len(captured)

    few = queries()
    for k in range(40):
        add_member(world.branch_a, f"新党员{k}", group=world.group_a1)
    assert queries() == few
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/api/v1/members/{world.m_member_a.pk}/events")
    assert len(captured) <= few + 2
