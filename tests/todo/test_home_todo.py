"""The home page's to-do (工作台), per persona, from live data: each module's line appears from
the same rules its pages use, links to the place where the work is done, and is gone once the
work is done; nobody sees another school's to-do; the home stays within a fixed number of
queries however large the subtree.

The clock is frozen on Monday 2026-11-23: November ends in a week (the reminders' "due soon"
window), the fourth quarter in five weeks."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from dangjian.core.todo import DUE_SOON, OVERDUE, TODO
from dangjian.decisions import services as decisions
from dangjian.decisions.rules import State
from dangjian.dues import services as dues
from dangjian.members.models import Member
from dangjian.orglife.services import record_meeting, write_note
from dangjian.recruitment.services import open_file, record_step
from dangjian.testing import login, make_id_number

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)
d = datetime.date.fromisoformat


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def todo_of(client, user) -> list:
    login(client, user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.context["todo"]


def line(items, text):
    """The one line whose title contains `text` (None if there is none)."""
    found = [i for i in items if text in i.title]
    assert len(found) <= 1, [i.title for i in found]
    return found[0] if found else None


def hold(world, kind, day, **facts):
    return record_meeting(world.branch_a, kind=kind, held_on=d(day), place="党员活动室",
                          topic=facts.pop("topic", "学习贯彻党的二十届四中全会精神"), **facts)


# --- 组织生活 ----------------------------------------------------------------------------------

def test_the_secretary_sees_this_months_theme_day_due_and_it_goes_once_held(client, world):
    items = todo_of(client, world.secretary_a)
    due = line(items, "本月尚未开展主题党日")
    assert due.level == DUE_SOON and due.due == d("2026-11-30") and due.module == "组织生活"
    assert due.url == f"{reverse('orglife:create')}?org={world.branch_a.pk}&kind=theme_day"
    assert line(items, "本季度尚未开展支部党员大会").level == TODO
    missed = line(items, "主题党日今年缺 10 次")
    assert missed.level == OVERDUE and "8月、9月、10月等" in missed.title

    hold(world, "theme_day", "2026-11-20")

    items = todo_of(client, world.secretary_a)
    assert line(items, "本月尚未开展主题党日") is None
    assert line(items, "本季度尚未开展支部党员大会") is not None


def test_a_meeting_made_up_for_a_month_shortens_the_overdue_line(client, world):
    hold(world, "theme_day", "2026-11-10", makeup_for=d("2026-10-01"))
    assert line(todo_of(client, world.secretary_a), "主题党日今年缺 9 次") is not None


def test_the_countys_organizational_life_line_is_kept_five_minutes_not_folded_on_every_visit(
        client, world, time_machine):
    first = line(todo_of(client, world.county_admin), "今年组织生活有缺失")
    assert first.note == "每 5 分钟更新" and "（共 98 项）" in first.title
    hold(world, "theme_day", "2026-11-10", makeup_for=d("2026-10-01"))   # October's, made up
    assert line(todo_of(client, world.county_admin), "（共 98 项）") is not None   # as five minutes ago
    time_machine.shift(datetime.timedelta(minutes=6))
    assert line(todo_of(client, world.county_admin), "（共 97 项）") is not None


def test_the_county_sees_the_schools_behind_on_organizational_life_with_a_link_each(client, world):
    behind = line(todo_of(client, world.county_admin), "今年组织生活有缺失")
    assert behind.level == OVERDUE
    names = [s.name for s in behind.schools]
    assert "东城区第一中学党支部" in names and "西城区第二中学党委" not in names
    school = next(s for s in behind.schools if s.name == "东城区第一中学党支部")
    assert school.url == f"{reverse('orglife:compliance')}?org={world.branch_a.pk}&period=2026"


# --- 党费 -------------------------------------------------------------------------------------

def test_the_organization_member_generates_the_month_then_sets_the_missing_bases(client, world):
    assert line(todo_of(client, world.org_member_a), "2026年11月党费台账尚未生成").url == (
        f"{reverse('dues:ledger')}?org={world.branch_a.pk}&month=2026-11")

    dues.generate_ledger(world.branch_a, d("2026-11-01"), acting_user=world.org_member_a)
    items = todo_of(client, world.org_member_a)
    assert line(items, "台账尚未生成") is None
    missing = line(items, "名党员缺少缴费基数")
    assert missing.count == 10 and missing.url.endswith("#missing-base")

    for member in Member.objects.filter(org=world.branch_a):
        dues.set_base(member, base="4200.00", category="in_service", effective_month=d("2026-11-01"))
    items = todo_of(client, world.org_member_a)
    assert line(items, "缺少缴费基数") is None
    unpaid = line(items, "本月党费尚有 10 人未交")
    assert unpaid.level == DUE_SOON and unpaid.due == d("2026-11-30")   # the month's last ten days


def test_a_member_received_after_the_ledger_was_made_is_a_line_until_his_base_is_set(client, world):
    from dangjian.testing.world import add_member

    dues.generate_ledger(world.branch_a, d("2026-11-01"))
    newcomer = add_member(world.branch_a, "新转入", joined_on=d("2015-07-01"))
    left_out = line(todo_of(client, world.org_member_a), "名党员未列入本月党费台账")
    assert left_out.count == 1 and left_out.url.endswith("#left-out")

    dues.set_base(newcomer, base="4200.00", category="in_service", effective_month=d("2026-11-01"))
    assert line(todo_of(client, world.org_member_a), "未列入本月党费台账") is None


def arrears_of_three_months(world):
    """Branch A billed from August to October with bases, and nobody paid but the secretary."""
    for member in Member.objects.filter(org=world.branch_a):
        dues.set_base(member, base="4200.00", category="in_service", effective_month=d("2026-08-01"))
    for month in ("2026-08-01", "2026-09-01", "2026-10-01"):
        dues.generate_ledger(world.branch_a, d(month))
        line_ = dues.line_for(world.m_secretary_a, d(month))
        dues.record_payment(line_, amount=line_.amount_due, method="cash", paid_on=d(month),
                            idempotency_key=f"todo-{month}")


def test_three_months_of_arrears_are_red_for_the_school_and_counted_per_school_for_the_county(client, world):
    arrears_of_three_months(world)

    school = line(todo_of(client, world.secretary_a), "连续 3 个月以上未交纳党费")
    assert school.level == OVERDUE and school.count == 9
    county = line(todo_of(client, world.county_admin), "连续 3 个月以上未交纳党费")
    assert [(s.name, s.count) for s in county.schools] == [("东城区第一中学党支部", 9)]
    assert county.schools[0].url == f"{reverse('dues:arrears')}?org={world.branch_a.pk}"
    assert line(todo_of(client, world.secretary_b), "未交纳党费") is None


def test_a_member_sees_his_dues_this_month_and_his_arrears(client, world):
    arrears_of_three_months(world)
    dues.generate_ledger(world.branch_a, d("2026-11-01"))

    items = todo_of(client, world.member_a)
    assert line(items, "2026年11月党费 42.00 元待交纳").url == reverse("dues:mine")
    assert line(items, "已连续 3 个月未交纳党费").level == OVERDUE

    paid = dues.line_for(world.m_member_a, d("2026-11-01"))
    dues.record_payment(paid, amount=paid.amount_due, method="cash", paid_on=TODAY, idempotency_key="todo-nov")
    assert line(todo_of(client, world.member_a), "2026年11月党费") is None


# --- 发展党员 ----------------------------------------------------------------------------------

def applicant(world, applied="2026-10-01"):
    return open_file(org=world.branch_a, name="赵明", id_number=make_id_number(datetime.date(2000, 5, 4), 700),
                     applied_on=d(applied), unit="东城区第一中学 数学教师")


def test_an_overdue_talk_is_the_secretarys_and_links_to_the_file_where_it_is_recorded(client, world):
    file = applicant(world)
    talk = line(todo_of(client, world.secretary_a), "赵明：02 党组织派人谈话")
    assert talk.level == OVERDUE and talk.url == reverse("recruitment:file", kwargs={"pk": file.pk})
    assert line(todo_of(client, world.secretary_b), "赵明") is None

    record_step(file, "02", {"talker": "陈静", "occurred_on": "2026-10-20"}, reason="谈话人出差，延后一周")
    assert line(todo_of(client, world.secretary_a), "02 党组织派人谈话") is None


def test_the_filing_with_the_higher_committee_is_the_countys_line_not_the_branchs(client, world):
    file = applicant(world, "2025-09-01")
    record_step(file, "02", {"talker": "陈静", "occurred_on": "2025-09-20"})
    record_step(file, "03", {"recommendation": "members", "decided_by": "committee_meeting",
                             "occurred_on": "2026-03-01"})

    county = line(todo_of(client, world.county_admin), "赵明（入党积极分子）的档案等待“报上级党委备案”")
    assert county.url == reverse("recruitment:file", kwargs={"pk": file.pk})
    assert [s.name for s in county.schools] == ["东城区第一中学党支部"]
    assert line(todo_of(client, world.county_b_admin), "赵明") is None
    assert line(todo_of(client, world.secretary_a), "等待上级党委办理").level == "info"

    record_step(file, "04", {"occurred_on": "2026-03-10"}, acting_user=world.county_admin)
    assert line(todo_of(client, world.county_admin), "赵明") is None


# --- 议事决策 ----------------------------------------------------------------------------------

def talked_over(world, title="操场塑胶跑道改造"):
    matter = decisions.create_matter(world.branch_a, title=title, category="construction", amount="380000",
                                     raised_on=d("2026-11-02"), acting_user=world.principal_a)
    decisions.transition(matter, State.PROPOSED, occurred_on=d("2026-11-05"),
                         facts={"meeting_note": "校长办公会研究，同意提交支委会"}, acting_user=world.principal_a)
    return decisions.transition(matter, State.COMMUNICATED, occurred_on=d("2026-11-06"),
                                facts={"communication": "书记与校长当面沟通", "consultation": "已个别酝酿"},
                                acting_user=world.secretary_a)


def test_a_matter_talked_over_waits_for_the_party_meeting_on_the_secretarys_home(client, world):
    talked_over(world)
    waiting = line(todo_of(client, world.secretary_a), "个议题待提交党组织会议研究决定")
    assert waiting.count == 1 and waiting.url == f"{reverse('decisions:meeting_new')}?org={world.branch_a.pk}"
    stands = line(todo_of(client, world.principal_a), "操场塑胶跑道改造")
    assert "已酝酿沟通" in stands.title and stands.level == "info"


def test_the_principal_owns_an_execution_that_is_overdue_and_it_goes_when_closed(client, world):
    matter = decisions.create_matter(world.branch_a, title="更换教室照明", category="routine", raised_on=d("2026-10-08"),
                                     acting_user=world.principal_a)
    decisions.transition(matter, State.PROPOSED, occurred_on=d("2026-10-09"),
                         facts={"meeting_note": "校长办公会研究"}, acting_user=world.principal_a)
    decisions.transition(matter, State.EXECUTING, occurred_on=d("2026-10-10"), owner=world.principal_a,
                         facts={"unit": "总务处", "deadline": "2026-11-10"}, acting_user=world.principal_a)

    own = line(todo_of(client, world.principal_a), "执行决定：更换教室照明")
    assert own.level == OVERDUE and own.url == reverse("decisions:matter", args=[matter.pk])
    overdue = line(todo_of(client, world.county_admin), "项决定执行已逾期")
    assert [(s.name, s.count) for s in overdue.schools] == [("东城区第一中学党支部", 1)]

    decisions.report_progress(matter, reported_on=TODAY, progress=100, text="已全部更换", acting_user=world.principal_a)
    decisions.transition(matter, State.CLOSED, occurred_on=TODAY, acting_user=world.principal_a)
    assert line(todo_of(client, world.principal_a), "更换教室照明") is None


# --- 整改台账 ----------------------------------------------------------------------------------

def test_an_owner_sees_her_item_due_and_the_county_the_closure_it_decides(client, world, settings, tmp_path):
    from dangjian.supervision.services import rectification_flow as flow
    from dangjian.supervision.tests.rectification_helpers import evidence, inspection_batch, item

    settings.MEDIA_ROOT = tmp_path
    batch = inspection_batch(world, items=[item("“三会一课”记录不完整", owner="陈静", deadline="2026-11-30"),
                                           item("谈心谈话未全覆盖", deadline="2026-11-01")])
    records = batch.items.get(number=1)
    own = line(todo_of(client, world.org_member_a), "整改：“三会一课”记录不完整")
    assert own.level == DUE_SOON and own.url == reverse("supervision:item", args=[records.pk])
    overdue = line(todo_of(client, world.county_admin), "项整改任务已逾期")
    assert [(s.name, s.count) for s in overdue.schools] == [("东城区第一中学党支部", 1)]

    flow.request_closure(records, text="已补齐记录", files=[evidence()], acting_user=world.org_member_a)
    assert line(todo_of(client, world.org_member_a), "记录不完整") is None
    assert line(todo_of(client, world.county_admin), "申请销号，待审核").count == 1


def test_a_closure_of_the_citys_own_inspection_is_the_citys_to_decide_not_the_countys(client, world, settings,
                                                                                      tmp_path):
    """The city's 巡察 of a school: its 销号 is decided by the issuing level (R_CLOSE_BY_ISSUER), the
    city, not by the county between them; the city's line counts only what it decides itself."""
    from dangjian.supervision.services import rectification_flow as flow
    from dangjian.supervision.tests.rectification_helpers import evidence, inspection_batch, item

    settings.MEDIA_ROOT = tmp_path
    batch = inspection_batch(world, items=[item("党员发展计划与实际执行不一致", owner="陈静")], issuer=world.city,
                             by=world.city_admin, reference="示教巡反〔2026〕1号")
    [requested] = batch.items.all()
    flow.request_closure(requested, text="已制定年度发展计划", files=[evidence()], acting_user=world.org_member_a)

    decide = line(todo_of(client, world.city_admin), "申请销号，待审核")
    assert decide.count == 1 and decide.level == TODO and decide.url == reverse("supervision:todo")
    assert line(todo_of(client, world.county_admin), "申请销号") is None

    flow.approve_closure(requested, acting_user=world.city_admin)
    assert line(todo_of(client, world.city_admin), "申请销号") is None


