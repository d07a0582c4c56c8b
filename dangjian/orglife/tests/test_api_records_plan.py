"""Correcting a record, the annual plan and a member's reading notes through the API, as the
pages 编辑记录, 年度计划 and 我的读书笔记: the same services and rules. Frozen on 2026-11-23."""

import datetime
import json

import pytest

from dangjian.orglife.models import Meeting
from dangjian.orglife.rules import R_LOCKED, Kind

pytestmark = pytest.mark.django_db
D = datetime.date


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_record_is_corrected_freely_then_only_with_a_reason(world, hold, client_as):
    m = hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 20))
    client = client_as("secretary_a")
    saved = send(client, "patch", f"/api/v1/meetings/{m.pk}", {"topic": "重温入党誓词"})
    assert (saved.status_code, saved.json()["topic"]) == (200, "重温入党誓词")
    # entered 20 days ago: past the grace period, the record is locked
    Meeting.objects.filter(pk=m.pk).update(created_at=m.created_at - datetime.timedelta(days=20))
    locked = send(client, "patch", f"/api/v1/meetings/{m.pk}", {"place": "会议室"})
    assert (locked.status_code, locked.json()["field"], locked.json()["rule"]) == (422, "reason", R_LOCKED.citation)
    amended = send(client, "patch", f"/api/v1/meetings/{m.pk}", {"place": "会议室", "reason": "地点登记有误"})
    assert (amended.status_code, amended.json()["place"], amended.json()["amendments"]) == (200, "会议室", 1)


def test_another_schools_record_is_missing_and_an_unknown_kind_is_bad_input(world, hold, client_as):
    m = hold(world.branch_a, Kind.THEME_DAY, D(2026, 11, 20))
    assert send(client_as("secretary_b"), "patch", f"/api/v1/meetings/{m.pk}", {"topic": "x"}).status_code == 404
    bad = send(client_as("secretary_a"), "patch", f"/api/v1/meetings/{m.pk}", {"kind": "party"})
    assert (bad.status_code, bad.json()["field"]) == (422, "kind")


def test_the_plan_is_generated_once_and_an_item_keeps_to_its_period(world, client_as):
    client = client_as("secretary_a")
    made = send(client, "post", "/api/v1/meetings/plan", {"org": world.branch_a.pk, "year": 2026})
    assert made.status_code == 200 and made.json()["added"] > 0
    again = send(client, "post", "/api/v1/meetings/plan", {"org": world.branch_a.pk, "year": 2026}).json()
    assert again["added"] == 0 and len(again["items"]) == made.json()["added"]
    december = next(i for i in again["items"] if i["period"].endswith("12月"))
    refused = send(client, "patch", f"/api/v1/meetings/plan/{december['id']}", {"planned_on": "2026-01-05"})
    assert (refused.status_code, refused.json()["field"]) == (422, "planned_on")
    saved = send(client, "patch", f"/api/v1/meetings/plan/{december['id']}", {"planned_on": "2026-12-18", "topic": "年终学习"})
    assert (saved.status_code, saved.json()["topic"]) == (200, "年终学习")
    assert send(client_as("secretary_b"), "post", "/api/v1/meetings/plan",
                {"org": world.branch_a.pk, "year": 2026}).status_code == 404


def test_a_member_writes_her_own_note_and_an_account_without_a_record_cannot(world, client_as):
    body = {"title": "学习心得", "book": "《中国共产党章程》", "content": "坚定理想信念，" * 10}
    written = send(client_as("member_a"), "post", "/api/v1/study-notes/", body)
    assert (written.status_code, written.json()["char_count"], written.json()["year_total"]) == (201, 70, 70)
    assert send(client_as("city_admin"), "post", "/api/v1/study-notes/", body).status_code == 404
    empty = send(client_as("member_a"), "post", "/api/v1/study-notes/", {**body, "content": "   "})
    assert (empty.status_code, empty.json()["field"]) == (422, "content")
