"""摘星 at any time on one of the set's situations: the 黑榜 notice, the 软弱涣散 list and its
整顿 tasks with owners and deadlines; refused without a situation or a plan, nothing partial
saved; 销号 only when every task is done."""

import pytest

from dangjian.appraisal.models import Revocation, StarRating, WeakOrg, WeakTask
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services import rating_revocation as V
from dangjian.core.models import AuditEntry

from .rating_helpers import (
    city_standard,
    d,
    granted,
    on,
    refused,
    uploads_in_tmp,  # noqa: F401 - an autouse fixture
)

PLAN = [{"title": "重新组织“三会一课”并完整记录", "owner_name": "张伟", "deadline": "2026-06-30"},
        {"title": "书记向县教育党工委作专题说明", "owner_name": "张伟", "deadline": "2026-04-30"}]


@pytest.fixture
def starred(world, time_machine):
    on(time_machine, "2026-01-12")
    standard = city_standard(world)
    rating = granted(world, standard)
    on(time_machine, "2026-03-02")
    return rating


def test_a_star_is_stripped_on_a_situation_with_the_notice_and_a_rectification_plan(world, starred):
    situation = starred.standard.situations.get(order=5)   # 连续 3 个月以上未开展“三会一课”
    revocation = V.revoke(starred, situation=situation, facts="2025年10月至2026年1月未召开支委会和党小组会",
                          occurred_on="2026-02-01", tasks=PLAN, acting_user=world.county_admin)
    rating = StarRating.objects.get(pk=starred.pk)
    assert rating.state == R.State.REVOKED and rating.revoked_on == d("2026-03-02")
    assert revocation.stars_before == starred.stars and revocation.situation_text == situation.text
    assert revocation.notice_no == "示范市党建黑榜〔2026〕1号"
    weak = WeakOrg.objects.get(org=world.branch_a)
    assert weak.state == R.WeakState.RECTIFYING and weak.revocation == revocation
    assert [(t.title, t.owner_name, t.deadline) for t in weak.tasks.order_by("deadline")] == [
        ("书记向县教育党工委作专题说明", "张伟", d("2026-04-30")), ("重新组织“三会一课”并完整记录", "张伟", d("2026-06-30"))]
    assert AuditEntry.objects.filter(action="appraisal.weak_list").exists()


def test_no_star_is_stripped_without_a_situation_and_nothing_is_saved(world, starred):
    error = refused(lambda: V.revoke(starred, situation=None, facts="x", occurred_on="2026-02-01", tasks=PLAN,
                                     acting_user=world.county_admin))
    assert error.rule == R.R_SITUATION and "情形" in error.message
    assert StarRating.objects.get(pk=starred.pk).state == R.State.GRANTED
    assert not Revocation.objects.exists() and not WeakOrg.objects.exists()


def test_a_situation_of_another_set_is_no_situation(world, starred):
    from dangjian.appraisal.standard_examples import FIVE_STARS_THREE_STRONG

    other = city_standard(world, FIVE_STARS_THREE_STRONG, year=2026).situations.first()
    error = refused(lambda: V.revoke(starred, situation=other, facts="x", occurred_on="2026-02-01", tasks=PLAN,
                                     acting_user=world.county_admin))
    assert error.rule == R.R_SITUATION


@pytest.mark.parametrize("tasks", [[], [{"title": "整改", "owner_name": "", "deadline": "2026-06-30"}],
                                   [{"title": "整改", "owner_name": "张伟", "deadline": "2026-03-01"}]])
def test_the_weak_list_needs_a_plan_of_tasks_with_owners_and_deadlines_not_before_today(world, starred, tasks):
    situation = starred.standard.situations.first()
    error = refused(lambda: V.revoke(starred, situation=situation, facts="书记受到党内警告处分", occurred_on="2026-02-01",
                                     tasks=tasks, acting_user=world.county_admin))
    assert error.rule == R.R_WEAK_PLAN
    assert not Revocation.objects.exists() and StarRating.objects.get(pk=starred.pk).state == R.State.GRANTED


