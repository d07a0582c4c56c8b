"""A 民主评议党员 round and its steps: opening the round of a branch's year and moving it along
the table of rules.review.TRANSITIONS, one step at a time. Each function runs in a transaction,
locks the round, checks the actor's appraisal.manage on the branch (None acts as the system: the
demo, commands), checks the rules, writes the round's timeline and the audit entry. The pages, the
API and the demo all call these."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.appraisal.models import BallotToken, FollowUp, MemberGrade, PollCount, ReviewRound, RoundEvent
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster, rules_for
from dangjian.appraisal.services import review_followups
from dangjian.appraisal.services.review_common import lock_round, not_future, parse_date, parse_int
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.members.services import MEMBER_ORG_KINDS, require
from dangjian.orgs.models import PartyOrg

NOTE_MAX = 300


def create_round(org: PartyOrg, *, year, as_of, note: str = "", acting_user=None,
                 today: datetime.date | None = None) -> ReviewRound:
    """Open a branch's round of `year`; its roster is the branch's members on `as_of`."""
    today = today or timezone.localdate()
    year = parse_int(year, "year", "评议年度")
    as_of = parse_date(as_of, "as_of")
    with transaction.atomic():
        require(acting_user, Action.APPRAISAL_MANAGE, org.path)
        if org.kind not in MEMBER_ORG_KINDS or not org.is_active:
            raise RuleViolation(f"“{org.name}”不是直接管理党员的党组织，不能开展民主评议党员", rule=R.R_ORG, field="org")
        if not 2000 <= year <= today.year:
            raise RuleViolation(f"评议年度须在 2000 至 {today.year} 年之间", rule=R.R_AS_OF, field="year")
        start, end = R.as_of_window(year)
        if not start <= as_of <= end or as_of > today:
            raise RuleViolation(f"{year}年度评议的基准日须在 {start:%Y-%m-%d} 至 {min(end, today):%Y-%m-%d} 之间",
                                rule=R.R_AS_OF, field="as_of")
        duplicate = RuleViolation(f"“{org.name}”已有{year}年度的民主评议党员", rule=R.R_YEARLY, field="year",
                                  code="duplicate")
        if ReviewRound.objects.filter(org=org, year=year).exists():
            raise duplicate
        round_ = ReviewRound(org=org, year=year, as_of=as_of, note=str(note or "").strip()[:NOTE_MAX],
                             created_by=acting_user)
        if not roster(round_):
            raise RuleViolation(f"{as_of:%Y年%m月%d日}“{org.name}”没有党员，无需评议", rule=R.R_ROSTER, field="as_of")
        try:
            with transaction.atomic():
                round_.save()
        except IntegrityError:
            raise duplicate from None
        RoundEvent.objects.create(round=round_, source="", target=R.Step.STUDY, occurred_on=as_of, actor=acting_user,
                                  facts={"note": round_.note} if round_.note else {})
        audit.record("appraisal.round.create", target=round_, actor=acting_user,
                     changes={"year": year, "as_of": as_of.isoformat()})
        return round_


def transition(round_: ReviewRound, to: str, *, occurred_on=None, facts: dict | None = None, acting_user=None,
               today: datetime.date | None = None) -> ReviewRound:
    """Move a round to its next step; any other move is refused naming the rule."""
    today = today or timezone.localdate()
    facts = dict(facts or {})
    occurred_on = parse_date(occurred_on or today, "occurred_on")
    with transaction.atomic():
        round_ = lock_round(round_)
        require(acting_user, Action.APPRAISAL_MANAGE, round_.org.path)
        if to not in R.Step.values:
            raise RuleViolation("没有这个环节", rule=R.R_ORDER, field="to")
        edge = R.BY_EDGE.get((round_.state, to))
        if edge is None:
            following = R.next_of(round_.state)
            after = f"下一环节是“{R.Step(following.target).label}”" if following else "评议已全部完成"
            raise RuleViolation(f"本轮当前在“{round_.get_state_display()}”环节，{after}，不能转为“{R.Step(to).label}”",
                                rule=R.R_ORDER, field="to", code="wrong_step")
        not_future(occurred_on, today, "occurred_on")
        last = round_.events.order_by("-occurred_on", "-id").values_list("occurred_on", flat=True).first()
        if last and occurred_on < last:
            raise RuleViolation(f"日期不能早于上一环节（{last:%Y-%m-%d}）", rule=R.R_NOT_FUTURE, field="occurred_on")
        clean: dict = {}
        note = str(facts.get("note") or "").strip()[:NOTE_MAX]
        if note:
            clean["note"] = note
        STEP_CHECKS[to](round_, occurred_on, facts, clean, acting_user, today)
        before = round_.state
        round_.state = to
        round_.save()
        RoundEvent.objects.create(round=round_, source=before, target=to, occurred_on=occurred_on, facts=clean,
                                  actor=acting_user)
        audit.record("appraisal.round.transition", target=round_, actor=acting_user,
                     changes={"state": [before, to], "occurred_on": occurred_on.isoformat(), **clean})
        return round_


def _nothing(round_, occurred_on, facts, clean, acting_user, today) -> None:
    return None


def _open_poll(round_, occurred_on, facts, clean, acting_user, today) -> None:
    mode = str(facts.get("poll_mode") or "")
    if mode not in R.PollMode.values:
        raise RuleViolation("请选择测评方式：会上填写测评表后录入，或党员在手机上匿名测评", rule=R.R_ORDER, field="poll_mode")
    if occurred_on < round_.as_of:
        raise RuleViolation(f"民主测评不能早于评议基准日（{round_.as_of:%Y-%m-%d}）", rule=R.R_AS_OF, field="occurred_on")
    round_.poll_mode = mode
    clean["poll_mode"] = mode
    entries = roster(round_)
    PollCount.objects.bulk_create([PollCount(round=round_, member=e.member) for e in entries])
    if mode == R.PollMode.ONLINE:
        # One token per member of the roster: the one ballot each may cast (R_BALLOT).
        BallotToken.objects.bulk_create([BallotToken(round=round_, member=e.member) for e in entries])
        clean["ballots_issued"] = len(entries)


def _close_poll(round_, occurred_on, facts, clean, acting_user, today) -> None:
    if round_.poll_mode == R.PollMode.ONLINE:
        used = round_.tokens.filter(used_at__isnull=False).count()
        if used == 0:
            raise RuleViolation("还没有党员完成手机测评，不能结束测评", rule=R.R_POLL_DONE, field="to")
        # Those who voted are those present: every count is at most one vote per ballot.
        round_.present = used
        clean["present"] = used
        return
    if round_.present is None or not round_.counts.exclude(excellent=0, qualified=0, basic=0, unqualified=0).exists():
        raise RuleViolation("请先录入民主测评结果（参加测评人数和每名党员各等次的票数）", rule=R.R_POLL_DONE, field="to")
    clean["present"] = round_.present


def _report(round_, occurred_on, facts, clean, acting_user, today) -> None:
    body = str(facts.get("decided_by") or "")
    if body not in R.Body.values:
        raise RuleViolation("请选择作出评定的会议：支委会或支部党员大会", rule=R.R_ALL_GRADED, field="decided_by")
    decided_on = parse_date(facts.get("decided_on") or occurred_on, "decided_on")
    not_future(decided_on, today, "decided_on")
    poll_day = round_.events.filter(target=R.Step.DECISION).values_list("occurred_on", flat=True).first()
    if decided_on > occurred_on or (poll_day and decided_on < poll_day):
        raise RuleViolation("评定日期须在民主测评结束之后、上报之前", rule=R.R_NOT_FUTURE, field="decided_on")
    entries = roster(round_)
    grades = dict(MemberGrade.objects.filter(round=round_).values_list("member_id", "grade"))
    missing = [e.member.name for e in entries if e.member.pk not in grades]
    if missing:
        names = "、".join(missing[:5]) + (f"等 {len(missing)} 人" if len(missing) > 5 else "")
        raise RuleViolation(f"还有党员尚未评定：{names}", rule=R.R_ALL_GRADED, field="to", code="not_all_graded")
    # Checked again here: a stricter rule may have been set since the grades were entered.
    full = sum(1 for e in entries if not e.probationary)
    excellent = sum(1 for e in entries if not e.probationary and grades[e.member.pk] == R.Grade.EXCELLENT)
    R.check_excellent_cap(excellent, full, rules_for(round_.org, round_.as_of))
    round_.decided_by, round_.decided_on, round_.reported_on = body, decided_on, occurred_on
    clean.update(decided_by=body, decided_on=decided_on.isoformat())
    opened = review_followups.open_for_round(round_, occurred_on, acting_user=acting_user)
    if opened:
        clean["follow_ups"] = opened


def _apply(round_, occurred_on, facts, clean, acting_user, today) -> None:
    without = (FollowUp.objects.filter(grade__round=round_, kind=R.FollowUpKind.IMPROVEMENT, measures="")
               .values_list("grade__member__name", flat=True))
    if without:
        raise RuleViolation(f"请先为评为“基本合格”的党员制定改进措施：{'、'.join(without)}", rule=R.R_IMPROVEMENT,
                            field="to", code="no_measures")


STEP_CHECKS: dict[str, Callable[..., None]] = {
    R.Step.SELF_REVIEW: _nothing,
    R.Step.PEER_REVIEW: _nothing,
    R.Step.POLL: _open_poll,
    R.Step.DECISION: _close_poll,
    R.Step.REPORTED: _report,
    R.Step.APPLIED: _apply,
}