# --- 民主评议 ----------------------------------------------------------------------------------

def test_a_member_is_asked_for_his_self_report_until_written_and_his_ballot_until_cast(client, world, time_machine):
    from dangjian.appraisal.rules import review as AR
    from dangjian.appraisal.services import review_poll
    from dangjian.appraisal.services.review_reports import save_self_report
    from dangjian.appraisal.tests.review_helpers import branch_a_round, on, to_poll

    on(time_machine, "2026-11-23")
    report = line(todo_of(client, world.member_a), "撰写2026年第四季度自查")
    assert report.url == f"{reverse('appraisal:self_reports')}?period=q4"
    save_self_report(world.m_member_a, year=2026, period="q4", parts={"study": "学习党章"}, acting_user=world.member_a)
    assert line(todo_of(client, world.member_a), "第四季度自查") is None

    on(time_machine, "2026-12-02")
    assert line(todo_of(client, world.member_a), "撰写2026年年终总评") is not None
    round_ = to_poll(world, branch_a_round(world), mode=AR.PollMode.ONLINE)
    items = todo_of(client, world.member_a)
    assert line(items, "民主测评").url == reverse("appraisal:review_ballot", args=[round_.pk])
    assert line(items, "年终总评") is None   # locked once the poll opened: nothing to ask for
    review_poll.cast_ballot(round_, voter=world.m_member_a, choices={str(world.m_secretary_a.pk): "qualified"},
                            acting_user=world.member_a)
    assert line(todo_of(client, world.member_a), "民主测评") is None


