"""Pages of the party organization's decision meetings: the list, recording a meeting (who was
there with a vote, who attended without one, the agenda the secretary set), the meeting record
with each matter's votes and verdict, and its minutes and 决议 as .docx and PDF."""

from __future__ import annotations

import contextlib
import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.decisions import documents, selectors
from dangjian.decisions.forms import MeetingForm, VoteForm
from dangjian.decisions.models import DecisionMeeting, Matter
from dangjian.decisions.services import AGENDA_FROM, party_seats, record_meeting, record_votes
from dangjian.decisions.views.matters import PAGE_SIZE, decisions_org


def visible_meeting(request, pk: int) -> DecisionMeeting:
    return get_visible_or_404(DecisionMeeting.objects.visible_to(request.user).select_related("org"), pk=pk)


def meeting_list(request):
    org = decisions_org(request)
    page = Paginator(selectors.meetings_in(request.user, org), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/meetings.html", {
        "org": org, "page_obj": page, "meetings": page.object_list, "querystring": f"org={org.pk}&",
        "can_convene": scope_of(request.user).allows(Action.DECISIONS_CONVENE, org.path),
    })


def meeting_new(request):
    """登记党组织会议: the organization is the page's (?org=), where the user convenes."""
    org = decisions_org(request, Action.DECISIONS_CONVENE)
    require(request, Action.DECISIONS_CONVENE, org.path)
    day = timezone.localdate()
    if request.method == "POST":
        with contextlib.suppress(ValueError):
            day = datetime.date.fromisoformat(request.POST.get("held_on") or "")
    seats = party_seats(org, day)
    waiting = list(Matter.objects.filter(org=org, state__in=AGENDA_FROM).order_by("raised_on", "pk"))
    form = MeetingForm(request.POST or None, seats=seats, matters=waiting,
                       initial={"held_on": day.isoformat(), "host_name": _secretary_name(seats)})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            chosen = [m for m in waiting if str(m.pk) in data["matters"]]
            try:
                meeting = record_meeting(org, held_on=data["held_on"], host_name=data["host_name"], place=data["place"],
                                         recorder_name=data["recorder_name"], present=[int(p) for p in data["present"]],
                                         observers=form.observer_list(), matters=chosen, notes=data["notes"],
                                         acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                note = "" if meeting.quorate else "（未达到法定人数，议题只能缓议）"
                messages.success(request, f"已登记会议，应到 {meeting.body_size} 人、实到 {meeting.present_count} 人{note}。")
                return redirect("decisions:meeting", pk=meeting.pk)
        status = 422
    else:
        status = 200
    return render(request, "decisions/meeting_new.html", {"org": org, "form": form, "seats": seats,
                                                          "waiting": waiting}, status=status)


def _secretary_name(seats) -> str:
    return next((p.person_name for p in seats if p.post == "secretary"), "")


def meeting_detail(request, pk: int, vote_forms: dict | None = None, status: int = 200):
    meeting = visible_meeting(request, pk)
    attendance = list(meeting.attendance.all())
    voters = [a for a in attendance if a.voting and a.present]
    can_convene = scope_of(request.user).allows(Action.DECISIONS_CONVENE, meeting.org.path)
    items = list(meeting.items.select_related("matter").prefetch_related("recusals__position"))
    vote_forms = vote_forms or {}
    for item in items:
        item.rows = documents.vote_rows(item)
        if can_convene and not item.verdict:
            item.form = vote_forms.get(item.pk) or VoteForm(voters=voters, prefix=f"i{item.pk}")
    return render(request, "decisions/meeting.html", {
        "meeting": meeting, "attendance": attendance, "voters": voters, "items": items, "can_convene": can_convene,
    }, status=status)


@require_POST
def vote(request, pk: int):
    """Record one agenda item's votes and verdict (the same service as the API's PUT)."""
    meeting = visible_meeting(request, pk)
    require(request, Action.DECISIONS_CONVENE, meeting.org.path)
    raw = request.POST.get("item") or ""
    item = meeting.items.filter(pk=int(raw), verdict="").first() if raw.isdigit() and len(raw) < 18 else None
    if item is None:
        messages.error(request, "请选择本次会议尚未表决的议题。")
        return meeting_detail(request, pk, status=422)
    voters = [a for a in meeting.attendance.all() if a.voting and a.present]
    form = VoteForm(request.POST, voters=voters, prefix=f"i{item.pk}")
    if form.is_valid():
        try:
            record_votes(meeting, [form.item(item.matter_id)], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已登记“{item.matter.title}”的表决结果。")
            return redirect("decisions:meeting", pk=pk)
    return meeting_detail(request, pk, vote_forms={item.pk: form}, status=422)


def meeting_document(request, pk: int, fmt: str):
    """会议记录 or 决议 (?kind=resolution) as an editable .docx or a PDF."""
    meeting = visible_meeting(request, pk)
    kind = request.GET.get("kind") or "minutes"
    if kind not in documents.KINDS or fmt not in ("docx", "pdf"):
        raise Http404("没有这种文书")
    title = documents.KINDS[kind]
    name = f"{meeting.org.name}{meeting.held_on:%Y年%m月%d日}{title}"
    if fmt == "pdf":
        from dangjian.core.pdf import pdf_response

        return pdf_response(documents.pdf(meeting, kind), f"{name}.pdf", f"{kind}-{meeting.pk}.pdf")
    from dangjian.core.exports import content_disposition

    response = HttpResponse(documents.docx(meeting, kind), content_type=documents.DOCX)
    response["Content-Disposition"] = content_disposition(f"{name}.docx", f"{kind}-{meeting.pk}.docx")
    response["Cache-Control"] = "no-store"
    return response
