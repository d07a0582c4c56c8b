"""Pages of 民主评议党员: the rounds of a subtree, opening a round, a round with its steps,
roster, counts, grades and follow-ups, and taking the next step.

Thin views: reads through selectors, writes through services; the platform's order of checks —
out of scope 404, in scope without the right 403, a refused rule 422 with the form and the rule."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.appraisal.forms.review import CloseForm, FollowUpForm, RoundForm, StepForm
from dangjian.appraisal.models import FollowUp, MemberGrade, PollCount, ReviewRound, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import roster, rules_for, self_report_counts
from dangjian.appraisal.services import review as services
from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members.models import Member
from dangjian.members.services import MEMBER_ORG_KINDS
from dangjian.orgs.current import org_for
from dangjian.orgs.models import PartyOrg

PAGE_SIZE = 50


def visible_round(request, pk: int) -> ReviewRound:
    return get_visible_or_404(ReviewRound.objects.visible_to(request.user).select_related("org"), pk=pk)


def may_manage(request, round_: ReviewRound) -> bool:
    return scope_of(request.user).allows(Action.APPRAISAL_MANAGE, round_.org.path)


def _year(raw, default: int | None) -> int | None:
    if raw in (None, ""):
        return default
    try:
        year = int(raw)
    except ValueError:
        raise Http404("年度有误") from None
    if not 2000 <= year <= 2100:
        raise Http404("年度有误")
    return year


def rounds(request):
    """民主评议党员 of the subtree, newest year first, with how far each has got."""
    org = org_for(request, request.GET.get("org"), Action.APPRAISAL_VIEW)
    year = _year(request.GET.get("year"), None)
    qs = (ReviewRound.objects.visible_to(request.user).filter(org__path__startswith=org.path).select_related("org")
          .annotate(graded=Count("grades"),
                    excellent=Count("grades", filter=Q(grades__grade=R.Grade.EXCELLENT)),
                    low=Count("grades", filter=Q(grades__grade__in=[R.Grade.BASIC, R.Grade.UNQUALIFIED])))
          .order_by("-year", "org__path"))
    if year:
        qs = qs.filter(year=year)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "appraisal/review/rounds.html", {
        "org": org, "page_obj": page, "year": year, "years": range(today.year, today.year - 6, -1),
        "querystring": f"org={org.pk}&" + (f"year={year}&" if year else ""),
        "can_manage": scope_of(request.user).allows(Action.APPRAISAL_MANAGE, org.path),
        "steps": R.STEPS,
    })


def _branches(request) -> list[PartyOrg]:
    return list(PartyOrg.objects.visible_to(request.user, Action.APPRAISAL_MANAGE)
                .filter(kind__in=MEMBER_ORG_KINDS, is_active=True).order_by("path")[:500])


def round_new(request):
    """开展民主评议党员: a branch, a year, the 评议基准日."""
    require(request, Action.APPRAISAL_MANAGE)
    orgs = _branches(request)
    today = timezone.localdate()
    initial = {"year": today.year if today.month >= 10 else today.year - 1, "as_of": today.isoformat()}
    if request.GET.get("org"):
        initial["org"] = request.GET["org"]
    form = RoundForm(request.POST or None, orgs=orgs, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            org = next(o for o in orgs if str(o.pk) == data["org"])
            try:
                round_ = services.create_round(org, year=data["year"], as_of=data["as_of"], note=data["note"],
                                               acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已开展{round_.year}年度民主评议党员。下一步：组织党员学习教育，然后进入个人自评。")
                return redirect("appraisal:review", pk=round_.pk)
        return render(request, "appraisal/review/round_new.html", {"form": form}, status=422)
    return render(request, "appraisal/review/round_new.html", {"form": form})


EVENT_LABELS = {(t.source, t.target): t.label for t in R.TRANSITIONS}


def _timeline(round_: ReviewRound) -> list[dict]:
    out = []
    for e in round_.events.select_related("actor"):
        lines = []
        for key, value in e.facts.items():
            if key == "poll_mode":
                lines.append(f"测评方式：{R.PollMode(value).label}")
            elif key == "decided_by":
                lines.append(f"评定会议：{R.Body(value).label}")
            elif key == "decided_on":
                lines.append(f"评定日期：{value}")
            elif key == "present":
                lines.append(f"参加测评：{value} 人")
            elif key == "ballots_issued":
                lines.append(f"发放手机测评票：{value} 张")
            elif key == "follow_ups":
                lines.append(f"生成处置和改进任务：{value} 项")
            elif key == "note":
                lines.append(f"情况说明：{value}")
        out.append({"event": e, "label": EVENT_LABELS.get((e.source, e.target), "开展民主评议，进入学习教育"),
                    "lines": lines, "by": (e.actor.display_name or e.actor.username) if e.actor else "系统"})
    return out


def _path(round_: ReviewRound) -> list[dict]:
    now = R.step_index(round_.state)
    return [{"label": R.Step(s).label, "css": "now" if i == now else "done" if i < now else ""}
            for i, s in enumerate(R.STEPS)]


def round_detail(request, pk: int, step_form=None, status: int = 200):
    round_ = visible_round(request, pk)
    today = timezone.localdate()
    manage = may_manage(request, round_)
    entries = roster(round_)
    ids = [e.member.pk for e in entries]
    counts = {c.member_id: c for c in PollCount.objects.filter(round=round_)}
    grades = {g.member_id: g for g in MemberGrade.objects.filter(round=round_)}
    reports = self_report_counts(ids, round_.year)
    annual = {r.member_id: r for r in SelfReport.objects.filter(member_id__in=ids, year=round_.year,
                                                                period=R.ReportPeriod.ANNUAL)}
    rules = rules_for(round_.org, round_.as_of)
    full = sum(1 for e in entries if not e.probationary)
    rows = [{"entry": e, "counts": counts.get(e.member.pk), "grade": grades.get(e.member.pk),
             "reports": sum(1 for p in R.ReportPeriod.values if reports.get(e.member.pk, {}).get(p)),
             "annual": annual.get(e.member.pk)} for e in entries]
    following = R.next_of(round_.state)
    if manage and following is not None and step_form is None:
        step_form = StepForm(transition=following, initial={"occurred_on": today.isoformat(),
                                                            "decided_on": today.isoformat()})
    follow_ups = []
    if R.reached(round_.state, R.Step.REPORTED):
        owners = list(Member.objects.active().filter(org__path__startswith=round_.org.path).order_by("name_pinyin"))
        for fu in FollowUp.objects.filter(grade__round=round_).select_related("owner", "grade__member").order_by("id"):
            follow_ups.append({
                "fu": fu, "overdue": fu.is_open and fu.deadline < today,
                "form": FollowUpForm(owners=owners, prefix=f"fu{fu.pk}", initial={
                    "owner": fu.owner_id, "deadline": fu.deadline.isoformat(), "measures": fu.measures})
                if manage and fu.is_open else None,
                "close": CloseForm(kind=fu.kind, prefix=f"close{fu.pk}", initial={"closed_on": today.isoformat()})
                if manage and fu.is_open else None})
    tokens = round_.tokens.aggregate(issued=Count("id"), used=Count("id", filter=Q(used_at__isnull=False))) \
        if round_.poll_mode == R.PollMode.ONLINE else None
    return render(request, "appraisal/review/round.html", {
        "round": round_, "path": _path(round_), "timeline": _timeline(round_), "rows": rows,
        "rules": rules, "full": full, "cap": R.excellent_cap(full, rules), "periods": len(R.ReportPeriod.values),
        "excellent": sum(1 for g in grades.values() if g.grade == R.Grade.EXCELLENT),
        "can_manage": manage, "following": following, "step_form": step_form, "tokens": tokens,
        "follow_ups": follow_ups, "grade_headers": [f"{R.Grade(g).label}票" for g in R.POLL_GRADES],
        "following_label": R.Step(following.target).label if following else "",
        "reached_decision": R.reached(round_.state, R.Step.DECISION), "today": today,
        "rule_order": R.R_ORDER, "rule_cap": R.R_EXCELLENT_CAP, "rule_probationary": R.R_PROBATIONARY,
    }, status=status)


@require_POST
def round_step(request, pk: int):
    """Take the round's next step (the only move the table allows from where it is)."""
    round_ = visible_round(request, pk)
    require(request, Action.APPRAISAL_MANAGE, round_.org.path)
    following = R.next_of(round_.state)
    if following is None:
        messages.info(request, "本轮评议已全部完成")
        return redirect("appraisal:review", pk=round_.pk)
    form = StepForm(request.POST, transition=following)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition(round_, following.target, occurred_on=data["occurred_on"], acting_user=request.user,
                                facts={k: v for k, v in data.items() if k != "occurred_on"})
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已进入“{R.Step(following.target).label}”环节")
            return redirect("appraisal:review", pk=round_.pk)
    return round_detail(request, pk, step_form=form, status=422)
