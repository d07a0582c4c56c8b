"""Pages of 评星定级 about ratings: the list (for a county, its review queue), a school's form with
the automatic items pre-filled, and the steps taken on it — self-scores and submission, evidence,
the county's review, the city's check, 摘星 — plus the 自评表 workbook.

Thin views: reads through selectors, writes through services; out of scope 404, in scope without
the right 403, a refused rule 422 with the page and the refusal next to the item it names."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.appraisal import automatic
from dangjian.appraisal.models import Evidence, StarRating
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.selectors import rating as selectors
from dangjian.appraisal.services import rating as services
from dangjian.appraisal.services import rating_revocation as revocation
from dangjian.appraisal.services.rating_common import is_above
from dangjian.appraisal.services.rating_standards import launch_standard, standards_for
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.current import org_for
from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg

PAGE_SIZE = 50
State = R.State


def rating_org(request, action: str = Action.RATING_VIEW) -> PartyOrg:
    return org_for(request, request.GET.get("org") or request.POST.get("org"), action)


def year_of(request, today) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    if not raw:
        return today.year - 1 if today.month <= 6 else today.year   # the year being rated
    if not raw.isdigit() or not 2000 <= int(raw) <= today.year:
        raise Http404("没有这个年度")
    return int(raw)


def visible_rating(request, pk: int) -> StarRating:
    return get_visible_or_404(StarRating.objects.visible_to(request.user).select_related("org", "standard",
                                                                                         "standard__owner"), pk=pk)


def rating_list(request):
    """评星定级: the subtree's ratings of a year; for the higher committee its review queue
    (state=submitted), and the button that opens the year for all its schools."""
    org = rating_org(request)
    today = timezone.localdate()
    year = year_of(request, today)
    state = request.GET.get("state") or ""
    if state and state not in State.values:
        raise Http404("没有这个筛选条件")
    stars_raw = request.GET.get("stars") or ""
    stars = int(stars_raw) if stars_raw.isdigit() and int(stars_raw) <= R.MAX_STARS else None
    qs = selectors.ratings_in(request.user, org, year=year, state=state, stars=stars, q=request.GET.get("q", ""))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_of(request.user)
    own = None
    if org.kind in SCHOOL_ORG_KINDS:
        own = StarRating.objects.filter(org=org, year=year).first()
    return render(request, "appraisal/rating/list.html", {
        "org": org, "year": year, "state": state, "stars": stars, "page_obj": page, "ratings": page.object_list,
        "counts": selectors.state_counts(request.user, org, year), "states": State.choices,
        "years": range(today.year, today.year - 6, -1), "q": request.GET.get("q", ""),
        "querystring": f"org={org.pk}&year={year}&state={state}&" + (f"stars={stars}&" if stars is not None else ""),
        "can_launch": scope.allows(Action.RATING_REVIEW, org.path) and org.kind not in SCHOOL_ORG_KINDS,
        "launch_sets": standards_for(org, year) if scope.allows(Action.RATING_REVIEW, org.path) else [],
        "can_open": org.kind in SCHOOL_ORG_KINDS and own is None and scope.allows(Action.RATING_SELF, org.path),
        "open_sets": standards_for(org, year) if org.kind in SCHOOL_ORG_KINDS else [], "own": own,
        "tab": "ratings",
    })


@require_POST
def rating_open(request):
    """A school starts its self-assessment of a year."""
    org = rating_org(request, Action.RATING_SELF)
    today = timezone.localdate()
    year = year_of(request, today)
    standard = _standard_choice(request, org, year)
    try:
        rating = services.open_rating(org, year, standard=standard, acting_user=request.user)
    except RuleViolation as violation:
        messages.error(request, f"{violation.message}。依据：{violation.rule}")
        return redirect(f"{_url('appraisal:ratings')}?org={org.pk}&year={year}")
    messages.success(request, f"已开始{year}年度自评，自动计算的项目已按日常记录预填。")
    return redirect("appraisal:rating", pk=rating.pk)


@require_POST
def rating_launch(request):
    """The committee opens the year for every school organization of its subtree."""
    org = rating_org(request, Action.RATING_REVIEW)
    today = timezone.localdate()
    year = year_of(request, today)
    try:
        standard = _standard_choice(request, org, year)
        count = services.launch(org, standard, year, acting_user=request.user)
    except RuleViolation as violation:
        messages.error(request, f"{violation.message}。依据：{violation.rule}")
    else:
        messages.success(request, f"已为 {count} 个学校党组织启动{year}年度评星定级。")
    return redirect(f"{_url('appraisal:ratings')}?org={org.pk}&year={year}")


def _standard_choice(request, org, year):
    raw = request.POST.get("standard")
    if raw:
        return next((s for s in standards_for(org, year) if str(s.pk) == raw), None) or _no_such()
    return launch_standard(org, year)


def _no_such():
    raise Http404("没有这套标准")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args or None)


AUTO_LABELS = {"ok": "达标", "warning": "部分达标", "danger": "未达标", "na": "不适用"}


def _rows(rating: StarRating, scope, error: RuleViolation | None = None) -> list:
    rows = list(rating.scores.select_related("item", "item__area").prefetch_related("files"))
    for row in rows:
        row.auto_label = AUTO_LABELS.get(row.auto_state, "")
        row.has_error = error is not None and error.field == f"item_{row.item_id}"
        check = automatic.get(row.item.check_code) if row.item.check_code else None
        row.check_label = check.label if check else ""
        row.scoring = check.scoring if check else ""
        if check and check.evidence_action and not scope.allows(check.evidence_action, rating.org.path):
            row.auto_url = ""  # the finding stays; the link would only answer 403 to this reader
    return rows


def rating_detail(request, pk: int, *, error: RuleViolation | None = None, posted=None, status: int = 200):
    """A rating: the form of its current step for whoever may take it, its items by area with the
    automatic findings and their links, its timeline."""
    rating = visible_rating(request, pk)
    scope = scope_of(request.user)
    rows = _rows(rating, scope, error)
    areas: list[dict] = []
    for row in rows:
        if not areas or areas[-1]["id"] != row.item.area_id:
            areas.append({"id": row.item.area_id, "name": row.item.area.name, "order": row.item.area.order, "rows": []})
        areas[-1]["rows"].append(row)
    can_self = rating.state == State.DRAFT and scope.allows(Action.RATING_SELF, rating.org.path)
    higher = is_above(request.user, rating.org.path)
    owner = scope.allows(Action.RATING_REVIEW, rating.standard.owner.path) and higher
    return render(request, "appraisal/rating/detail.html", {
        "rating": rating, "org": rating.org, "areas": areas, "totals": selectors.area_totals(rating),
        "events": rating.events.select_related("actor").order_by("occurred_on", "id"),
        "can_self": can_self, "can_review": rating.state == State.SUBMITTED and higher,
        "can_check": rating.state in (State.SAMPLED, State.CHECKED) and owner,
        "can_revoke": rating.state == State.GRANTED and bool(rating.stars) and higher,
        "can_object": rating.state == State.PUBLICITY and owner,
        "error": error, "posted": posted or {}, "revocation": getattr(rating, "revocation", None)
        if rating.state == State.REVOKED else None, "rules": R, "stars_label": R.STAR_LABELS,
    }, status=status)


def _entries(request, rating: StarRating, *, with_reason: bool) -> list[dict]:
    entries = []
    for row in rating.scores.only("item_id"):
        key = str(row.item_id)
        if f"score_{key}" not in request.POST and f"note_{key}" not in request.POST:
            continue
        entry = {"item": row.item_id, "score": request.POST.get(f"score_{key}", "").strip()}
        if with_reason:
            entry["reason"] = request.POST.get(f"reason_{key}", "")
        else:
            entry["note"] = request.POST.get(f"note_{key}", "")
        entries.append(entry)
    return entries


@require_POST
def rating_self(request, pk: int):
    """The school saves its scores (and submits them when asked)."""
    rating = visible_rating(request, pk)
    if not scope_of(request.user).allows(Action.RATING_SELF, rating.org.path):
        raise PermissionDenied(f"您的职务不含“{Action.RATING_SELF.label}”的权限")
    try:
        rating = services.save_self_scores(rating, _entries(request, rating, with_reason=False),
                                           acting_user=request.user)
        if request.POST.get("submit"):
            services.submit(rating, acting_user=request.user)
    except RuleViolation as violation:
        return rating_detail(request, pk, error=violation, posted=request.POST, status=422)
    messages.success(request, "已上报，等待上级党组织审核。" if request.POST.get("submit") else "已保存自评得分。")
    return redirect("appraisal:rating", pk=rating.pk)


@require_POST
def rating_refresh(request, pk: int):
    rating = visible_rating(request, pk)
    try:
        services.refresh_automatic(rating, acting_user=request.user)
    except RuleViolation as violation:
        return rating_detail(request, pk, error=violation, status=422)
    messages.success(request, "已按最新的日常记录重新计算自动项目。")
    return redirect("appraisal:rating", pk=rating.pk)


@require_POST
def evidence_add(request, pk: int):
    rating = visible_rating(request, pk)
    if not scope_of(request.user).allows(Action.RATING_SELF, rating.org.path):
        raise PermissionDenied(f"您的职务不含“{Action.RATING_SELF.label}”的权限")
    file = request.FILES.get("file")
    try:
        if file is None:
            raise RuleViolation("请选择要上传的佐证材料", rule=R.R_EVIDENCE, field="file")
        services.add_evidence(rating, request.POST.get("item"), file, acting_user=request.user)
    except RuleViolation as violation:
        return rating_detail(request, pk, error=violation, status=422)
    messages.success(request, "已上传佐证材料。")
    return redirect("appraisal:rating", pk=rating.pk)


def evidence(request, pk: int):
    """An evidence file, for whoever may see its rating (404 otherwise, like a missing one)."""
    from pathlib import Path

    from django.http import FileResponse

    from dangjian.core.exports import content_disposition
    from dangjian.core.uploads import KIND_MIME, upload_root

    item = get_visible_or_404(Evidence.objects.filter(score__rating__in=StarRating.objects.visible_to(request.user)),
                              pk=pk)
    path = Path(item.path)
    if upload_root().resolve() not in path.resolve().parents or not path.exists():
        raise Http404("未找到该记录")
    response = FileResponse(open(path, "rb"), content_type=KIND_MIME[item.file_kind])  # noqa: SIM115 - closed by Django
    response["Content-Disposition"] = content_disposition(item.name, f"evidence-{item.pk}{path.suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def rating_review(request, pk: int):
    """The county passes (with changed scores and their reasons) or returns a submitted rating."""
    rating = visible_rating(request, pk)
    _need(request, Action.RATING_REVIEW)
    try:
        services.review(rating, decision=request.POST.get("decision", ""), reason=request.POST.get("reason", ""),
                        changes=_entries(request, rating, with_reason=True), acting_user=request.user)
    except RuleViolation as violation:
        return rating_detail(request, pk, error=violation, posted=request.POST, status=422)
    messages.success(request, "已审核通过，等待市级抽查。" if request.POST.get("decision") == "pass" else "已退回学校修改。")
    return redirect(f"{_url('appraisal:ratings')}?year={rating.year}&state=submitted")   # the reviewer's own queue


@require_POST
def rating_check(request, pk: int):
    """The city's check of a drawn rating (or a later adjustment before the 公示)."""
    rating = visible_rating(request, pk)
    _need(request, Action.RATING_REVIEW)
    try:
        services.check(rating, changes=_entries(request, rating, with_reason=True), reason=request.POST.get("reason", ""),
                       acting_user=request.user)
    except RuleViolation as violation:
        return rating_detail(request, pk, error=violation, posted=request.POST, status=422)
    messages.success(request, "已完成抽查，等待公示。")
    return redirect("appraisal:rating", pk=rating.pk)


