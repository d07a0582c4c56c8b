"""Pages of 师德师风: a school's ledger for a year (assessments with counts by grade, violations),
the year's assessment of every teacher in one table, a violation, and a teacher's ethics history.
Thin: reads through the scoped querysets and selectors.ethics, writes through services.ethics."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import School
from dangjian.staff.forms.ethics import GRADE_CHOICES, ViolationForm
from dangjian.staff.models import StaffMember
from dangjian.staff.rules import ethics as R
from dangjian.staff.selectors import ethics as selectors
from dangjian.staff.services import ethics as services


def _school(request, pk: int, action: str = Action.ETHICS_VIEW) -> School:
    return get_visible_or_404(School.objects.visible_to(request.user, action).select_related("party_org", "supervisor"),
                              pk=pk)


def _year(request) -> int:
    today = timezone.localdate()
    raw = (request.GET.get("year") or request.POST.get("year") or "").strip()
    if not raw:
        return today.year
    if not raw.isdigit() or not 1990 <= int(raw) <= today.year:
        raise Http404("没有这个年度")
    return int(raw)


def _can_manage(request, school: School) -> bool:
    return any(scope_of(request.user).allows(Action.ETHICS_MANAGE, o.path)
               for o in (school.party_org, school.supervisor) if o is not None)


def schools(request):
    """师德师风: the schools one may read, each linking to its ledger."""
    require(request, Action.ETHICS_VIEW)
    rows = School.objects.visible_to(request.user, Action.ETHICS_VIEW).order_by("county", "name")[:500]
    rows = list(rows)
    if len(rows) == 1:
        return redirect("staff:ethics_ledger", school=rows[0].pk)
    return render(request, "staff/ethics/schools.html", {"schools": rows})


def ledger(request, school: int):
    school_obj = _school(request, school)
    year = _year(request)
    return render(request, "staff/ethics/ledger.html", {
        "school": school_obj, "year": year, "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "can_manage": _can_manage(request, school_obj), "rules": [R.R_GRADE, R.R_VETO, R.R_HANDLING],
        **selectors.ledger(request.user, school_obj, year),
    })


def assess(request, school: int):
    """The year's assessment of every teacher at once: one table, a grade select per teacher."""
    school_obj = _school(request, school, Action.ETHICS_MANAGE)
    year = _year(request)
    teachers = list(selectors.teachers_of_year(school_obj, year).exclude(ethics_assessments__year=year))
    error, bad_row, status = None, None, 200
    chosen = {t.pk: request.POST.get(f"grade_{t.pk}", "") for t in teachers} if request.method == "POST" else {}
    notes = {t.pk: request.POST.get(f"note_{t.pk}", "") for t in teachers} if request.method == "POST" else {}
    if request.method == "POST":
        rows = [(t, chosen[t.pk], notes[t.pk]) for t in teachers if chosen[t.pk]]
        if not rows:
            error, status = "请至少为一名教师选择考核等次", 422
        else:
            try:
                saved = services.record_assessments(school_obj, year=year, grades=rows, acting_user=request.user)
            except RuleViolation as refusal:
                error, status = f"{refusal.message}。依据：{refusal.rule}" if refusal.rule else refusal.message, 422
                bad_row = rows[refusal.index][0].pk if refusal.index is not None else None
            else:
                messages.success(request, f"已登记 {len(saved)} 名教师的{year}年度师德考核。")
                return redirect(f"{_ledger_url(school_obj)}?year={year}")
    return render(request, "staff/ethics/assess.html", {
        "school": school_obj, "year": year, "grades": GRADE_CHOICES, "error": error, "bad_row": bad_row,
        "rows": [{"staff": t, "grade": chosen.get(t.pk, ""), "note": notes.get(t.pk, "")} for t in teachers],
        "rule": R.R_GRADE,
    }, status=status)


def _ledger_url(school: School) -> str:
    from django.urls import reverse

    return reverse("staff:ethics_ledger", kwargs={"school": school.pk})


def violation_new(request, school: int):
    school_obj = _school(request, school, Action.ETHICS_MANAGE)
    staff = list(StaffMember.objects.filter(school=school_obj).order_by("name"))
    today = timezone.localdate().isoformat()
    form = ViolationForm(request.POST or None, staff=staff, initial={"occurred_on": today, "decided_on": today})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            person = next(s for s in staff if str(s.pk) == data.pop("staff"))
            try:
                services.record_violation(person, acting_user=request.user, **data)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, f"已登记{person.name}的师德违规记录。近{R.VETO_MONTHS}个月内评优选优、人事职称事项将适用一票否决。")
                return redirect(_ledger_url(school_obj))
        return render(request, "staff/ethics/violation_new.html", {"form": form, "school": school_obj}, status=422)
    return render(request, "staff/ethics/violation_new.html", {"form": form, "school": school_obj})


def ethics_section(request, staff: StaffMember) -> dict | None:
    """The teacher's ethics history for the staff member's page (staff/ethics/section.html), or
    None for someone without the right to read the ethics records on his school."""
    school = staff.school
    if not any(scope_of(request.user).allows(Action.ETHICS_VIEW, o.path)
               for o in (school.party_org, school.supervisor) if o is not None):
        return None
    today = timezone.localdate()
    return {"veto": services.ethics_veto(staff, today), "window": R.veto_window(today), "rule": R.R_VETO,
            **selectors.history(staff)}


def history(request, pk: int):
    """A teacher's ethics history (the section the staff page shows, and a page of its own)."""
    staff = get_visible_or_404(StaffMember.objects.visible_to(request.user, Action.ETHICS_VIEW)
                               .select_related("school"), pk=pk)
    today = timezone.localdate()
    return render(request, "staff/ethics/history.html", {
        "staff": staff, "veto": services.ethics_veto(staff, today), "window": R.veto_window(today), "rule": R.R_VETO,
        **selectors.history(staff),
    })
