"""师德师风: the yearly assessment (a school's year at once, a former teacher, a duplicate), a
violation with its handling, and the one-vote veto at the edges of its period (judged here; its
use by the decisions and recruitment modules is in tests/test_ethics_veto_across_modules.py). The clock is frozen on 2026-11-23: the veto's period is then 2024-11-23 … 2026-11-23."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dangjian.core.errors import RuleViolation
from dangjian.staff.models import EthicsAssessment
from dangjian.staff.rules import ethics as R
from dangjian.staff.services import ethics
from dangjian.staff.tests.ethics_helpers import TODAY, d, violation, with_ethics_staff
from dangjian.testing import login

EXTEND_SHARED_WORLD = with_ethics_staff


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def refused(call) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        call()
    return caught.value


# --- the yearly assessment -------------------------------------------------------------------

def test_the_secretary_enters_a_school_year_at_once_and_the_ledger_counts_the_grades(world, client):
    login(client, world.secretary_a)
    url = reverse("staff:ethics_assess", kwargs={"school": world.school_a.pk}) + "?year=2026"
    page = client.get(url)
    assert "王建国" in page.text and "钱立" not in page.text  # left in 2025: not on the 2026 table
    response = client.post(url, {"year": "2026", f"grade_{world.t_wang.pk}": "excellent",
                                 f"grade_{world.t_li.pk}": "qualified", f"note_{world.t_li.pk}": "爱岗敬业"})
    assert response.status_code == 302
    ledger = client.get(reverse("staff:ethics_ledger", kwargs={"school": world.school_a.pk}) + "?year=2026").text
    assert "优秀</div><div class=\"fs-4\">1" in ledger and "合格</div><div class=\"fs-4\">1" in ledger
    assert EthicsAssessment.objects.filter(year=2026, staff__school=world.school_a).count() == 2


def test_a_former_teacher_is_refused_naming_the_rule_and_nothing_of_the_year_is_saved(world):
    rows = [(world.t_wang, "qualified", ""), (world.t_former, "qualified", "")]
    refusal = refused(lambda: ethics.record_assessments(world.school_a, year=2026, grades=rows,
                                                        acting_user=world.secretary_a))
    assert refusal.rule == R.R_CURRENT and refusal.index == 1 and "钱立已于2025年06月30日离职" in refusal.message
    assert not EthicsAssessment.objects.filter(year=2026).exists()
    # the year he left in, he is still assessed
    assert ethics.record_assessment(world.t_former, year=2025, grade="qualified", acting_user=world.secretary_a)


def test_a_second_assessment_of_the_same_teacher_and_year_is_refused(world):
    ethics.record_assessment(world.t_zhao, year=2026, grade="qualified", acting_user=world.secretary_a)
    refusal = refused(lambda: ethics.record_assessment(world.t_zhao, year=2026, grade="excellent",
                                                       acting_user=world.secretary_a))
    assert refusal.rule == R.R_ONCE and "不能重复登记" in refusal.message
    refusal = refused(lambda: ethics.record_assessment(world.t_wang, year=2026, grade="甲等",
                                                       acting_user=world.secretary_a))
    assert refusal.rule == R.R_GRADE


def test_many_schools_at_once_are_judged_like_one_and_written_with_one_audit_entry(world):
    from dangjian.core.models import AuditEntry

    # a former teacher anywhere in the batch refuses all of it, with the same rule and row
    rows_a = [(world.t_wang, "excellent", ""), (world.t_former, "qualified", "")]
    refusal = refused(lambda: ethics.record_assessments_bulk({world.school_a: rows_a, world.school_c: []}, year=2026,
                                                             acting_user=None))
    assert refusal.rule == R.R_CURRENT and refusal.index == 1
    # a teacher listed under another school, or one already assessed, likewise
    refusal = refused(lambda: ethics.record_assessments_bulk({world.school_a: [(world.t_sun, "qualified", "")]},
                                                             year=2026, acting_user=None))
    assert refusal.rule == R.R_CURRENT and "不在本校教职工名册中" in refusal.message
    ethics.record_assessment(world.t_zhao, year=2026, grade="qualified", acting_user=None)
    refusal = refused(lambda: ethics.record_assessments_bulk({world.school_a: [(world.t_zhao, "qualified", "")]},
                                                             year=2026, acting_user=None))
    assert refusal.rule == R.R_ONCE
    assert EthicsAssessment.objects.filter(year=2026).count() == 1
    # the user's right is checked on every school: secretary A has none on school C
    with pytest.raises(PermissionDenied):
        ethics.record_assessments_bulk({world.school_c: [(world.t_sun, "qualified", "")]}, year=2026,
                                       acting_user=world.secretary_a)
    before = AuditEntry.objects.count()
    written = ethics.record_assessments_bulk({world.school_a: [(world.t_wang, "excellent", ""),
                                                               (world.t_li, "qualified", " 爱岗敬业 ")],
                                              world.school_c: [(world.t_sun, "basic", "")]},
                                             year=2026, assessed_on=d("2026-11-20"), acting_user=None)
    assert written == 3
    saved = {a.staff_id: a for a in EthicsAssessment.objects.filter(year=2026)}
    assert saved[world.t_li.pk].note == "爱岗敬业" and saved[world.t_sun.pk].grade == "basic"
    assert saved[world.t_wang.pk].assessed_on == d("2026-11-20")
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1 and entry.action == "staff.ethics_assess_bulk"
    assert entry.changes["assessed"] == 3 and entry.changes["schools"] == 2
    # its mark reaches both schools: the organization above them both
    assert all(t.audit_org_path.startswith(entry.org_path) for t in (world.t_wang, world.t_sun))


def test_a_member_without_the_right_cannot_record_and_a_violation_needs_its_facts(world):
    with pytest.raises(PermissionDenied):
        violation(world, world.t_wang, on="2026-10-01", user=world.member_a)
    refusal = refused(lambda: ethics.record_violation(
        world.t_wang, occurred_on=d("2026-10-01"), standard=11, description="x", handling="warning",
        decided_on=d("2026-10-02"), decided_by="学校", acting_user=world.principal_a))
    assert refusal.rule == R.R_STANDARD
    refusal = refused(lambda: ethics.record_violation(
        world.t_wang, occurred_on=d("2026-10-01"), standard=9, description="收受礼品", handling="warning",
        decided_on=d("2026-09-30"), decided_by="学校", acting_user=world.principal_a))
    assert refusal.rule == R.R_FACTS and refusal.field == "decided_on"


# --- the veto's period ------------------------------------------------------------------------

def test_the_veto_period_runs_from_the_same_day_24_months_before_through_the_day_itself(world):
    assert R.veto_window(TODAY) == (d("2024-11-23"), TODAY)
    assert R.veto_window(d("2026-02-28")) == (d("2024-02-28"), d("2026-02-28"))
    assert R.veto_window(d("2028-02-29"))[0] == d("2026-02-28")
    violation(world, world.t_wang, on="2024-11-22")   # the day before the first day
    assert ethics.ethics_veto(world.t_wang, TODAY) is None
    first = violation(world, world.t_li, on="2024-11-23")
    assert ethics.ethics_veto(world.t_li, TODAY) == first
    last = violation(world, world.t_zhao, on="2026-11-23")
    assert ethics.ethics_veto(world.t_zhao, TODAY) == last
    assert ethics.ethics_veto(world.t_zhao, d("2026-11-22")) is None  # not yet on the day before


def test_the_teacher_history_page_shows_the_veto_and_the_api_refuses_with_the_rule(world, client):
    login(client, world.secretary_a)
    api = client
    bad = api.post("/api/v1/staff/ethics/violations", {
        "staff": world.t_wang.pk, "occurred_on": "2026-12-01", "standard": 9, "description": "有偿补课",
        "handling": "warning", "decided_on": "2026-12-01", "decided_by": "学校"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "occurred_on" and bad.json()["rule"]
    made = api.post("/api/v1/staff/ethics/violations", {
        "staff": world.t_wang.pk, "occurred_on": "2026-10-12", "standard": 10, "description": "组织学生有偿补课",
        "handling": "criticism", "decided_on": "2026-10-20", "decided_by": "东城区第一中学"},
        content_type="application/json")
    assert made.status_code == 201 and made.json()["handling_label"] == "批评教育"
    page = api.get(reverse("staff:ethics_history", kwargs={"pk": world.t_wang.pk})).text
    assert "师德一票否决期内" in page and "组织学生有偿补课" in page


def test_the_staff_page_shows_the_ethics_history_only_to_those_who_may_read_it(world, client):
    violation(world, world.t_zhao, on="2026-09-09")
    url = reverse("staff:detail", kwargs={"pk": world.t_zhao.pk})
    login(client, world.secretary_a)
    page = client.get(url).text
    assert "师德档案" in page and "收受学生家长礼品礼金" in page
    login(client, world.org_member_a)  # keeps the register, holds no ethics right
    page = client.get(url).text
    assert "赵明" in page and "师德档案" not in page
