"""API of 评星定级: ratings (list, open, detail, self-scores, review, check, 摘星), the standards,
the city's draws and 公示 with the star, the 黑榜 and the 软弱涣散 list with its tasks. Thin
endpoints over the selectors and services with the shared error shape: a refused step 422 naming
its rule (a school asking to review or grant its own star included); out of scope the same 404
as missing; a right missing 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Path, Query, Router

from dangjian.appraisal.api.rating_schemas import (
    CheckIn,
    DrawIn,
    DrawOut,
    OrgFilter,
    PublicityIn,
    PublicityOut,
    RatingDetail,
    RatingFilter,
    RatingIn,
    RatingPage,
    ReviewIn,
    RevocationIn,
    RevocationOut,
    RevocationPage,
    SelfScoresIn,
    StandardChanges,
    StandardDetail,
    StandardList,
    TaskDoneIn,
    WeakPage,
)
from dangjian.appraisal.models import Publicity, Revocation, StandardSet, StarRating, WeakOrg, WeakTask
from dangjian.appraisal.selectors import rating as selectors
from dangjian.appraisal.services import rating as services
from dangjian.appraisal.services import rating_revocation as revocation
from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["评星定级"])
Id = Path(..., ge=1, le=MAX_ID, description="编号")


def _ref(org: PartyOrg, scope) -> dict:
    return {"id": org.pk if scope.allows(Action.ORG_VIEW, org.path) else None, "name": org.name}


def _s(value) -> str | None:
    return None if value is None else str(value)


def _rating(r: StarRating, scope) -> dict:
    return {"id": r.pk, "org": _ref(r.org, scope), "year": r.year, "standard": r.standard_id,
            "standard_name": r.standard.name, "state": r.state, "state_label": r.get_state_display(),
            "self_score": _s(r.self_score), "reviewed_score": _s(r.reviewed_score), "final_score": _s(r.final_score),
            "stars": r.stars, "stars_label": r.stars_label, "title_awarded": r.title_awarded,
            "granted_on": r.granted_on, "revoked_on": r.revoked_on}


def _detail(r: StarRating, user) -> dict:
    items = [{"item": s.item_id, "number": s.item.number, "area": s.item.area.name, "text": s.item.text,
              "points": str(s.item.points), "evidence": s.item.evidence, "check": s.item.check_code,
              "auto_finding": s.auto_finding, "auto_url": s.auto_url, "self_score": _s(s.self_score),
              "self_note": s.self_note, "review_score": _s(s.review_score), "review_reason": s.review_reason,
              "check_score": _s(s.check_score), "check_reason": s.check_reason, "final": _s(s.final)}
             for s in r.scores.select_related("item", "item__area")]
    events = [{"source": e.source, "target": e.target, "target_label": e.get_target_display(),
               "occurred_on": e.occurred_on, "facts": e.facts} for e in r.events.order_by("occurred_on", "id")]
    return {**_rating(r, scope_of(user)), "items": items, "events": events}


def _require(user, action: str) -> None:
    if not scope_of(user).allows(action):
        raise PermissionDenied(f"您的职务不含“{Action(action).label}”的权限")


def _org(user, pk: int, action: str = Action.RATING_VIEW) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user, action), pk=pk)


def _ratings(user):
    return StarRating.objects.visible_to(user).select_related("org", "standard", "standard__owner")


def _get(user, pk: int) -> StarRating:
    return get_visible_or_404(_ratings(user), pk=pk)


@router.get("/star-ratings/", response={200: RatingPage, **error_responses(403, 404)},
            url_name="rating_list", summary="评星定级列表（审核队列：state=submitted）")
def list_ratings(request, filters: Query[RatingFilter]):
    user = request.auth
    _require(user, Action.RATING_VIEW)
    # the page's filter (selectors.ratings_in); without an organization, the user's whole scope
    org = _org(user, filters.org) if filters.org is not None else None
    scope = scope_of(user)
    roots = [org] if org else (list(PartyOrg.get_root_nodes()) if scope.is_superuser else
                               PartyOrg.objects.filter(path__in=scope.paths_for(Action.RATING_VIEW)))
    qs = _ratings(user).none()
    for root in roots:
        qs = qs | selectors.ratings_in(user, root, year=filters.year, state=filters.state or "", q=filters.q or "")
    qs = qs.order_by("-year", "org__path")
    scope, end = scope_of(user), filters.offset + filters.limit
    return {"count": qs.count(), "items": [_rating(r, scope) for r in qs[filters.offset:end]]}


@router.post("/star-ratings/", response={201: RatingDetail, **error_responses(404)},
             url_name="rating_open", summary="学校党组织开始年度自评")
def open_rating(request, payload: RatingIn):
    user = request.auth
    org = _org(user, payload.org, Action.RATING_SELF)
    standard = None
    if payload.standard is not None:
        standard = get_visible_or_404(StandardSet.objects.all(), pk=payload.standard)
    rating = services.open_rating(org, payload.year, standard=standard, acting_user=user)
    return 201, _detail(_get(user, rating.pk), user)


@router.get("/star-ratings/{int:id}", response=RatingDetail, url_name="rating_detail",
            summary="评星定级详情：各项得分、自动计算情况与依据页面、办理经过")
def get_rating(request, id: int = Id):
    return _detail(_get(request.auth, id), request.auth)


@router.put("/star-ratings/{int:id}/self-scores", response=RatingDetail, url_name="rating_self_scores",
            summary="保存自评得分（submit=true 同时上报）；自动计算项目学校不能修改")
def put_self_scores(request, payload: SelfScoresIn, id: int = Id):
    user = request.auth
    rating = _get(user, id)
    if not scope_of(user).allows(Action.RATING_SELF, rating.org.path):
        raise PermissionDenied(f"您的职务不含“{Action.RATING_SELF.label}”的权限")
    rating = services.save_self_scores(rating, [i.dict() for i in payload.items], acting_user=user)
    if payload.submit:
        services.submit(rating, acting_user=user)
    return _detail(_get(user, id), user)


@router.post("/star-ratings/{int:id}/review", response=RatingDetail, url_name="rating_review",
             summary="上级党组织审核：通过（调整分数须写理由）或退回修改")
def post_review(request, payload: ReviewIn, id: int = Id):
    user = request.auth
    rating = _get(user, id)
    services.review(rating, decision=payload.decision, reason=payload.reason,
                    changes=[c.dict() for c in payload.changes], acting_user=user)
    return _detail(_get(user, id), user)


@router.post("/star-ratings/{int:id}/check", response=RatingDetail, url_name="rating_check",
             summary="市级抽查（或公示前调整）：调整分数须写理由")
def post_check(request, payload: CheckIn, id: int = Id):
    user = request.auth
    rating = _get(user, id)
    services.check(rating, changes=[c.dict() for c in payload.changes], reason=payload.reason, acting_user=user)
    return _detail(_get(user, id), user)


@router.post("/star-ratings/{int:id}/revocation", response={201: RevocationOut}, url_name="rating_revoke",
             summary="摘星：依据标准所列情形，发布黑榜通报，纳入软弱涣散党组织管理并制定整顿任务")
def post_revocation(request, payload: RevocationIn, id: int = Id):
    user = request.auth
    rating = _get(user, id)
    situation = rating.standard.situations.filter(pk=payload.situation).first() if payload.situation else None
    done = revocation.revoke(rating, situation=situation, facts=payload.facts, occurred_on=payload.occurred_on,
                             notice_no=payload.notice_no, tasks=[t.dict() for t in payload.tasks], acting_user=user)
    return 201, _revocation(done, scope_of(user))


def _standard(s: StandardSet, scope) -> dict:
    return {"id": s.pk, "owner": _ref(s.owner, scope), "year": s.year, "code": s.code, "name": s.name,
            "is_example": s.is_example, "note": s.note, "five_star_cap": _s(s.five_star_cap),
            "sample_percent": str(s.sample_percent), "publicity_days": s.publicity_days, "title_name": s.title_name,
            "title_min_score": _s(s.title_min_score)}


def _visible_standards(user):
    sets = StandardSet.objects.select_related("owner").order_by("-year", "owner__path", "code")
    return [s for s in sets if selectors.reaches(user, s.owner)]


@router.get("/rating-standards/", response={200: StandardList, **error_responses(403, 404)},
            url_name="rating_standards",
            summary="评星定级标准（本人所在组织适用的、本人制定的）")
def list_standards(request, filters: Query[OrgFilter]):
    user = request.auth
    _require(user, Action.RATING_VIEW)
    scope = scope_of(user)
    sets = _visible_standards(user)
    if filters.org is not None:   # those that apply to the organization, or that it or its subtree issued
        org = _org(user, filters.org)
        sets = [s for s in sets if org.path.startswith(s.owner.path) or s.owner.path.startswith(org.path)]
    return {"items": [_standard(s, scope) for s in sets[filters.offset:filters.offset + filters.limit]]}


@router.get("/rating-standards/{int:id}", response=StandardDetail, url_name="rating_standard",
            summary="标准详情：各方面项目、分值、佐证方式、自动计算项目、星级分数线与摘星情形")
def get_standard(request, id: int = Id):
    return _standard_detail(request.auth, _standard_for(request.auth, id))


@router.patch("/rating-standards/{int:id}", response=StandardDetail, url_name="rating_standard_update",
              summary="修改标准的设置（制定标准的上级党组织）；已有学校上报自评后不能再改五星比例和称号分数线")
def patch_standard(request, payload: StandardChanges, id: int = Id):
    from dangjian.appraisal.services import rating_standards as standards

    standard = _standard_for(request.auth, id)
    standards.update_set(standard, payload.model_dump(exclude_unset=True), acting_user=request.auth)
    return _standard_detail(request.auth, _standard_for(request.auth, id))


def _standard_detail(user, standard: StandardSet) -> dict:
    items = [{"id": i.pk, "number": i.number, "area": i.area.name, "text": i.text, "points": str(i.points),
              "evidence": i.evidence, "check": i.check_code} for i in standard.items.select_related("area")]
    return {**_standard(standard, scope_of(user)), "items": items,
            "levels": {str(v.stars): str(v.min_score) for v in standard.levels.all()},
            "situations": [{"id": s.pk, "order": s.order, "text": s.text} for s in standard.situations.all()]}


def _standard_for(user, id: int) -> StandardSet:
    standard = next((s for s in _visible_standards(user) if s.pk == id), None)
    if standard is None:
        get_visible_or_404(StandardSet.objects.none(), pk=id)
    return standard


@router.post("/rating-standards/{int:id}/draws", response={201: DrawOut}, url_name="rating_draw",
             summary="制定该标准的上级党组织随机抽查（比例、随机种子留存）")
def post_draw(request, payload: DrawIn, id: int = Id):
    user = request.auth
    standard = _standard_for(user, id)
    draw = services.draw(standard.owner, standard, payload.year, percent=payload.percent, acting_user=user)
    return 201, {"id": draw.pk, "year": draw.year, "percent": str(draw.percent), "population": draw.population,
                 "drawn": draw.drawn, "seed": draw.seed, "drawn_on": draw.drawn_on}


def _publicity(p: Publicity) -> dict:
    return {"id": p.pk, "year": p.year, "start": p.start, "end": p.end, "working_days": p.working_days,
            "closed_on": p.closed_on, "ratings": p.ratings.count()}


@router.post("/rating-standards/{int:id}/publicities", response={201: PublicityOut}, url_name="rating_publicity_create",
             summary="发布评定结果公示（按工作日计算公示期；五星级超过比例上限 422）")
def post_publicity(request, payload: PublicityIn, id: int = Id):
    user = request.auth
    standard = _standard_for(user, id)
    return 201, _publicity(services.start_publicity(standard.owner, standard, payload.year, start=payload.start,
                                                    acting_user=user))


@router.post("/rating-publicities/{int:id}/grant", response=PublicityOut, url_name="rating_grant",
             summary="公示期满后评定星级；公示期内 422")
def post_grant(request, id: int = Id):
    user = request.auth
    item = Publicity.objects.select_related("owner").filter(pk=id).first()
    if item is None or not selectors.reaches(user, item.owner):
        get_visible_or_404(Publicity.objects.none(), pk=id)
    services.grant(item, acting_user=user)
    item.refresh_from_db()
    return _publicity(item)


def _revocation(r: Revocation, scope) -> dict:
    return {"id": r.pk, "org": _ref(r.org, scope), "rating": r.rating_id, "notice_no": r.notice_no,
            "situation": r.situation_text, "facts": r.facts, "stars_before": r.stars_before,
            "occurred_on": r.occurred_on, "decided_on": r.decided_on}


@router.get("/rating-revocations/", response={200: RevocationPage, **error_responses(403, 404)},
            url_name="rating_revocations", summary="黑榜（摘星通报）")
def list_revocations(request, filters: Query[OrgFilter]):
    user = request.auth
    _require(user, Action.RATING_VIEW)
    qs = Revocation.objects.visible_to(user).select_related("org")
    if filters.org is not None:
        qs = qs.filter(org__path__startswith=_org(user, filters.org).path)
    qs, scope, end = qs.order_by("-decided_on", "-id"), scope_of(user), filters.offset + filters.limit
    return {"count": qs.count(), "items": [_revocation(r, scope) for r in qs[filters.offset:end]]}


@router.get("/weak-orgs/", response={200: WeakPage, **error_responses(403, 404)},
            url_name="rating_weak_orgs", summary="软弱涣散党组织及其整顿任务")
def list_weak(request, filters: Query[OrgFilter]):
    user = request.auth
    _require(user, Action.RATING_VIEW)
    qs = WeakOrg.objects.visible_to(user).select_related("org").prefetch_related("tasks")
    if filters.org is not None:
        qs = qs.filter(org__path__startswith=_org(user, filters.org).path)
    qs, scope, end = qs.order_by("state", "-listed_on", "-id"), scope_of(user), filters.offset + filters.limit
    return {"count": qs.count(), "items": [
        {"id": w.pk, "org": _ref(w.org, scope), "reason": w.reason, "listed_on": w.listed_on, "state": w.state,
         "state_label": w.get_state_display(),
         "tasks": [{"id": t.pk, "title": t.title, "owner_name": t.owner_name, "deadline": t.deadline,
                    "done_on": t.done_on, "done_note": t.done_note} for t in w.tasks.all()]}
        for w in qs[filters.offset:end]]}


@router.post("/weak-tasks/{int:id}/done", response=WeakPage, url_name="rating_task_done",
             summary="学校报告一项整顿任务完成")
def post_task_done(request, payload: TaskDoneIn, id: int = Id):
    user = request.auth
    task = get_visible_or_404(WeakTask.objects.filter(weak__in=WeakOrg.objects.visible_to(user)).select_related(
        "weak__org"), pk=id)
    revocation.complete_task(task, done_on=payload.done_on, note=payload.note, acting_user=user)
    weak = task.weak
    scope = scope_of(user)
    return {"count": 1, "items": [{"id": weak.pk, "org": _ref(weak.org, scope), "reason": weak.reason,
                                   "listed_on": weak.listed_on, "state": weak.state,
                                   "state_label": weak.get_state_display(),
                                   "tasks": [{"id": t.pk, "title": t.title, "owner_name": t.owner_name,
                                              "deadline": t.deadline, "done_on": t.done_on, "done_note": t.done_note}
                                             for t in weak.tasks.all()]}]}

