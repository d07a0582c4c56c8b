"""What a grade sets in motion: 改进措施 for 基本合格; for 不合格 the handling of 党章 第九条 —
限期改正, then 劝其退党 if there is no change, then 除名 if the member refuses — or, for a 预备党员,
延长预备期 / 取消预备党员资格 (第七条). Each is a task with an owner and a deadline; an outcome
that changes the member record is recorded through the members module's own service."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dangjian.appraisal.models import FollowUp, MemberGrade, ReviewRound
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.services.review_common import not_future, parse_date, parse_int
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.members.models import EventKind, LeaveKind, Member
from dangjian.members.services import record_event, require
from dangjian.orgs.models import Position

MEASURES_MAX = 2000
DECISION_ORG_MAX = 120


def _rule_of(kind: str):
    if kind == R.FollowUpKind.IMPROVEMENT:
        return R.R_IMPROVEMENT
    return R.R_PROBATION_HANDLING if kind == R.FollowUpKind.PROBATION else R.R_HANDLING


def default_owner(round_: ReviewRound, day: datetime.date, acting_user) -> Member | None:
    """The branch secretary on `day`, else the acting user's own record: someone answers for it."""
    position = (Position.objects.active_on(day).filter(org=round_.org, post=Post.SECRETARY, member__isnull=False)
                .select_related("member").order_by("-started_on").first())
    if position is not None:
        return position.member
    return getattr(acting_user, "member", None) if acting_user is not None else None


def first_kind(grade: MemberGrade) -> str | None:
    if grade.grade == R.Grade.BASIC:
        return R.FollowUpKind.IMPROVEMENT
    if grade.grade == R.Grade.UNQUALIFIED:
        return R.FollowUpKind.PROBATION if grade.probationary else R.FollowUpKind.CORRECTION
    return None


def open_for_round(round_: ReviewRound, day: datetime.date, *, acting_user=None) -> int:
    """Open the first task of every 基本合格 / 不合格 grade of a round that has none yet (the
    round's report calls it inside its own transaction). Returns how many were opened."""
    owner = default_owner(round_, day, acting_user)
    created = []
    for grade in MemberGrade.objects.filter(round=round_, follow_ups__isnull=True).select_related("member"):
        kind = first_kind(grade)
        if kind is None:
            continue
        created.append(FollowUp(grade=grade, kind=kind, owner=owner, opened_on=day,
                                deadline=day + datetime.timedelta(days=R.FOLLOW_UP_DAYS[kind])))
    FollowUp.objects.bulk_create(created)
    return len(created)


def _lock(follow_up: FollowUp) -> FollowUp:
    return (FollowUp.objects.select_for_update(of=("self",))
            .select_related("grade__round__org", "grade__member").get(pk=follow_up.pk))


def _owner(owner_id, round_: ReviewRound) -> Member:
    owner = Member.objects.active().filter(pk=owner_id, org__path__startswith=round_.org.path).first() \
        if owner_id not in (None, "") else None
    if owner is None:
        raise RuleViolation("责任人须是本支部的党员", rule=R.R_FOLLOW_UP, field="owner")
    return owner


@transaction.atomic
def update_follow_up(follow_up: FollowUp, *, owner_id=None, deadline=None, measures=None, acting_user=None) -> FollowUp:
    """Set a task's owner, deadline and measures (改进措施 / 处置情况) while it is open."""
    follow_up = _lock(follow_up)
    round_ = follow_up.grade.round
    require(acting_user, Action.APPRAISAL_MANAGE, round_.org.path)
    if not follow_up.is_open:
        raise RuleViolation("任务已办结，不能再修改", rule=R.R_FOLLOW_UP, field="outcome", code="closed")
    changes: dict = {}
    if owner_id is not None:
        owner = _owner(parse_int(owner_id, "owner", "责任人"), round_)
        changes["owner"] = owner.name
        follow_up.owner = owner
    if deadline is not None:
        day = parse_date(deadline, "deadline")
        if day < follow_up.opened_on:
            raise RuleViolation(f"期限不能早于任务开始之日（{follow_up.opened_on:%Y-%m-%d}）", rule=R.R_FOLLOW_UP,
                                field="deadline")
        follow_up.deadline = day
        changes["deadline"] = day.isoformat()
    if measures is not None:
        text = str(measures).strip()
        if len(text) > MEASURES_MAX:
            raise RuleViolation(f"措施和进展不超过 {MEASURES_MAX} 字", rule=R.R_FOLLOW_UP, field="measures")
        follow_up.measures = text
        changes["measures"] = f"{len(text)} 字"
    if follow_up.owner_id is None:
        raise RuleViolation("请指定责任人", rule=R.R_FOLLOW_UP, field="owner")
    follow_up.save()
    audit.record("appraisal.follow_up.update", target=follow_up, actor=acting_user,
                 changes={"kind": follow_up.kind, "member": follow_up.grade.member.name, **changes})
    return follow_up


