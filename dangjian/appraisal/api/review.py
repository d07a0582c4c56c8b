"""API of 民主评议党员: rounds (list, open, detail, transitions), the 测评 counts, the grades, the
anonymous ballot, follow-up tasks, self-reports, the subtree's statistics and a member's results
(the 评先评优 input). Thin endpoints over the selectors and services with the shared error shape:
a refused rule is 422 naming it; out of scope the same 404 as missing; a right missing 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from ninja import Path, Query, Router

from dangjian.appraisal.api.review_schemas import (
    BallotIn,
    BallotOut,
    CloseIn,
    CountsIn,
    FollowUpIn,
    GradesIn,
    ResultOut,
    ReviewFilter,
    ReviewRuleIn,
    ReviewRuleOut,
    RoundDetail,
    RoundIn,
    RoundPage,
    SelfReportFilter,
    SelfReportIn,
    SelfReportOut,
    StatisticsFilter,
    StatisticsOut,
    StepIn,
)
from dangjian.appraisal.models import FollowUp, MemberGrade, PollCount, ReviewRound, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import results_of, roster, rules_for, self_report_counts, subtree_statistics
from dangjian.appraisal.services import review as services
from dangjian.appraisal.services import review_followups, review_grades, review_poll, review_reports
from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members.models import Member
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["民主评议党员"])
RoundId = Path(..., ge=1, le=MAX_ID, description="评议编号")
TaskId = Path(..., ge=1, le=MAX_ID, description="任务编号")
MemberId = Path(..., ge=1, le=MAX_ID, description="党员编号")


def _ref(org: PartyOrg, scope) -> dict:
    return {"id": org.pk if scope.allows(Action.ORG_VIEW, org.path) else None, "name": org.name}


def _rounds(user):
    return ReviewRound.objects.visible_to(user).select_related("org")


def _round(user, pk: int) -> ReviewRound:
    return get_visible_or_404(_rounds(user), pk=pk)


def _org(user, pk: int, action: str = Action.APPRAISAL_VIEW) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, action), pk=pk)


def _require(user, action: str, path: str | None = None) -> None:
    if not scope_of(user).allows(action, path):
        raise PermissionDenied(f"您的职务不含“{Action(action).label}”的权限")


def _item(round_: ReviewRound, scope, graded: int) -> dict:
    return {"id": round_.pk, "org": _ref(round_.org, scope), "year": round_.year, "as_of": round_.as_of,
            "state": round_.state, "state_label": round_.get_state_display(), "graded": graded}


def _detail(round_: ReviewRound, user) -> dict:
    entries = roster(round_)
    counts = {c.member_id: c.as_dict() for c in PollCount.objects.filter(round=round_)}
    grades = {g.member_id: g for g in MemberGrade.objects.filter(round=round_)}
    reports = self_report_counts([e.member.pk for e in entries], round_.year)
    rules = rules_for(round_.org, round_.as_of)
    full = sum(1 for e in entries if not e.probationary)
    following = R.next_of(round_.state)
    ballots = None
    if round_.poll_mode == R.PollMode.ONLINE:
        issued = round_.tokens.count()
        ballots = {"issued": issued, "used": round_.tokens.filter(used_at__isnull=False).count()}
    follow_ups = FollowUp.objects.filter(grade__round=round_).select_related("grade__member", "owner").order_by("id")
    return {
        **_item(round_, scope_of(user), len(grades)),
        "poll_mode": round_.poll_mode, "present": round_.present, "decided_by": round_.decided_by,
        "decided_on": round_.decided_on,
        "rules": {"excellent_share": rules.share_label, "excellent_cap": R.excellent_cap(full, rules),
                  "full_members": full, "probationary_policy": rules.probationary_policy,
                  "probationary_label": rules.policy_label},
        "roster": [{"member_id": e.member.pk, "name": e.member.name, "probationary": e.probationary,
                    "counts": counts.get(e.member.pk),
                    "grade": grades[e.member.pk].grade if e.member.pk in grades else None,
                    "grade_label": grades[e.member.pk].get_grade_display() if e.member.pk in grades else None,
                    "self_reports": len(reports.get(e.member.pk, {}))} for e in entries],
        "events": [{"source": e.source, "target": e.target, "target_label": e.get_target_display(),
                    "occurred_on": e.occurred_on, "facts": e.facts} for e in round_.events.all()],
        "follow_ups": [{"id": f.pk, "member_id": f.grade.member_id, "member": f.grade.member.name, "kind": f.kind,
                        "kind_label": f.get_kind_display(), "owner": f.owner.name if f.owner_id else None,
                        "opened_on": f.opened_on, "deadline": f.deadline, "measures": f.measures,
                        "outcome": f.outcome, "closed_on": f.closed_on} for f in follow_ups],
        "next": following.target if following else None, "ballots": ballots,
    }


@router.get("/appraisal/reviews/", response={200: RoundPage, **error_responses(403, 404)},
            url_name="review_list", summary="民主评议党员列表")
def list_reviews(request, filters: Query[ReviewFilter]):
    user = request.auth
    _require(user, Action.APPRAISAL_VIEW)
    qs = _rounds(user).annotate(graded=Count("grades"))
    if filters.within is not None:
        qs = qs.filter(org__path__startswith=_org(user, filters.within).path)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.state:
        qs = qs.filter(state=filters.state)
    qs = qs.order_by("-year", "org__path", "id")
    scope = scope_of(user)
    end = filters.offset + filters.limit
    return {"count": qs.count(), "items": [_item(r, scope, r.graded) for r in qs[filters.offset:end]]}


@router.post("/appraisal/reviews/", response={201: RoundDetail, **error_responses(404)},
             url_name="review_create", summary="开展民主评议党员")
def create_review(request, payload: RoundIn):
    user = request.auth
    org = _org(user, payload.org, Action.APPRAISAL_MANAGE)
    round_ = services.create_round(org, year=payload.year, as_of=payload.as_of, note=payload.note, acting_user=user)
    return 201, _detail(round_, user)


@router.get("/appraisal/reviews/{int:id}", response=RoundDetail, url_name="review_detail",
            summary="民主评议详情（名册、测评、等次、经过、处置任务）")
def get_review(request, id: int = RoundId):
    return _detail(_round(request.auth, id), request.auth)


@router.post("/appraisal/reviews/{int:id}/transitions", response=RoundDetail, url_name="review_transition",
             summary="进入下一环节；不符合规定时 422 并给出依据")
def transition(request, payload: StepIn, id: int = RoundId):
    user = request.auth
    round_ = _round(user, id)
    facts = payload.dict(exclude={"to", "occurred_on"})
    round_ = services.transition(round_, payload.to, occurred_on=payload.occurred_on, facts=facts, acting_user=user)
    return _detail(round_, user)


@router.put("/appraisal/reviews/{int:id}/counts", response=RoundDetail, url_name="review_counts",
            summary="录入民主测评结果；票数超过参加人数等 422，什么也不保存")
def put_counts(request, payload: CountsIn, id: int = RoundId):
    user = request.auth
    round_ = _round(user, id)
    round_ = review_poll.record_counts(round_, present=payload.present, rows=[r.dict() for r in payload.rows],
                                       acting_user=user)
    return _detail(round_, user)


@router.put("/appraisal/reviews/{int:id}/grades", response=RoundDetail, url_name="review_grades",
            summary="登记评定等次；“优秀”超过比例、名册以外的人员等 422，什么也不保存")
def put_grades(request, payload: GradesIn, id: int = RoundId):
    user = request.auth
    round_ = _round(user, id)
    review_grades.record_grades(round_, [r.dict() for r in payload.rows], acting_user=user)
    return _detail(round_, user)


@router.post("/appraisal/reviews/{int:id}/ballot", response=BallotOut, url_name="review_ballot",
             summary="党员本人的手机匿名测评（每人一次）")
def cast_ballot(request, payload: BallotIn, id: int = RoundId):
    user = request.auth
    member = getattr(user, "member", None)
    if member is None:
        raise Http404
    # The member's own rounds only (those with their token): nobody else's ballot is reachable.
    round_ = get_visible_or_404(ReviewRound.objects.filter(tokens__member=member), pk=id)
    return {"graded": review_poll.cast_ballot(round_, voter=member, choices=payload.choices, acting_user=user)}


def _follow_up(user, pk: int) -> FollowUp:
    return get_visible_or_404(FollowUp.objects.visible_to(user), pk=pk)


@router.patch("/appraisal/review-follow-ups/{int:id}", response=RoundDetail, url_name="review_follow_up",
              summary="修改处置或改进任务的责任人、期限、措施")
def update_follow_up(request, payload: FollowUpIn, id: int = TaskId):
    user = request.auth
    task = _follow_up(user, id)
    review_followups.update_follow_up(task, owner_id=payload.owner, deadline=payload.deadline,
                                      measures=payload.measures, acting_user=user)
    return _detail(task.grade.round, user)


@router.post("/appraisal/review-follow-ups/{int:id}/close", response=RoundDetail, url_name="review_follow_up_close",
             summary="办结处置或改进任务（限期改正 → 劝退 → 除名，党章第九条）")
def close_follow_up(request, payload: CloseIn, id: int = TaskId):
    user = request.auth
    task = _follow_up(user, id)
    review_followups.close_follow_up(task, outcome=payload.outcome, closed_on=payload.closed_on,
                                     measures=payload.measures, decision_org=payload.decision_org,
                                     months=payload.months, acting_user=user)
    return _detail(task.grade.round, user)


def _report_member(user, member_id: int | None) -> Member:
    if member_id is None:
        member = getattr(user, "member", None)
        if member is None:
            raise Http404
        return member
    member = get_visible_or_404(Member.objects.visible_to(user).select_related("org"), pk=member_id)
    if not review_reports.may_write_report(user, member):
        raise PermissionDenied("您的职务不含“组织民主评议党员、登记测评和评定结果”的权限")
    return member


def _report(r: SelfReport) -> dict:
    return {"member": r.member_id, "year": r.year, "period": r.period, "period_label": r.get_period_display(),
            **{name: getattr(r, name) for name in R.REPORT_FIELDS}, "submitted_on": r.submitted_on}


@router.get("/appraisal/self-reports", response={200: list[SelfReportOut], **error_responses(404)},
            url_name="self_report_list",
            summary="自查自评（本人，或本支部党员）")
def list_self_reports(request, filters: Query[SelfReportFilter]):
    member = _report_member(request.auth, filters.member)
    qs = SelfReport.objects.filter(member=member).order_by("year", "period")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return [_report(r) for r in qs]


@router.put("/appraisal/self-reports", response={200: SelfReportOut, **error_responses(404)},
            url_name="self_report_save",
            summary="填写季度自查、半年初评或年终总评")
def save_self_report(request, payload: SelfReportIn):
    user = request.auth
    member = _report_member(user, payload.member)
    report = review_reports.save_self_report(member, year=payload.year, period=payload.period,
                                             parts={k: getattr(payload, k) for k in R.REPORT_FIELDS},
                                             acting_user=user)
    return _report(report)


@router.get("/appraisal/review-statistics/", response={200: StatisticsOut, **error_responses(403, 404)},
            url_name="review_statistics",
            summary="民主评议党员统计：各学校党组织的等次分布（只计已上报）")
def statistics(request, filters: Query[StatisticsFilter]):
    user = request.auth
    _require(user, Action.APPRAISAL_VIEW)
    if filters.within is not None:
        root = _org(user, filters.within)
    else:
        paths = scope_of(user).paths_for(Action.APPRAISAL_VIEW)
        root = get_visible_or_404(PartyOrg.objects.all(), path=min(paths, key=len)) if paths else None
        if root is None:
            raise Http404
    rows, totals = subtree_statistics(root, filters.year)
    scope = scope_of(user)
    return {"year": filters.year, "totals": totals,
            "schools": [{"org": {"id": r.org_id if scope.allows(Action.ORG_VIEW, r.path) else None, "name": r.name},
                         "rounds": r.rounds, "reported": r.reported, "counts": r.counts} for r in rows]}


@router.get("/appraisal/members/{int:id}/review-results", response=list[ResultOut], url_name="review_results",
            summary="党员历年民主评议等次（评先评优参考；本人只见已通报的）")
def member_results(request, id: int = MemberId):
    user = request.auth
    member = get_visible_or_404(Member.objects.visible_to(user).select_related("org"), pk=id)
    own = getattr(user, "member", None) == member
    if not own:
        _require(user, Action.APPRAISAL_VIEW, member.org.path)
    return [{"year": r.year, "org": r.org_name, "grade": r.grade, "grade_label": r.grade_label, "final": r.final}
            for r in results_of(member, reported_only=own)]


@router.post("/appraisal/review-rules", response={201: ReviewRuleOut, **error_responses(404)},
             url_name="review_rule_add",
             summary="发布本辖区更严格的民主评议规定（更低的“优秀”比例、预备党员不评定等次；不得宽于现行规定）")
def add_review_rule(request, payload: ReviewRuleIn):
    org = _org(request.auth, payload.org)
    row = review_reports.set_override(org, acting_user=request.auth, excellent_percent=payload.excellent_percent,
                                      probationary_policy=payload.probationary_policy or "",
                                      effective_from=payload.effective_from, reason=payload.reason)
    return 201, {"id": row.pk, "org": org.name, "excellent_percent": row.excellent_percent,
                 "probationary_policy": row.probationary_policy, "effective_from": row.effective_from,
                 "reason": row.reason}