@require_POST
def rating_object(request, pk: int):
    rating = visible_rating(request, pk)
    _need(request, Action.RATING_REVIEW)
    try:
        services.object_during_publicity(rating, reason=request.POST.get("reason", ""), acting_user=request.user)
    except RuleViolation as violation:
        return rating_detail(request, pk, error=violation, posted=request.POST, status=422)
    messages.success(request, "已登记异议，该组织退出本批公示，复核后重新公示。")
    return redirect("appraisal:rating", pk=rating.pk)


def _need(request, action: str) -> None:
    if not scope_of(request.user).allows(action):
        raise PermissionDenied(f"您的职务不含“{Action(action).label}”的权限")


def rating_revoke(request, pk: int):
    """摘星: the situation, the facts and the 整顿 plan (up to five tasks) in one form."""
    rating = visible_rating(request, pk)
    _need(request, Action.RATING_REVIEW)
    situations = list(rating.standard.situations.all())
    error, status = None, 200
    if request.method == "POST":
        tasks = [{"title": request.POST.get(f"task_{i}", ""), "owner_name": request.POST.get(f"owner_{i}", ""),
                  "deadline": request.POST.get(f"deadline_{i}", "")} for i in range(1, 6)]
        situation = next((s for s in situations if str(s.pk) == request.POST.get("situation")), None)
        try:
            done = revocation.revoke(rating, situation=situation, facts=request.POST.get("facts", ""),
                                     occurred_on=request.POST.get("occurred_on", ""), tasks=tasks,
                                     notice_no=request.POST.get("notice_no", ""), acting_user=request.user)
        except RuleViolation as violation:
            error, status = violation, 422
        else:
            messages.success(request, f"已摘星并发布黑榜通报（{done.notice_no}），{rating.org.name}已纳入软弱涣散党组织管理。")
            return redirect("appraisal:rating_blacklist")
    return render(request, "appraisal/rating/revoke.html", {
        "rating": rating, "org": rating.org, "situations": situations, "error": error, "posted": request.POST,
        "task_rows": range(1, 6), "today": timezone.localdate(),
    }, status=status)


def rating_xlsx(request, pk: int):
    """自评表 (xlsx): the items by area with points, self-scores, review and the final score."""
    from dangjian.appraisal import documents

    rating = visible_rating(request, pk)
    return documents.self_assessment_xlsx(request, rating)