# --- terms, study, scoping, queries -----------------------------------------------------------

def test_a_term_ending_within_the_window_is_due_soon_for_the_secretary(client, world):
    world.branch_b.term_end = d("2026-12-31")
    world.branch_b.save(update_fields=["term_end"])
    term = line(todo_of(client, world.secretary_b), "任期将于 2026年12月31日 届满")
    assert term.level == DUE_SOON and term.url == reverse("orgs:detail", args=[world.branch_b.pk])
    assert line(todo_of(client, world.secretary_a), "任期") is None
    assert [s.name for s in line(todo_of(client, world.county_admin), "任期即将届满").schools] == ["东城区实验小学党支部"]


def test_a_member_sees_his_reading_notes_until_the_years_target_is_met_and_the_secretary_counts_them(client, world):
    assert "今年读书笔记 0 字" in line(todo_of(client, world.member_a), "读书笔记").title
    assert line(todo_of(client, world.secretary_a), "名党员今年读书笔记未达 10,000 字").count == 10
    write_note(world.m_member_a, title="学习心得", book="《习近平谈治国理政》", content="学" * 10_000,
               written_on=TODAY, acting_user=world.member_a)
    assert line(todo_of(client, world.member_a), "读书笔记") is None
    assert line(todo_of(client, world.secretary_a), "名党员今年读书笔记未达 10,000 字").count == 9


