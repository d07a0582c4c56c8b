"""摘星 at any time on one of the set's situations: the rating loses its star, the 黑榜通报 is
written (a Revocation with its notice number), and the organization is put on the 软弱涣散 list
with a 整顿 plan — tasks with owners and deadlines — that the school works through and the higher
committee closes (销号) when every task is done. All of it in one transaction, or nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dangjian.appraisal.models import Revocation, Situation, StarRating, WeakOrg, WeakTask
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.services.rating_common import bulk_set, lock, move, require_higher, require_self
from dangjian.core import audit
from dangjian.core.errors import RuleViolation

State = R.State


def _date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise RuleViolation("日期格式为 2026-11-23", rule=R.R_WEAK_PLAN, field=field) from None


def _tasks(tasks: list[dict], since: datetime.date) -> list[WeakTask]:
    clean = []
    for index, task in enumerate(tasks or []):
        title = str(task.get("title") or "").strip()[:200]
        owner = str(task.get("owner_name") or "").strip()[:60]
        raw = task.get("deadline")
        if not title and not owner and not raw:
            continue
        field = f"tasks.{index}"
        if not title or not owner or not raw:
            raise RuleViolation("每项整顿任务须写明任务、责任人和完成时限", rule=R.R_WEAK_PLAN, field=field)
        deadline = _date(raw, field)
        if deadline < since:
            raise RuleViolation("完成时限不能早于摘星日期", rule=R.R_WEAK_PLAN, field=field)
        clean.append(WeakTask(title=title, owner_name=owner, deadline=deadline))
    if not clean:
        raise RuleViolation("纳入软弱涣散党组织管理须制定整顿方案：至少一项整顿任务（任务、责任人、完成时限）",
                            rule=R.R_WEAK_PLAN, field="tasks")
    return clean


def _notice_no(rating: StarRating, day: datetime.date) -> str:
    count = Revocation.objects.filter(rating__standard__owner=rating.standard.owner, decided_on__year=day.year).count()
    short = rating.standard.owner.name.removesuffix("教育工委").removesuffix("教育党工委") or rating.standard.owner.name
    return f"{short}党建黑榜〔{day.year}〕{count + 1}号"


@transaction.atomic
def revoke(rating: StarRating, *, situation: Situation | None, facts: str, occurred_on, tasks: list[dict],
           notice_no: str = "", acting_user=None, today: datetime.date | None = None) -> Revocation:
    """摘星: refused without one of the set's situations, without the facts, or without a 整顿
    plan; nothing is saved unless all of it is."""
    rating = lock(rating)
    require_higher(acting_user, rating.org, "摘星")
    day = today or timezone.localdate()
    if rating.state != State.GRANTED or not rating.stars:
        raise RuleViolation(f"{rating.org.name}{rating.year}年度没有已评定的星级，无星可摘", rule=R.R_ORDER, field="state")
    if situation is None or situation.standard_id != rating.standard_id:
        raise RuleViolation("摘星须选择标准所列的情形之一", rule=R.R_SITUATION, field="situation")
    facts = (facts or "").strip()
    if not facts:
        raise RuleViolation("请写明出现该情形的事实", rule=R.R_SITUATION, field="facts")
    happened = _date(occurred_on, "occurred_on")
    if happened > day:
        raise RuleViolation("情形发生日期不能晚于今天", rule=R.R_SITUATION, field="occurred_on")
    plan = _tasks(tasks, day)
    notice_no = (notice_no or "").strip()[:60] or _notice_no(rating, day)
    revocation = Revocation.objects.create(
        rating=rating, org=rating.org, situation=situation, situation_text=situation.text, facts=facts,
        stars_before=rating.stars, occurred_on=happened, decided_on=day, notice_no=notice_no, decided_by=acting_user)
    weak = WeakOrg.objects.create(org=rating.org, revocation=revocation, listed_on=day,
                                  reason=f"{rating.year}年度{R.STAR_LABELS[rating.stars]}被摘星：{situation.text}"[:300])
    for task in plan:
        task.weak = weak
    WeakTask.objects.bulk_create(plan)
    rating.revoked_on = day
    move(rating, State.REVOKED, day, acting_user=acting_user, reason=facts,
         facts={"situation": situation.text, "notice_no": notice_no, "stars_before": revocation.stars_before,
                "tasks": len(plan)})
    audit.record("appraisal.weak_list", target=weak, actor=acting_user,
                 changes={"revocation": revocation.pk, "tasks": [t.title for t in plan]})
    return revocation


@transaction.atomic
def add_task(weak: WeakOrg, *, title: str, owner_name: str, deadline, acting_user=None,
             today: datetime.date | None = None) -> WeakTask:
    weak = WeakOrg.objects.select_for_update().select_related("org").get(pk=weak.pk)
    require_higher(acting_user, weak.org, "制定整顿任务")
    if weak.state != R.WeakState.RECTIFYING:
        raise RuleViolation("该组织已整顿销号", rule=R.R_LIFT, field="state")
    task = _tasks([{"title": title, "owner_name": owner_name, "deadline": deadline}], today or timezone.localdate())[0]
    task.weak = weak
    task.save()
    audit.record("appraisal.weak_task", target=weak, actor=acting_user,
                 changes={"task": task.title, "owner": task.owner_name, "deadline": task.deadline.isoformat()})
    return task


@transaction.atomic
def complete_task(task: WeakTask, *, done_on, note: str, acting_user=None,
                  today: datetime.date | None = None) -> WeakTask:
    """The school reports a task done, saying what was done."""
    task = WeakTask.objects.select_for_update().select_related("weak__org").get(pk=task.pk)
    _mark_done(task, done_on, note, acting_user, today)
    task.save(update_fields=["done_on", "done_note"])
    audit.record("appraisal.weak_task_done", target=task.weak, actor=acting_user,
                 changes={"task": task.title, "done_on": str(task.done_on)})
    return task


def _mark_done(task: WeakTask, done_on, note: str, acting_user, today: datetime.date | None) -> None:
    """Judge a task reported done (the school's own, not done yet, a day not after today, what was
    done said) and set it on the (locked) task, unsaved."""
    require_self(acting_user, task.weak.org)
    if task.done_on is not None:
        raise RuleViolation("该整顿任务已完成", rule=R.R_WEAK_PLAN, field="task", code="duplicate")
    day = _date(done_on, "done_on")
    if day > (today or timezone.localdate()):
        raise RuleViolation("完成日期不能晚于今天", rule=R.R_WEAK_PLAN, field="done_on")
    note = (note or "").strip()[:300]
    if not note:
        raise RuleViolation("请写明完成情况", rule=R.R_WEAK_PLAN, field="note")
    task.done_on, task.done_note = day, note


@transaction.atomic
def complete_tasks(done: list[tuple[WeakTask, datetime.date, str]], *, acting_user=None,
                   today: datetime.date | None = None) -> int:
    """Many tasks reported done at once ((task, done on, note) each: a county's paper ledger taken
    over, the demo's years), each judged like complete_task; one step of the audit chain for all
    (an entry per task). The first refusal, with `index` naming its place, saves nothing."""
    locked = WeakTask.objects.select_for_update().select_related("weak__org").in_bulk([t.pk for t, _, _ in done])
    tasks = []
    for index, (given, done_on, note) in enumerate(done):
        task = locked[given.pk]
        try:
            _mark_done(task, done_on, note, acting_user, today)
        except RuleViolation as refusal:
            refusal.index = index
            raise
        tasks.append(task)
    bulk_set(WeakTask, tasks, ["done_on", "done_note"])
    audit.record_many("appraisal.weak_task_done", [(t.weak, {"task": t.title, "done_on": str(t.done_on)})
                                                   for t in tasks], actor=acting_user)
    return len(tasks)


@transaction.atomic
def lift(weak: WeakOrg, *, note: str, acting_user=None, today: datetime.date | None = None) -> WeakOrg:
    """销号: the higher committee closes the 整顿 once every task is done."""
    weak = WeakOrg.objects.select_for_update().select_related("org").get(pk=weak.pk)
    require_higher(acting_user, weak.org, "整顿销号")
    if weak.state != R.WeakState.RECTIFYING:
        raise RuleViolation("该组织已整顿销号", rule=R.R_LIFT, field="state", code="duplicate")
    open_tasks = list(weak.tasks.filter(done_on__isnull=True).values_list("title", flat=True))
    if open_tasks:
        raise RuleViolation(f"整顿任务尚未全部完成（{'、'.join(open_tasks)}），不能销号", rule=R.R_LIFT, field="state")
    note = (note or "").strip()[:300]
    if not note:
        raise RuleViolation("请写明验收意见", rule=R.R_LIFT, field="note")
    weak.state, weak.lifted_on, weak.lift_note = R.WeakState.LIFTED, today or timezone.localdate(), note
    weak.save(update_fields=["state", "lifted_on", "lift_note"])
    audit.record("appraisal.weak_lift", target=weak, actor=acting_user, changes={"lifted_on": weak.lifted_on.isoformat()},
                 reason=note)
    return weak
