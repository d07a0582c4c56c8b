"""党员统计: the figures against a hand count of the test world, on today and on a past day
(membership periods decide who is counted), with the list's filters; the page and the API with
their permissions; a query count that does not grow with the number of members.

The world (dangjian.testing): county A has 15 members — 东城区第一中学党支部 10 (6 men,
4 women; 林晓 probationary since 2026-06-01), 东城区实验小学党支部 4 (1 woman), the joint branch 1
(a woman); county B has 1. All were born on 1985-03-01 and joined on 2010-07-01 (林晓 excepted),
are 汉族 teachers with no education recorded.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.core.roles import Post
from dangjian.members import services
from dangjian.members.models import Education, EventKind, Job, LeaveKind
from dangjian.members.statistics import member_statistics, members_on
from dangjian.members.views.stats import read_stats_query
from dangjian.orgs.models import Position
from dangjian.testing import add_member, login, make_id_number, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
LAST_YEAR_END = datetime.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def frozen_today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                         tick=False)


def figures(org, day=TODAY, criteria=None):
    return member_statistics(members_on([org.path], day, criteria), day=day, scope_name=org.name)


def received_today(world, name="周新", serial=901):
    return services.receive_from_outside(
        org=world.branch_a, name=name, id_number=make_id_number(datetime.date(1990, 5, 5), serial),
        received_on=TODAY, other_org_name="外省某中学党支部", letter_number="外转〔2026〕8号",
        joined_on=datetime.date(2015, 7, 1), confirmed_on=datetime.date(2016, 7, 1),
    )


# --- the figures -------------------------------------------------------------------------

def test_the_county_figures_match_the_hand_count(world):
    stats = figures(world.county_a)
    assert stats.total == 15
    assert stats.counts("status") == {"正式党员": 14, "预备党员": 1}
    assert stats.counts("gender") == {"男": 9, "女": 6}
    assert stats.counts("age")["41–45岁"] == 15 and sum(stats.counts("age").values()) == 15
    assert stats.counts("years") == {"5年以下": 1, "5–9年": 0, "10–19年": 14, "20–29年": 0, "30年及以上": 0}
    assert stats.counts("ethnicity") == {"汉族": 15, "少数民族": 0}
    assert stats.counts("education") == {"研究生": 0, "大学本科": 0, "大学专科": 0, "中专": 0, "高中及以下": 0,
                                         "未登记": 15}
    assert stats.counts("job")["专任教师"] == 15
    male = stats.table("gender").rows[0]
    assert (male.label, str(male.percent)) == ("男", "60.0")


def test_the_city_counts_both_counties_and_a_branch_only_itself(world):
    assert figures(world.city).total == 16
    assert figures(world.branch_a).counts("gender") == {"男": 6, "女": 4}
    assert figures(world.committee_c).total == 1


def test_ethnicity_education_post_and_age_bands_are_counted_from_the_record(world):
    minorities = ["回族", "回族", "回族", "壮族", "壮族", "满族", "苗族", "藏族", "彝族", "傣族"]
    for i, ethnicity in enumerate(minorities):
        add_member(world.branch_b, f"少数{i}", ethnicity=ethnicity, education=Education.BACHELOR, job=Job.MANAGEMENT,
                   birth=datetime.date(1995, 11, 24), joined_on=datetime.date(2020, 7, 1))  # 30 today, 31 tomorrow
    add_member(world.branch_b, "老王", job=Job.RETIRED, education=Education.POSTGRADUATE,
               birth=datetime.date(1960, 1, 1), joined_on=datetime.date(1990, 7, 1))
    stats = figures(world.branch_b)
    assert stats.total == 15
    rows = stats.counts("ethnicity")
    # 汉族, 少数民族, then the five largest minorities by count (ties by name), the rest summed.
    assert list(rows) == ["汉族", "少数民族", "回族", "壮族", "傣族", "彝族", "满族", "其他少数民族（2 个）"]
    assert (rows["汉族"], rows["少数民族"], rows["回族"], rows["其他少数民族（2 个）"]) == (5, 10, 3, 2)
    assert stats.counts("education")["大学本科"] == 10 and stats.counts("education")["研究生"] == 1
    assert stats.counts("job") == {"专任教师": 4, "管理人员": 10, "工勤人员": 0, "离退休人员": 1}
    assert stats.counts("age")["30岁及以下"] == 10 and stats.counts("age")["61岁及以上"] == 1
    assert stats.counts("years")["30年及以上"] == 1


def test_percentages_add_up_and_an_empty_scope_has_none(world):
    stats = figures(world.county_a)
    assert sum(row.percent for row in stats.table("gender").rows) == 100
    empty = figures(world.school_p.supervisor, day=datetime.date(2000, 1, 1))
    assert empty.total == 0 and all(row.percent is None for row in empty.table("gender").rows)


# --- as of a past day --------------------------------------------------------------------

def test_a_member_received_today_counts_today_but_not_on_last_years_last_day(world):
    received_today(world)
    assert figures(world.branch_a).total == 11
    assert figures(world.branch_a, LAST_YEAR_END).total == 9  # 林晓 joined in June 2026, 周新 today


def test_a_member_who_left_today_still_counts_on_last_years_last_day(world):
    services.record_event(world.m_member_a, EventKind.LEFT, TODAY, leave_kind=LeaveKind.WITHDREW,
                          decision_org="东城区教育党工委")
    assert figures(world.branch_a).total == 9
    on_day = figures(world.branch_a, LAST_YEAR_END)
    assert on_day.total == 9 and on_day.counts("gender")["男"] == 5  # 杨帆 included, 林晓 not yet a member


def test_a_member_who_moved_school_counts_where_they_were_on_the_day(world):
    from dangjian.members.services import accept_transfer, start_transfer

    transfer = start_transfer(world.m_member_a, to_org=world.branch_b, letter_number="东转〔2026〕3号",
                              requested_on=datetime.date(2026, 3, 1))
    accept_transfer(transfer, decided_on=datetime.date(2026, 3, 10))
    assert figures(world.branch_a, LAST_YEAR_END).total == 9
    assert figures(world.branch_b, LAST_YEAR_END).total == 4
    assert (figures(world.branch_a).total, figures(world.branch_b).total) == (9, 5)


def test_category_age_and_years_are_taken_on_the_day(world):
    member = add_member(world.branch_b, "钱程", joined_on=datetime.date(2025, 3, 1),
                        birth=datetime.date(1995, 11, 23))  # 转正 on 2026-03-01; 31 today
    assert member.confirmed_on == datetime.date(2026, 3, 1)
    past = figures(world.branch_b, LAST_YEAR_END)
    assert past.counts("status") == {"正式党员": 4, "预备党员": 1}
    assert past.counts("age")["30岁及以下"] == 1
    now = figures(world.branch_b)
    assert now.counts("status") == {"正式党员": 5, "预备党员": 0}
    assert now.counts("age")["31–35岁"] == 1 and now.counts("age")["30岁及以下"] == 0


# --- the filters and the scope -----------------------------------------------------------

def test_the_list_filters_narrow_the_figures(world):
    query = read_stats_query(world.county_admin, {"within": str(world.county_a.pk), "gender": "female"})
    assert query.stats.total == 6 and query.stats.counts("gender") == {"男": 0, "女": 6}
    query = read_stats_query(world.county_admin, {"org": str(world.branch_a.pk), "status": "probationary"})
    assert query.stats.total == 1 and query.stats.scope_name == "东城区第一中学党支部"
    assert query.described == {"所在党组织": "东城区第一中学党支部", "党员类别": "预备党员"}


def test_without_a_range_each_user_gets_their_own_scope(world):
    assert read_stats_query(world.city_admin, {}).stats.total == 16
    assert read_stats_query(world.county_admin, {}).stats.total == 15
    assert read_stats_query(world.secretary_a, {}).stats.total == 10
    assert read_stats_query(world.secretary_b, {}).stats.scope_name == "东城区实验小学党支部"


def test_a_range_outside_the_scope_is_not_found(world):
    assert read_stats_query(world.secretary_b, {"within": str(world.branch_a.pk)}).not_found
    assert read_stats_query(world.county_admin, {"within": str(world.county_b.pk)}).not_found


# --- the page ------------------------------------------------------------------------------

def get_page(client, user, **params):
    login(client, user)
    return client.get(reverse("members:stats"), params)


def test_the_county_admin_sees_tables_charts_and_the_export_link(client, world):
    response = get_page(client, world.county_admin)
    html = response.content.decode()
    assert response.status_code == 200
    for title in ("按党员类别", "按性别", "按民族", "按年龄", "按学历", "按工作岗位", "按党龄"):
        assert title in html
    assert 'id="stats-chart-data"' in html and "members/stats.js" in html
    assert "<script>" not in html  # data only through json_script; no inline code (CSP 'self')
    assert reverse("members:stats_export") in html and reverse("members:roster") in html
    assert "60.0%" in html  # 男 9 of 15


def test_the_page_keeps_the_range_and_day_and_reports_a_bad_day(client, world):
    response = get_page(client, world.county_admin, within=world.county_a.pk, as_of="2025-12-31")
    assert response.context["stats"].total == 14 and "2025年12月31日" in response.content.decode()
    response = get_page(client, world.county_admin, as_of="2025-02-30")
    assert response.status_code == 200 and response.context["stats"] is None
    assert "日期格式应为 2026-11-23" in response.content.decode()
    response = get_page(client, world.county_admin, as_of="2027-01-01")
    assert "截至日期不能晚于今天" in response.content.decode()


@pytest.mark.parametrize("persona", ["principal_a", "member_a"])
def test_those_who_may_not_see_members_get_403(client, world, persona):
    assert get_page(client, world.personas[persona]).status_code == 403


def test_another_schools_range_is_404_for_a_secretary(client, world):
    assert get_page(client, world.secretary_b, within=world.branch_a.pk).status_code == 404
    assert get_page(client, world.secretary_b, org=world.branch_a.pk).status_code == 404


def test_a_member_without_export_right_sees_the_figures_but_no_roster_links(client, world):
    publicity = make_user("publicity_a", "宣传委员")
    Position.objects.create(org=world.branch_a, post=Post.PUBLICITY_MEMBER, user=publicity, person_name="宣传委员",
                            started_on=datetime.date(2024, 9, 1))
    response = get_page(client, publicity)
    assert response.status_code == 200 and response.context["stats"].total == 10
    assert response.context["rosters"] is None


def test_the_page_query_count_does_not_grow_with_the_members(client, world):
    login(client, world.county_admin)
    url = reverse("members:stats")
    client.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"within": world.county_a.pk})
    for i in range(25):
        add_member(world.branch_b, f"新增{i}", ethnicity=["回族", "壮族", "满族"][i % 3], education=Education.BACHELOR)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url, {"within": world.county_a.pk})
    assert response.context["stats"].total == 40
    assert len(after) == len(before) <= 20


def test_the_figures_cost_two_queries(world, django_assert_num_queries):
    queryset = members_on([world.city.path], TODAY)
    with django_assert_num_queries(2):
        member_statistics(queryset, day=TODAY, scope_name="示范市教育工委")


# --- the API -------------------------------------------------------------------------------

def api(client, user, **params):
    login(client, user)
    return client.get("/api/v1/stats/members", params)


def test_the_api_answers_the_same_tables_as_json(client, world):
    body = api(client, world.county_admin, within=world.county_a.pk, as_of="2025-12-31").json()
    assert body["total"] == 14 and body["as_of"] == "2025-12-31" and body["scope"] == "东城区教育党工委"
    gender = next(t for t in body["tables"] if t["key"] == "gender")
    assert [(r["label"], r["count"]) for r in gender["rows"]] == [("男", 8), ("女", 6)]


def test_the_api_filters_like_the_list(client, world):
    body = api(client, world.county_admin, gender="female", org=world.branch_a.pk).json()
    assert body["total"] == 4


def test_the_api_refuses_a_bad_date_in_the_error_shape(client, world):
    response = api(client, world.county_admin, as_of="2025-13-01")
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "rule", "field"} and response.json()["field"] == "as_of"
    response = api(client, world.county_admin, as_of="2099-01-01")
    assert response.status_code == 422 and "不能晚于今天" in response.json()["message"]
    response = api(client, world.county_admin, education="phd")
    assert response.status_code == 422 and response.json()["field"] == "education"


def test_the_api_hides_another_range_and_refuses_the_principal(client, world):
    response = api(client, world.secretary_b, within=world.branch_a.pk)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert api(client, world.principal_a).status_code == 403