def test_nobody_sees_another_schools_lines(client, world):
    applicant(world)
    talked_over(world)
    arrears_of_three_months(world)
    foreign = todo_of(client, world.secretary_b)
    assert not [i for i in foreign if "赵明" in i.title or "未交纳" in i.title or "议题" in i.title]
    assert all("东城区第一中学" not in s.name for i in todo_of(client, world.county_b_admin) for s in i.schools)
    # and the lines' own links answer "not found" to the other school's secretary
    talk = line(todo_of(client, world.secretary_a), "赵明")
    login(client, world.secretary_b)
    assert client.get(talk.url).status_code == 404


def test_the_countys_home_needs_no_more_queries_for_more_schools_with_work_in_them(
        client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangjian.orgs.models import PartyOrg
    from dangjian.orgs.tests.growth import grow_county_a

    applicant(world)
    talked_over(world)
    arrears_of_three_months(world)
    login(client, world.county_admin)
    # Both visits start from an empty cache (the session too is then read from its table): the
    # organizational-life line is kept five minutes and the home page's snapshot until a write.
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("core:home"))
    grow_county_a(world, 8)
    for i, branch in enumerate(PartyOrg.objects.filter(name__startswith="东城区第", name__endswith="小学党支部")):
        open_file(org=branch, name=f"申请人{i}", id_number=make_id_number(datetime.date(1999, 1, 1), 800 + i),
                  applied_on=d("2026-09-01"))
    cache.clear()   # the organizational-life line is kept five minutes: measure it computed again
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(reverse("core:home"))
    assert len(line(response.context["todo"], "今年组织生活有缺失").schools) == 11
