"""The ethics one-vote veto across the modules: judged by the staff app
(dangjian.staff.services.ethics), it refuses the decisions module's 评优选优 and 人事职称 matters
naming a teacher with a violation in the period (the refusal names the rule and the record), and
flags — does not refuse — the recruitment file of an applicant who is that teacher. The clock is
frozen on 2026-11-23."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from dangjian.core.errors import RuleViolation
from dangjian.decisions import services as decisions
from dangjian.decisions.rules import Category, State
from dangjian.recruitment import services as recruitment
from dangjian.staff.rules import ethics as R
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


# --- the veto across the modules --------------------------------------------------------------

def test_an_honours_matter_naming_a_vetoed_teacher_is_refused_with_the_rule_and_the_record(world):
    violation(world, world.t_li, on="2026-03-15")
    refusal = refused(lambda: decisions.create_matter(
        world.branch_a, title="2026年度优秀教师推荐", category=Category.HONOURS, persons=[world.t_li, world.t_wang],
        raised_on=TODAY, acting_user=world.principal_a))
    assert refusal.rule == R.R_VETO and refusal.field == "persons"
    assert "李秀英" in refusal.message and "2026年03月15日" in refusal.message and "第九条 坚守廉洁自律" in refusal.message
    assert "中小学教师违反职业道德行为处理办法" in str(refusal.rule)
    refusal = refused(lambda: decisions.create_matter(
        world.branch_a, title="中级职称推荐", category=Category.PERSONNEL_TITLE, persons=[world.t_li.pk],
        raised_on=TODAY, acting_user=world.principal_a))
    assert refusal.rule == R.R_VETO
    passed = decisions.create_matter(world.branch_a, title="2026年度优秀教师推荐", category=Category.HONOURS,
                                     persons=[world.t_wang], raised_on=TODAY, acting_user=world.principal_a)
    assert list(passed.persons.all()) == [world.t_wang]


def test_a_violation_recorded_after_the_matter_was_raised_stops_its_next_step(world):
    matter = decisions.create_matter(world.branch_a, title="师德标兵评选", category=Category.HONOURS,
                                     persons=[world.t_zhao], raised_on=d("2026-11-01"), acting_user=world.principal_a)
    violation(world, world.t_zhao, on="2026-11-10")
    refusal = refused(lambda: decisions.transition(matter, State.PROPOSED, occurred_on=TODAY,
                                                   facts={"meeting_note": "校长办公会研究"}, acting_user=world.principal_a))
    assert refusal.rule == R.R_VETO
    decisions.transition(matter, State.WITHDRAWN, occurred_on=TODAY, acting_user=world.principal_a)


def test_an_honours_matter_may_name_only_staff_of_its_own_school(world):
    refusal = refused(lambda: decisions.create_matter(world.branch_a, title="评优", category=Category.HONOURS,
                                                      persons=[world.t_sun], raised_on=TODAY,
                                                      acting_user=world.principal_a))
    assert refusal.field == "persons" and "本校教职工" in refusal.message


def test_the_recruitment_file_of_an_applicant_who_is_a_vetoed_teacher_is_flagged_not_refused(world, client):
    violation(world, world.t_li, on="2026-05-06")
    file = recruitment.open_file(org=world.branch_a, name="李秀英", id_number=world.t_li.get_id_number(),
                                 applied_on=d("2026-09-01"), acting_user=world.secretary_a)
    other = recruitment.open_file(org=world.branch_a, name="王建国", id_number=world.t_wang.get_id_number(),
                                  applied_on=d("2026-09-01"), acting_user=world.secretary_a)
    login(client, world.secretary_a)
    page = client.get(reverse("recruitment:file", kwargs={"pk": file.pk})).text
    assert 'id="ethics-flag"' in page and "2026年05月06日" in page and "师德一票否决" in page
    assert 'id="ethics-flag"' not in client.get(reverse("recruitment:file", kwargs={"pk": other.pk})).text


def test_the_demo_assesses_every_teacher_and_its_violations_veto_while_its_honours_matter_passes(world):
    from dangjian.decisions.models import Matter
    from dangjian.demo.ethics import write_ethics
    from dangjian.staff.models import EthicsAssessment, EthicsViolation

    counts = write_ethics(TODAY, seed=7)
    assert counts.violations == 2 and counts.honours_matters in (0, 1)  # school B has no staff in this world
    assert EthicsAssessment.objects.filter(year=2025, staff__school=world.school_a).count() == 4  # 钱立 left in 2025
    vetoed = {v.staff for v in EthicsViolation.objects.filter(staff__school=world.school_a)}
    assert len(vetoed) == 2 and all(ethics_veto_of(s) for s in vetoed)
    for matter in Matter.objects.filter(category=Category.HONOURS, persons__isnull=False):
        assert not set(matter.persons.all()) & vetoed
    refusal = refused(lambda: decisions.create_matter(world.branch_a, title="评优", category=Category.HONOURS,
                                                      persons=list(vetoed)[:1], raised_on=TODAY,
                                                      acting_user=world.principal_a))
    assert refusal.rule == R.R_VETO


def ethics_veto_of(staff):
    from dangjian.staff.services.ethics import ethics_veto

    return ethics_veto(staff, TODAY)
