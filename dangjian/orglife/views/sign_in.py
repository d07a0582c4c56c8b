"""扫码签到: the secretary's page with a meeting's QR code and who has signed in (orglife.manage on
the meeting's organization), and the page a member's phone opens from the code (login first,
through the usual login with its redirect back). The rules are in services/sign_in.py."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.qr import qr_svg
from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.orglife.models import Meeting, MeetingSignIn
from dangjian.orglife.services import sign_in as service
from dangjian.orglife.views.meetings import _meeting


def code(request, pk):
    """The code to show on a screen at the meeting, and the sign-ins so far (htmx refreshes the list)."""
    meeting = _meeting(request, pk)
    require(request, Action.ORGLIFE_MANAGE, meeting.org.path)
    now = timezone.now()
    opens, closes = service.sign_in_window(meeting)
    signed = {s.member_id: s for s in MeetingSignIn.objects.filter(meeting=meeting)}
    rows = [(row, signed.get(row.member_id))
            for row in meeting.attendance.select_related("member").order_by("member__name")]
    context = {"meeting": meeting, "org": meeting.org, "rows": rows, "signed_count": len(signed),
               "opens": opens, "closes": closes, "state": "open" if opens <= now <= closes else
               "early" if now < opens else "closed"}
    if request.htmx:
        return render(request, "orglife/_sign_in_list.html", context)
    if context["state"] != "closed":
        url = request.build_absolute_uri(reverse("orglife:sign_in", args=[service.make_token(meeting)]))
        context.update(url=url, qr=qr_svg(url))
    return render(request, "orglife/sign_in_code.html", context)


def sign_in(request, token):
    """A member's sign-in from the code: the meeting, and a button that signs him in (a POST, so
    that a link preview or a prefetch never signs anyone in). Forged tokens, users without a member
    record and members of another school find nothing (404)."""
    read = service.read_token(token)
    if read is None:
        raise Http404("未找到该签到")
    meeting = Meeting.objects.select_related("org", "group").filter(pk=read[0]).first()
    member = service.member_for_sign_in(request.user, meeting) if meeting is not None else None
    if meeting is None or member is None:
        raise Http404("未找到该签到")
    status, signed, fresh = 200, None, False
    problem = service.refusal(meeting, member, expires=read[1])
    if request.method == "POST" and problem is None:
        try:
            signed, fresh = service.sign_in(meeting, member, acting_user=request.user, expires=read[1])
        except RuleViolation as exc:  # the window closed between the page and the tap
            problem = exc
    elif problem is None:
        signed = MeetingSignIn.objects.filter(meeting=meeting, member=member).first()
    if problem is not None and request.method == "POST":
        status = 403
    return render(request, "orglife/sign_in.html", {
        "meeting": meeting, "member": member, "problem": problem, "signed": signed, "fresh": fresh,
        "window": service.sign_in_window(meeting)}, status=status)
