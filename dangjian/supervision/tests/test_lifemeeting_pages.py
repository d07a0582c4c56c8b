"""The 组织生活会 pages: the secretary works through the process page; a refused step comes back
422 with the rule next to the form and nothing saved; the county sees its branches' meetings and
their 情况报告 against the due day; the documents read as a secretary would write them; the
orglife record of the meeting shows the process it belongs to."""

import io

import pytest
from docx import Document

from dangjian.core.pdf import text_of
from dangjian.supervision.models.lifemeeting import LifeMeeting, ReviewMaterial
from dangjian.supervision.services import lifemeeting_meeting as meeting
from dangjian.supervision.tests.lifemeeting_helpers import (
    PLANNED,
    TODAY,
    criticise_all,
    frozen,  # noqa: F401 - a fixture
    held,
    open_branch_a,
)
from dangjian.testing import login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def client_as(client, world):
    def make(persona):
        login(client, world.personas[persona])
        return client
    return make


def test_the_secretary_opens_a_life_meeting_from_the_page(world, client_as):
    client = client_as("secretary_a")
    page = client.get(f"/supervision/life-meetings/new/?org={world.branch_a.pk}")
    assert page.status_code == 200 and "开始准备" in page.content.decode()
    answer = client.post("/supervision/life-meetings/new/", {"org": world.branch_a.pk, "kind": "life_meeting",
                                                             "topic": "2026年度组织生活会", "planned_on": "2026-11-20"})
    life = LifeMeeting.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/supervision/life-meetings/{life.pk}/"
    body = client.get(answer["Location"]).content.decode()
    for text in ("会前准备（完成后才能登记召开）", "学习研讨", "征求意见", "谈心谈话", "对照检查材料", "第十七条"):
        assert text in body


def test_a_material_for_someone_outside_the_branch_is_refused_on_the_page_with_its_rule(world, client_as):
    life = open_branch_a(world)
    client = client_as("secretary_a")
    answer = client.post(f"/supervision/life-meetings/{life.pk}/material/", {
        "member": world.m_secretary_b.pk, "causes": "原因", "problem-1": "学习不够", "measures-1": "加强学习"})
    body = answer.content.decode()
    assert answer.status_code == 422
    assert "不是本支部（参会）党员" in body and "依据：" in body and "第十七条" in body
    assert not ReviewMaterial.objects.exists()


def test_a_study_without_its_topic_comes_back_with_the_form(world, client_as):
    life = open_branch_a(world)
    answer = client_as("secretary_a").post(f"/supervision/life-meetings/{life.pk}/study/",
                                           {"held_on": "2026-11-10", "form": "collective", "topic": ""})
    assert answer.status_code == 422 and "这个字段是必填项" in answer.content.decode()
    assert life.studies.count() == 0


def test_the_hold_page_lists_the_attendance_and_the_leaders(world, client_as):
    life = open_branch_a(world)
    body = client_as("secretary_a").get(f"/supervision/life-meetings/{life.pk}/hold/").content.decode()
    assert "出席情况" in body and "林晓" in body and "双重组织生活" in body


def test_the_county_sees_its_branches_and_the_report_due(world, client_as):
    life = held(world)
    body = client_as("county_admin").get(f"/supervision/life-meetings/?org={world.county_a.pk}&year=2026").content.decode()
    assert life.topic in body and "待报送" in body and "2026-12-05" in body
    assert "东城区实验小学党支部：组织生活会" in body   # not opened yet


def test_another_schools_secretary_does_not_find_the_meeting(world, client_as):
    life = open_branch_a(world)
    assert client_as("secretary_b").get(f"/supervision/life-meetings/{life.pk}/").status_code == 404


def test_the_orglife_record_shows_the_process_it_belongs_to(world, client_as):
    life = held(world)
    body = client_as("secretary_a").get(f"/orglife/{life.meeting_id}/").content.decode()
    assert "组织生活会全过程" in body and f"/supervision/life-meetings/{life.pk}/" in body


def test_the_material_document_has_the_problems_causes_and_measures(world, client_as):
    life = held(world)
    material = ReviewMaterial.objects.get(life=life, member=world.m_member_a)
    answer = client_as("secretary_a").get(f"/supervision/life-meetings/materials/{material.pk}.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(answer.streaming_content))).paragraphs)
    for part in ("2026年度组织生活会对照检查材料", "杨帆同志", "一、查摆的问题", "理论学习不够系统", "二、产生问题的原因",
                 "三、努力方向和整改措施", "整改期限：2027年3月31日", "审核意见：已审核"):
        assert part in text


def test_the_minutes_add_the_criticism_to_orglifes_record(world, client_as):
    life = held(world)
    criticise_all(world, life)
    answer = client_as("secretary_a").get(f"/supervision/life-meetings/{life.pk}/minutes.pdf")
    text = text_of(answer.content)
    assert "2026年度组织生活会会议记录" in text and "批评与自我批评" in text and "杨帆（自我批评）" in text.replace("\n", "")


def test_the_report_goes_to_the_county_with_preparation_meeting_problems_and_items(world, client_as):
    life = held(world)
    criticise_all(world, life)
    meeting.rectify(life, acting_user=world.secretary_a, today=TODAY)
    meeting.send_report(life, reported_on=TODAY, acting_user=world.secretary_a, today=TODAY)
    answer = client_as("secretary_a").get(f"/supervision/life-meetings/{life.pk}/report.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(answer.streaming_content))).paragraphs)
    for part in ("关于召开2026年度组织生活会情况的报告", "东城区教育党工委：", "一、会前准备情况", "二、会议召开情况",
                 f"{PLANNED.year}年{PLANNED.month}月{PLANNED.day}日在党员活动室召开", "三、查摆的主要问题", "四、整改措施",
                 "责任人：杨帆", "2026年11月23日"):
        assert part in text
    assert "草稿" not in text


def test_the_county_list_asks_the_same_number_of_queries_for_more_meetings(world, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.supervision.services import lifemeeting as prep

    client = client_as("county_admin")
    url = f"/supervision/life-meetings/?org={world.county_a.pk}&year=2026"
    open_branch_a(world)
    client.get(url)   # the session's first request warms its caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for org in (world.branch_b, world.joint):
        prep.open_process(org, kind="life_meeting", topic="组织生活会", planned_on=PLANNED, today=TODAY)
    with CaptureQueriesContext(connection) as three:
        body = client.get(url).content.decode()
    assert body.count("/supervision/life-meetings/") >= 3
    assert len(three) == len(one)


def test_a_meeting_already_recorded_in_orglife_is_linked_from_the_hold_page(world, client_as):
    from dangjian.orglife.services import record_meeting
    from dangjian.supervision.tests.lifemeeting_helpers import prepared

    life = prepared(world)
    record = record_meeting(world.branch_a, kind="life_meeting", held_on=PLANNED, place="会议室", topic="组织生活会")
    client = client_as("secretary_a")
    page = client.get(f"/supervision/life-meetings/{life.pk}/hold/").content.decode()
    assert "已登记的会议记录" in page and f"{PLANNED:%Y-%m-%d} 组织生活会" in page
    empty = client.post(f"/supervision/life-meetings/{life.pk}/hold/", {"held_on": "", "place": ""})
    assert empty.status_code == 422 and "请填写召开日期，或选择已登记的会议记录" in empty.content.decode()
    linked = client.post(f"/supervision/life-meetings/{life.pk}/hold/", {"meeting": record.pk})
    assert linked.status_code == 302
    life.refresh_from_db()
    assert (life.meeting, life.stage) == (record, "held")