def test_a_task_due_today_is_accepted(world, starred):
    situation = starred.standard.situations.first()
    V.revoke(starred, situation=situation, facts="书记受到党内警告处分", occurred_on="2026-02-01",
             tasks=[{"title": "召开专题组织生活会", "owner_name": "张伟", "deadline": "2026-03-02"}],
             acting_user=world.county_admin)
    assert WeakTask.objects.get().deadline == d("2026-03-02")


def test_the_school_cannot_strip_or_keep_its_own_star(world, starred):
    situation = starred.standard.situations.first()
    error = refused(lambda: V.revoke(starred, situation=situation, facts="x", occurred_on="2026-02-01", tasks=PLAN,
                                     acting_user=world.secretary_a))
    assert error.rule == R.R_HIGHER_DECIDES


def test_the_school_works_the_tasks_and_the_county_closes_the_list_when_all_are_done(world, starred):
    situation = starred.standard.situations.first()
    V.revoke(starred, situation=situation, facts="书记受到党内警告处分", occurred_on="2026-02-01", tasks=PLAN,
             acting_user=world.county_admin)
    weak = WeakOrg.objects.get()
    first, second = weak.tasks.order_by("deadline")
    V.complete_task(first, done_on="2026-03-02", note="已向县教育党工委专题说明", acting_user=world.secretary_a)
    error = refused(lambda: V.lift(weak, note="验收合格", acting_user=world.county_admin))
    assert error.rule == R.R_LIFT and "重新组织" in error.message
    assert refused(lambda: V.complete_task(second, done_on="2026-03-03", note="x",
                                           acting_user=world.secretary_a)).rule == R.R_WEAK_PLAN   # tomorrow
    V.complete_task(second, done_on="2026-03-02", note="已补开并规范记录", acting_user=world.secretary_a)
    weak = V.lift(weak, note="整顿到位，同意销号", acting_user=world.county_admin)
    assert weak.state == R.WeakState.LIFTED and weak.lifted_on == d("2026-03-02")


def test_tasks_reported_done_together_are_judged_like_one_and_take_one_step_of_the_audit_chain(world, starred):
    situation = starred.standard.situations.first()
    V.revoke(starred, situation=situation, facts="书记受到党内警告处分", occurred_on="2026-02-01", tasks=PLAN,
             acting_user=world.county_admin)
    first, second = WeakOrg.objects.get().tasks.order_by("deadline")
    error = refused(lambda: V.complete_tasks([(first, d("2026-03-02"), "已说明"), (second, d("2026-03-03"), "已补开")],
                                             acting_user=world.secretary_a))   # tomorrow
    assert (error.rule, error.index) == (R.R_WEAK_PLAN, 1)
    assert refused(lambda: V.complete_tasks([(first, d("2026-03-02"), " ")], acting_user=world.secretary_a)).field == \
        "note"
    assert not WeakTask.objects.filter(done_on__isnull=False).exists()
    head = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert V.complete_tasks([(first, d("2026-03-02"), "已说明"), (second, d("2026-03-01"), "已补开")],
                            acting_user=world.secretary_a) == 2
    assert list(WeakTask.objects.order_by("deadline").values_list("done_on", "done_note")) == [
        (d("2026-03-02"), "已说明"), (d("2026-03-01"), "已补开")]
    entries = AuditEntry.objects.filter(pk__gt=head)
    assert [e.action for e in entries] == ["appraisal.weak_task_done"] * 2
    assert refused(lambda: V.complete_tasks([(first, d("2026-03-02"), "再次")])).code == "duplicate"


def test_a_rating_without_a_star_has_none_to_strip(world, time_machine):
    on(time_machine, "2026-01-12")
    standard = city_standard(world)
    rating = granted(world, standard, full=False)
    situation = standard.situations.first()
    rating.stars = 0   # as if it had scored below the one-star minimum
    rating.save(update_fields=["stars"])
    error = refused(lambda: V.revoke(rating, situation=situation, facts="x", occurred_on="2026-02-01", tasks=PLAN,
                                     acting_user=world.county_admin))
    assert error.rule == R.R_ORDER and "无星可摘" in error.message