def _record_outcome(follow_up: FollowUp, outcome: str, day: datetime.date, decision_org: str, months, acting_user):
    """Outcomes that change the member record go through the members module's record_event."""
    member = follow_up.grade.member
    reason = f"{follow_up.grade.round.year}年度民主评议党员评定为不合格，{R.FollowUpKind(follow_up.kind).label}"
    if outcome in (R.Outcome.WITHDREW, R.Outcome.REMOVED):
        kind = LeaveKind.WITHDREW if outcome == R.Outcome.WITHDREW else LeaveKind.REMOVED
        record_event(member, EventKind.LEFT, day, acting_user=acting_user, leave_kind=kind, decision_org=decision_org,
                     reason=reason)
    elif outcome == R.Outcome.EXTENDED:
        record_event(member, EventKind.PROBATION_EXTENDED, day, acting_user=acting_user, decision_org=decision_org,
                     months=parse_int(months, "months", "延长时间（月）"), reason=reason)
    elif outcome == R.Outcome.CANCELLED:
        record_event(member, EventKind.PROBATION_CANCELLED, day, acting_user=acting_user, decision_org=decision_org,
                     reason=reason)


@transaction.atomic
def close_follow_up(follow_up: FollowUp, *, outcome: str, closed_on=None, measures=None, decision_org: str = "",
                    months=None, acting_user=None, today: datetime.date | None = None) -> FollowUp:
    """Close a task with one of its kind's outcomes; 经教育仍无转变 opens 劝其退党 and 坚持不退
    opens 除名 (党章 第九条), each with its own deadline and the same owner."""
    today = today or timezone.localdate()
    follow_up = _lock(follow_up)
    round_ = follow_up.grade.round
    require(acting_user, Action.APPRAISAL_MANAGE, round_.org.path)
    rule = _rule_of(follow_up.kind)
    if not follow_up.is_open:
        raise RuleViolation("任务已办结", rule=R.R_FOLLOW_UP, field="outcome", code="closed")
    if outcome not in R.OUTCOMES[follow_up.kind]:
        allowed = "、".join(R.Outcome(o).label for o in R.OUTCOMES[follow_up.kind])
        raise RuleViolation(f"“{follow_up.get_kind_display()}”的结果只能是：{allowed}", rule=rule, field="outcome")
    day = parse_date(closed_on or today, "closed_on")
    not_future(day, today, "closed_on")
    if day < follow_up.opened_on:
        raise RuleViolation(f"办结日期不能早于任务开始之日（{follow_up.opened_on:%Y-%m-%d}）", rule=R.R_FOLLOW_UP,
                            field="closed_on")
    if measures is not None:
        follow_up.measures = str(measures).strip()[:MEASURES_MAX]
    if not follow_up.measures:
        raise RuleViolation("请写明采取的措施和结果", rule=rule, field="measures")
    decision_org = str(decision_org or "").strip()[:DECISION_ORG_MAX]
    if outcome in R.RECORD_OUTCOMES:
        if not decision_org:
            raise RuleViolation("须经支部大会讨论决定并报上级党组织批准：请填写批准的上级党组织", rule=rule,
                                field="decision_org")
        _record_outcome(follow_up, outcome, day, decision_org, months, acting_user)
    follow_up.outcome, follow_up.closed_on = outcome, day
    follow_up.save()
    changes = {"kind": follow_up.kind, "outcome": outcome, "closed_on": day.isoformat(),
               "member": follow_up.grade.member.name}
    following = R.NEXT_STEP.get((follow_up.kind, outcome))
    if following is not None:
        FollowUp.objects.create(grade=follow_up.grade, kind=following, owner=follow_up.owner, opened_on=day,
                                deadline=day + datetime.timedelta(days=R.FOLLOW_UP_DAYS[following]),
                                previous=follow_up)
        changes["next"] = following
    audit.record("appraisal.follow_up.close", target=follow_up, actor=acting_user, changes=changes,
                 reason=decision_org)
    return follow_up
