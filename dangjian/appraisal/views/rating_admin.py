"""Pages of 评星定级 that are the higher committee's (with what the schools may read of them): the
standards (read, and for the issuing committee: settings, items, thresholds, situations, copy to
the next year), the city's sampling, the 公示 with its notice and the star, the 黑榜 and the
软弱涣散 list with its 整顿 tasks."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.appraisal import automatic, documents
from dangjian.appraisal.models import Publicity, Revocation, StandardSet, StarRating, WeakOrg, WeakTask
from dangjian.appraisal.rules import rating as R
from dangjian.appraisal.selectors import rating as selectors
from dangjian.appraisal.services import rating as services
from dangjian.appraisal.services import rating_revocation as revocation
from dangjian.appraisal.services import rating_standards as standards
from dangjian.appraisal.views.rating import PAGE_SIZE, _url, rating_org, year_of
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import PartyOrg

State = R.State


def _refused(request, violation: RuleViolation) -> None:
    messages.error(request, f"{violation.message}。依据：{violation.rule}" if violation.rule else violation.message)


# --- standards ----------------------------------------------------------------------------------

def standard_list(request):
    org = rating_org(request)
    sets = list(selectors.standards_visible(request.user, org)[:60])
    return render(request, "appraisal/rating/standards.html", {
        "org": org, "sets": sets, "tab": "standards", "rules": R.rules_table(), "checks": automatic.registered(),
    })


def _visible_standard(request, pk: int) -> StandardSet:
    """A set is visible to whoever may see ratings under its issuing committee or above it."""
    standard = StandardSet.objects.select_related("owner").filter(pk=pk).first()
    if standard is None or not selectors.reaches(request.user, standard.owner):
        raise Http404("未找到该记录")
    return standard


def standard_detail(request, pk: int):
    """A set: its settings, areas and items with points, evidence and check, thresholds and
    situations — editable by the issuing committee while no school has reported against it."""
    standard = _visible_standard(request, pk)
    can_edit = scope_of(request.user).allows(Action.RATING_CONFIGURE, standard.owner.path)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(f"您的职务不含“{Action.RATING_CONFIGURE.label}”的权限")
        try:
            _edit(request, standard)
        except RuleViolation as violation:
            _refused(request, violation)
            status = 422
        else:
            messages.success(request, "已保存。")
            return redirect("appraisal:rating_standard", pk=standard.pk)
    areas = list(standard.areas.prefetch_related("items"))
    checks = {c.code: c for c in automatic.registered()}
    for area in areas:
        for item in area.items.all():
            item.check_obj = checks.get(item.check_code)
    return render(request, "appraisal/rating/standard.html", {
        "standard": standard, "org": standard.owner, "areas": areas, "levels": list(standard.levels.all()),
        "situations": list(standard.situations.all()), "total": standards.total_points(standard),
        "can_edit": can_edit, "in_use": standards.in_use(standard), "checks": list(checks.values()),
        "evidence_kinds": R.EvidenceKind.choices, "tab": "standards",
    }, status=status)


def _edit(request, standard: StandardSet) -> None:
    action = request.POST.get("action")
    user = request.user
    if action == "settings":
        data = {k: request.POST.get(k, "") for k in ("name", "note", "title_name", "title_min_score", "five_star_cap",
                                                      "sample_percent")}
        raw_days = request.POST.get("publicity_days", "")
        data["publicity_days"] = int(raw_days) if raw_days.isdigit() else raw_days
        standards.update_set(standard, data, acting_user=user)
    elif action == "item":
        item = standard.items.filter(pk=request.POST.get("item") or 0).first()
        area = standard.areas.filter(pk=request.POST.get("area") or 0).first()
        data = {k: request.POST.get(k, "") for k in ("text", "points", "evidence", "check_code", "guidance")}
        standards.save_item(standard, data, area=area, item=item, acting_user=user)
    elif action == "levels":
        standards.set_levels(standard, {s: request.POST.get(f"level_{s}", "") for s in range(1, R.MAX_STARS + 1)
                                        if request.POST.get(f"level_{s}", "")}, acting_user=user)
    elif action == "situation":
        situation = standard.situations.filter(pk=request.POST.get("situation") or 0).first()
        standards.save_situation(standard, text=request.POST.get("text", ""), situation=situation, acting_user=user)
    else:
        raise Http404("没有这个操作")


@require_POST
def standard_copy(request, pk: int):
    standard = _visible_standard(request, pk)
    if not scope_of(request.user).allows(Action.RATING_CONFIGURE, standard.owner.path):
        raise PermissionDenied(f"您的职务不含“{Action.RATING_CONFIGURE.label}”的权限")
    raw = request.POST.get("year", "")
    try:
        if not raw.isdigit():
            raise RuleViolation("请填写年度", rule=R.R_SET, field="year")
        copy = standards.copy_set(standard, year=int(raw), acting_user=request.user)
    except RuleViolation as violation:
        _refused(request, violation)
        return redirect("appraisal:rating_standard", pk=standard.pk)
    messages.success(request, f"已复制为{copy.year}年度标准，可修改后使用。")
    return redirect("appraisal:rating_standard", pk=copy.pk)


# --- sampling and 公示 ---------------------------------------------------------------------------

def _owned_sets(request, org: PartyOrg, year: int) -> list[StandardSet]:
    if not scope_of(request.user).allows(Action.RATING_REVIEW, org.path):
        return []
    return list(StandardSet.objects.filter(owner=org, year=year))


def sampling(request):
    """市级抽查: the draws of the year with their seeds, the drawn ratings and a new draw."""
    org = rating_org(request)
    today = timezone.localdate()
    year = year_of(request, today)
    sets = _owned_sets(request, org, year)
    status = 200
    if request.method == "POST":
        if not sets:
            raise PermissionDenied(f"您的职务不含“{Action.RATING_REVIEW.label}”的权限，或本单位未制定{year}年度的标准")
        standard = next((s for s in sets if str(s.pk) == request.POST.get("standard")), None)
        try:
            if standard is None:
                raise RuleViolation("请选择抽查的标准", rule=R.R_SAMPLING, field="standard")
            done = services.draw(org, standard, year, percent=request.POST.get("percent") or None,
                                 acting_user=request.user)
        except RuleViolation as violation:
            _refused(request, violation)
            status = 422
        else:
            messages.success(request, f"已从 {done.population} 个党组织中随机抽取 {done.drawn} 个（随机种子 {done.seed}）。")
            return redirect(f"{_url('appraisal:rating_sampling')}?org={org.pk}&year={year}")
    drawn = selectors.ratings_in(request.user, org, year=year).filter(drawn=True)
    waiting = selectors.ratings_in(request.user, org, year=year, state=State.REVIEWED).count()
    page = Paginator(drawn, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appraisal/rating/sampling.html", {
        "org": org, "year": year, "draws": selectors.draws_in(org, year), "page_obj": page, "drawn": page.object_list,
        "waiting": waiting, "sets": sets, "years": range(today.year, today.year - 6, -1), "tab": "sampling",
        "querystring": f"org={org.pk}&year={year}&",
    }, status=status)


def publicity(request):
    """评定结果公示: the batches with their working-day periods, a new batch, the star after it."""
    org = rating_org(request)
    today = timezone.localdate()
    year = year_of(request, today)
    sets = _owned_sets(request, org, year)
    if request.method == "POST":
        if not sets:
            raise PermissionDenied(f"您的职务不含“{Action.RATING_REVIEW.label}”的权限，或本单位未制定{year}年度的标准")
        standard = next((s for s in sets if str(s.pk) == request.POST.get("standard")), None)
        try:
            start = datetime.date.fromisoformat(request.POST.get("start") or today.isoformat())
        except ValueError:
            start = None
        try:
            if standard is None:
                raise RuleViolation("请选择公示的标准", rule=R.R_PUBLICITY, field="standard")
            if start is None:
                raise RuleViolation("公示开始日期格式为 2026-11-23", rule=R.R_PUBLICITY, field="start")
            batch = services.start_publicity(org, standard, year, start=start, acting_user=request.user)
        except RuleViolation as violation:
            _refused(request, violation)
            return _publicity_page(request, org, year, sets, today, status=422)
        messages.success(request, f"已公示 {batch.ratings.count()} 个党组织的评定结果，公示期至 {batch.end:%Y-%m-%d}。")
        return redirect(f"{_url('appraisal:rating_publicity')}?org={org.pk}&year={year}")
    return _publicity_page(request, org, year, sets, today)


def _publicity_page(request, org, year, sets, today, status=200):
    batches = list(selectors.publicities_applying_to(org, year))
    waiting = selectors.ratings_in(request.user, org, year=year, state=State.CHECKED).count()
    return render(request, "appraisal/rating/publicity.html", {
        "org": org, "year": year, "batches": batches, "sets": sets, "waiting": waiting, "today": today,
        "can_manage": bool(sets), "years": range(today.year, today.year - 6, -1), "tab": "publicity",
    }, status=status)


def _visible_publicity(request, pk: int) -> Publicity:
    item = Publicity.objects.select_related("owner", "standard").filter(pk=pk).first()
    if item is None or not selectors.reaches(request.user, item.owner):
        raise Http404("未找到该记录")
    return item


@require_POST
def publicity_grant(request, pk: int):
    item = _visible_publicity(request, pk)
    try:
        count = services.grant(item, acting_user=request.user)
    except RuleViolation as violation:
        _refused(request, violation)
        return _publicity_page(request, item.owner, item.year, _owned_sets(request, item.owner, item.year),
                               timezone.localdate(), status=422)
    messages.success(request, f"公示期满，已评定 {count} 个党组织的星级。")
    return redirect(f"{_url('appraisal:rating_publicity')}?org={item.owner.pk}&year={item.year}")


def publicity_document(request, pk: int, fmt: str):
    item = _visible_publicity(request, pk)
    return documents.respond("publicity", item, fmt, f"{item.owner.name}{item.year}年度评星定级结果公示",
                             f"rating-publicity-{item.pk}")


# --- 黑榜 and 软弱涣散 ------------------------------------------------------------------------------

def blacklist(request):
    org = rating_org(request)
    rows = selectors.revocations_in(request.user, org)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appraisal/rating/blacklist.html", {
        "org": org, "page_obj": page, "rows": page.object_list, "tab": "blacklist", "querystring": f"org={org.pk}&",
    })


def notice_document(request, pk: int, fmt: str):
    item = get_visible_or_404(Revocation.objects.visible_to(request.user).select_related("org", "rating__standard__owner"),
                              pk=pk)
    return documents.respond("notice", item, fmt, f"黑榜通报_{item.org.name}", f"rating-notice-{item.pk}")


def weak_list(request):
    org = rating_org(request)
    state = request.GET.get("state") or ""
    if state and state not in R.WeakState.values:
        raise Http404("没有这个筛选条件")
    rows = selectors.weak_in(request.user, org, state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "appraisal/rating/weak.html", {
        "org": org, "page_obj": page, "rows": page.object_list, "state": state, "states": R.WeakState.choices,
        "today": timezone.localdate(), "tab": "weak", "querystring": f"org={org.pk}&state={state}&",
    })


def weak_detail(request, pk: int):
    """One organization's 整顿: its tasks, the school reporting one done, the county adding a task
    or closing the list (销号)."""
    weak = get_visible_or_404(WeakOrg.objects.visible_to(request.user).select_related("org", "revocation"), pk=pk)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "done":
                task = get_visible_or_404(WeakTask.objects.filter(weak=weak), pk=request.POST.get("task") or 0)
                revocation.complete_task(task, done_on=request.POST.get("done_on", ""), note=request.POST.get("note", ""),
                                         acting_user=request.user)
            elif action == "task":
                revocation.add_task(weak, title=request.POST.get("title", ""), owner_name=request.POST.get("owner_name", ""),
                                    deadline=request.POST.get("deadline", ""), acting_user=request.user)
            elif action == "lift":
                revocation.lift(weak, note=request.POST.get("note", ""), acting_user=request.user)
            else:
                raise Http404("没有这个操作")
        except RuleViolation as violation:
            _refused(request, violation)
            status = 422
        else:
            messages.success(request, "已保存。")
            return redirect("appraisal:rating_weak_detail", pk=weak.pk)
    scope = scope_of(request.user)
    from dangjian.appraisal.services.rating_common import is_above

    return render(request, "appraisal/rating/weak_detail.html", {
        "weak": weak, "org": weak.org, "tasks": list(weak.tasks.all()), "today": timezone.localdate(),
        "can_report": weak.state == R.WeakState.RECTIFYING and scope.allows(Action.RATING_SELF, weak.org.path),
        "can_manage": weak.state == R.WeakState.RECTIFYING and is_above(request.user, weak.org.path),
        "rating": StarRating.objects.filter(pk=weak.revocation.rating_id).first() if weak.revocation else None,
    }, status=status)
