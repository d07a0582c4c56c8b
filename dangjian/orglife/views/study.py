"""Study pages: my reading notes (write one; the year's 字数 against the target of seed 000)
and the organization's 学习园地 (shared notes, and every member's total this year)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.core.errors import RuleViolation
from dangjian.orglife import rules as R
from dangjian.orglife import services
from dangjian.orglife.forms import ReadingNoteForm
from dangjian.orglife.models import ReadingNote
from dangjian.orglife.views.meetings import _int, orglife_org, querystring


def my_notes(request):
    member = getattr(request.user, "member", None)
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    form = ReadingNoteForm(initial={"written_on": today})
    status = 200
    if request.method == "POST":
        if member is None:
            raise PermissionDenied("您的账号没有关联党员档案，不能撰写读书笔记")
        form = ReadingNoteForm(request.POST)
        if form.is_valid():
            try:
                note = services.write_note(member, acting_user=request.user, **form.cleaned_data)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, f"已保存读书笔记（{note.char_count} 字）")
                return redirect("orglife:study")
        status = 422
    notes = ReadingNote.objects.filter(member=member, written_on__year=year) if member else ReadingNote.objects.none()
    return render(request, "orglife/study.html", {
        "member": member, "year": year, "notes": notes, "form": form, "rule": R.R_READING_NOTES,
        "total": services.year_total(member, year) if member else None, "years": range(today.year, today.year - 6, -1),
    }, status=status)


def board(request):
    """学习园地 of an organization: the notes shared there, and each member's 字数 this year."""
    org = orglife_org(request, request.GET.get("org"))
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    shared = (ReadingNote.objects.visible_to(request.user).filter(org__path__startswith=org.path, shared=True,
                                                                  written_on__year=year).select_related("member"))
    totals = services.org_totals(org, year)
    page = Paginator(totals, 100).get_page(request.GET.get("page"))
    return render(request, "orglife/study_board.html", {
        "org": org, "year": year, "shared": shared[:30], "page": page, "rows": page.object_list,
        "met": sum(1 for r in totals if r["met"]), "count": len(totals), "rule": R.R_READING_NOTES,
        "tab": "study", "querystring": querystring(request), "years": range(today.year, today.year - 6, -1),
    })
