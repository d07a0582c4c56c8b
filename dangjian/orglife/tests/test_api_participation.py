"""The members' side of organizational life through the API: participation with the 自行脱党 risk
(党章 第九条) and the yearly person checks of 落实情况, from the same readers as the pages.
Frozen on 2026-11-23 (last ended month: October)."""

import datetime

import pytest

from dangjian.orglife.rules import PERSON_CHECK_RULES, R_LAPSE, R_LAPSE_WARNING, Kind, PersonCheck

pytestmark = pytest.mark.django_db
D = datetime.date


def test_six_months_absent_without_reason_is_the_risk_the_constitution_names(world, hold, client_as):
    for month in range(5, 11):
        hold(world.branch_a, Kind.THEME_DAY, D(2026, month, 12), absent={world.m_member_a: "unexcused"})
    answer = client_as("secretary_a").get("/api/v1/meetings/participation",
                                          {"org": world.branch_a.pk, "at_risk": "true"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["rule"], body["at_risk"]) == (f"{R_LAPSE}；{R_LAPSE_WARNING}", 1)
    [row] = body["items"]
    assert (row["member_id"], row["run"], row["level"], row["rate"]) == (world.m_member_a.pk, 6, "danger", 0.0)
    assert "自行脱党" in row["level_label"]


def test_the_members_lacking_a_heart_talk_are_named_with_the_rule(world, hold, client_as):
    hold(world.branch_a, Kind.HEART_TALK, D(2026, 11, 5), absent={world.m_member_a: "sick_leave"})
    answer = client_as("secretary_a").get("/api/v1/meetings/compliance/members", {"org": world.branch_a.pk})
    assert answer.status_code == 200
    talks = next(c for c in answer.json()["checks"] if c["check"] == "heart_talk_each")
    assert talks["status"] == "pending"  # the year is not over
    assert talks["lacking"] == [{"member_id": world.m_member_a.pk, "name": "杨帆"}]
    assert talks["rule"] == PERSON_CHECK_RULES[PersonCheck.HEART_TALK_EACH].citation


def test_another_schools_branch_is_missing_and_a_bad_year_is_bad_input(world, client_as):
    client = client_as("secretary_b")
    assert client.get("/api/v1/meetings/participation", {"org": world.branch_a.pk}).status_code == 404
    assert client.get("/api/v1/meetings/compliance/members", {"org": world.branch_a.pk}).status_code == 404
    bad = client.get("/api/v1/meetings/participation", {"org": world.branch_b.pk, "year": "1900"})
    assert (bad.status_code, bad.json()["field"]) == (422, "year")
