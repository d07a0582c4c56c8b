"""The member's side of 民主评议党员: the anonymous 测评 ballot on a phone, the 季度自查 / 半年初评 /
年终总评 reports, and the results shown on the member record (a section registered with the
members module's hook in AppraisalConfig.ready())."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from dangjian.appraisal.forms.review import SelfReportForm
from dangjian.appraisal.models import BallotToken, SelfReport
from dangjian.appraisal.rules import review as R
from dangjian.appraisal.selectors.review import results_of
from dangjian.appraisal.services import review_poll, review_reports
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members.models import Member


def _own_member(request) -> Member:
    member = getattr(request.user, "member", None)
    if member is None:
        raise Http404("您的账号没有关联党员档案")
    return member


def ballots(request):
    """我的民主测评: the rounds in which this member has a ballot, open or already cast."""
    member = getattr(request.user, "member", None)
    tokens = (list(BallotToken.objects.filter(member=member).select_related("round__org").order_by("-round__year"))
              if member is not None else [])
    rows = [{"token": t, "open": t.used_at is None and t.round.state == R.Step.POLL} for t in tokens]
    return render(request, "appraisal/review/ballots.html", {"rows": rows, "member": member})


def ballot(request, pk: int):
    """One round's anonymous ballot: a grade for each other member of the roster, once."""
    member = _own_member(request)
    token = BallotToken.objects.filter(member=member, round_id=pk).select_related("round__org").first()
    if token is None:
        raise Http404("未找到该测评")
    round_ = token.round
    subjects = list(Member.objects.filter(pk__in=round_.tokens.exclude(member=member).values("member_id"))
                    .order_by("name_pinyin", "id"))
    error, status, chosen = None, 200, {}
    if request.method == "POST":
        chosen = {s.pk: request.POST.get(f"v{s.pk}", "") for s in subjects}
        try:
            graded = review_poll.cast_ballot(round_, voter=member, choices=chosen, acting_user=request.user)
        except RuleViolation as violation:
            error, status = f"{violation.message}。依据：{violation.rule}" if violation.rule else violation.message, 422
        else:
            messages.success(request, f"投票成功：评议了 {graded} 名党员。测评不记名，您的选择不与您的账号关联。")
            return redirect("appraisal:review_ballots")
    return render(request, "appraisal/review/ballot.html", {
        "round": round_, "subjects": subjects, "grades": [(g, R.Grade(g).label) for g in R.POLL_GRADES],
        "chosen": chosen, "error": error, "used": token.used_at is not None,
        "open": token.used_at is None and round_.state == R.Step.POLL and round_.poll_mode == R.PollMode.ONLINE,
        "rule": R.R_BALLOT,
    }, status=status)


def self_reports(request):
    """季度自查、半年初评、年终总评: the member's own (or, for the branch's committee, a member's
    whose report came on paper: ?member=)."""
    today = timezone.localdate()
    raw = request.GET.get("member")
    if raw:
        try:
            member_id = int(raw)
        except ValueError:
            raise Http404("未找到该党员") from None
        member = get_visible_or_404(Member.objects.visible_to(request.user, Action.APPRAISAL_MANAGE)
                                    .select_related("org"), pk=member_id)
    else:
        member = _own_member(request)
    if request.user.is_authenticated and not review_reports.may_write_report(request.user, member):
        raise Http404("未找到该党员")
    year = today.year
    if request.GET.get("year", "").isdigit() and 2000 <= int(request.GET["year"]) <= today.year:
        year = int(request.GET["year"])
    status = 200
    period = request.GET.get("period") if request.GET.get("period") in R.ReportPeriod.values else R.current_report_period(today)
    existing = SelfReport.objects.filter(member=member, year=year, period=period).first()
    initial = {"year": year, "period": period, **{name: getattr(existing, name) for name in R.REPORT_FIELDS
                                                  if existing is not None}}
    form = SelfReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                review_reports.save_self_report(member, year=data["year"], period=data["period"],
                                                parts={k: data[k] for k in R.REPORT_FIELDS}, acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已保存{data['year']}年{R.ReportPeriod(data['period']).label}")
                suffix = f"?member={member.pk}&year={data['year']}" if raw else f"?year={data['year']}"
                return redirect(f"{request.path}{suffix}")
        status = 422
    reports = list(SelfReport.objects.filter(member=member, year=year))
    by_period = {r.period: r for r in reports}
    return render(request, "appraisal/review/self_reports.html", {
        "member": member, "form": form, "year": year, "years": range(today.year, today.year - 5, -1),
        "periods": [(p, R.ReportPeriod(p).label, by_period.get(p)) for p in R.ReportPeriod.values],
        "fields": R.REPORT_FIELDS, "proxy": bool(raw), "rule": R.R_SELF_REPORT, "editing": period,
    }, status=status)


def record_section(request, member: Member, *, own: bool = False) -> str | None:
    """民主评议 results on a member's record: the member sees their grades once reported (通报本人);
    those who may see the branch's review see every round, in progress ones marked."""
    if own:
        results = results_of(member, reported_only=True)
        can_write = True
    elif scope_of(request.user).allows(Action.APPRAISAL_VIEW, member.org.path):
        results = results_of(member, reported_only=False)
        can_write = scope_of(request.user).allows(Action.APPRAISAL_MANAGE, member.org.path)
    else:
        return None
    return render_to_string("appraisal/review/_record_section.html", {
        "member": member, "results": results, "own": own, "can_write": can_write,
    }, request=request)
