"""The pages in a logged-in client: the secretary records a meeting with its attendance and is
refused with the rule next to the field; the county reads its compliance table; a member sees
their own attendance; the API answers compliance per activity."""

import datetime
import re

import pytest

from dangjian.orglife.models import Meeting
from dangjian.orglife.rules import Kind

pytestmark = pytest.mark.django_db
D = datetime.date


def form(world, **overrides):
    data = {"org": world.branch_a.pk, "kind": Kind.THEME_DAY, "held_on": "2026-11-10", "place": "党员活动室",
            "topic": "重温入党誓词", "host": world.m_secretary_a.pk, "recorder": world.m_org_member_a.pk,
            "minutes": "书记领学，全体党员重温入党誓词。", f"att-{world.m_member_a.pk}": "sick_leave"}
    data.update(overrides)
    return data


def test_the_secretary_records_a_theme_day_with_an_absence(world, client_as, frozen):
    client = client_as("secretary_a")
    assert "出席情况" in client.get(f"/orglife/new/?org={world.branch_a.pk}").content.decode()
    response = client.post("/orglife/new/", form(world))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orglife/{meeting.pk}/"
    assert (meeting.expected_count, meeting.present_count) == (10, 9)
    page = client.get(f"/orglife/{meeting.pk}/").content.decode()
    assert "重温入党誓词" in page and "病假" in page


def test_a_future_date_is_refused_next_to_the_field_with_the_rule(world, client_as, frozen):
    response = client_as("secretary_a").post("/orglife/new/", form(world, held_on="2026-12-01"))
    assert response.status_code == 422
    assert "尚未召开" in response.content.decode() and not Meeting.objects.exists()


def test_the_attendance_table_follows_the_kind_and_date(world, client_as, frozen):
    client = client_as("secretary_a")
    committee = client.get(f"/orglife/attendance/?org={world.branch_a.pk}&kind=committee_meeting&held_on=2026-11-10")
    assert committee.content.decode().count('name="att-') == 2
    before_林晓 = client.get(f"/orglife/attendance/?org={world.branch_a.pk}&kind=theme_day&held_on=2026-05-10")
    assert "林晓" not in before_林晓.content.decode()


def test_a_locked_record_is_corrected_with_a_reason(world, client_as, hold, time_machine):
    meeting = hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 8))
    time_machine.move_to(datetime.datetime(2026, 12, 20, 10, 0, tzinfo=datetime.UTC), tick=False)
    client = client_as("secretary_a")
    assert "更正原因" in client.get(f"/orglife/{meeting.pk}/edit/").content.decode()
    refused = client.post(f"/orglife/{meeting.pk}/edit/", form(world, held_on="2026-11-08"))
    assert refused.status_code == 422
    done = client.post(f"/orglife/{meeting.pk}/edit/", form(world, held_on="2026-11-08", reason="补记杨帆病假"))
    assert done.status_code == 302 and meeting.amendments.count() == 1
    # The record's page names what the correction changed in words, never the fields' code names.
    changed = set(meeting.amendments.get().changes)
    page = client.get(f"/orglife/{meeting.pk}/").content.decode()
    line = page.split("更正了：", 1)[1].split("</div>", 1)[0]
    assert changed and not [key for key in changed if key.isascii() and key in line]
    assert re.search(r"[\u4e00-\u9fff]", line)


def test_the_county_table_shows_its_branches_and_drills_down(world, client_as, hold):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 10, 15))
    page = client_as("county_admin").get(f"/orglife/compliance/?org={world.county_a.pk}&period=2026-Q4&sort=-rate")
    text = page.content.decode()
    assert page.status_code == 200 and "东城区第一中学党支部" in text and "西城区" not in text
    own = client_as("county_admin").get(f"/orglife/compliance/?org={world.branch_a.pk}&period=2026-10").content.decode()
    assert "主题党日" in own and "已完成" in own


def test_a_member_sees_their_own_attendance_only(world, client_as, hold):
    hold(world.branch_a, Kind.THEME_DAY, D(2026, 10, 15), absent={world.m_member_a: "unexcused"})
    client = client_as("member_a")
    assert "无故缺席" in client.get("/orglife/mine/").content.decode()
    assert client.get("/orglife/").status_code == 403


def test_the_api_answers_compliance_per_activity_with_the_rule(world, client_as, hold):
    hold(world.branch_a, Kind.GENERAL_MEETING, D(2026, 9, 30))
    answer = client_as("county_admin").get(
        f"/api/v1/meetings/compliance?org={world.branch_a.pk}&period=2026-Q3").json()
    general = next(a for a in answer["activities"] if a["activity"] == "general_meeting")
    assert (general["required"], general["held"], general["status"]) == (1, 1, "done")
    assert "第十一条" in general["rule"]
    bad = client_as("county_admin").get(f"/api/v1/meetings/compliance?org={world.branch_a.pk}&period=2026-Q5")
    assert bad.status_code == 422 and bad.json()["rule"]
    assert client_as("secretary_b").get(
        f"/api/v1/meetings/compliance?org={world.branch_a.pk}&period=2026-Q3").status_code == 404


def test_the_api_records_a_meeting_and_corrects_its_attendance(world, client_as):
    client = client_as("secretary_a")
    body = {"org": world.branch_a.pk, "kind": "general_meeting", "held_on": "2026-11-20", "place": "会议室",
            "topic": "讨论发展党员工作", "host": world.m_secretary_a.pk,
            "attendance": [{"member_id": world.m_member_a.pk, "present": False, "absence_reason": "sick_leave"}]}
    created = client.post("/api/v1/meetings/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    answer = created.json()
    assert (answer["expected"], answer["present"], answer["quorate"], answer["host"]) == (10, 9, True, "张伟")
    put = client.put(f"/api/v1/meetings/{answer['id']}/attendance",
                     {"attendance": [{"member_id": world.m_member_a.pk, "present": True}]},
                     content_type="application/json")
    assert put.status_code == 200 and put.json()["present"] == 10
    outsider = client.post("/api/v1/meetings/", {**body, "host": world.m_secretary_b.pk},
                           content_type="application/json")
    assert outsider.status_code == 422 and "刘芳" not in outsider.content.decode()
    future = client.post("/api/v1/meetings/", {**body, "held_on": "2026-12-01"}, content_type="application/json")
    assert future.status_code == 422 and "尚未召开" in future.json()["message"] and future.json()["rule"]
    assert client_as("secretary_b").post("/api/v1/meetings/", body,
                                         content_type="application/json").status_code == 404


def test_the_calendar_shows_the_months_held_and_planned_activities(world, client_as, hold):
    from dangjian.orglife.models import PlanItem
    from dangjian.orglife.services import generate_plan, update_plan_item

    hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 10), topic="参观红色教育基地")
    generate_plan(world.branch_a, 2026)
    item = PlanItem.objects.get(org=world.branch_a, kind=Kind.POLITICAL_STUDY, period_start=D(2026, 11, 1))
    update_plan_item(item, planned_on=D(2026, 11, 27), topic="形势政策教育")
    page = client_as("secretary_a").get(f"/orglife/calendar/?org={world.branch_a.pk}&month=2026-11").content.decode()
    assert "主题党日" in page and "思想政治课" in page and "2026年11月" in page
