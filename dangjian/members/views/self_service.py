"""我的党员信息 (self-service) and the contact corrections the organization committee member
decides. A member sees their own ID number and phone in full (audited as 本人查看) and asks for a
phone correction; nobody edits their own record directly."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.members import services
from dangjian.members.forms import CorrectionDecideForm, CorrectionRequestForm
from dangjian.members.hooks import record_sections
from dangjian.members.models import ContactCorrection, CorrectionState, Member
from dangjian.members.views.records import id_region_note, positions_of, require, status_badges, timeline

RECENT_DECISIONS = 50


def own_member(request) -> Member | None:
    member = getattr(request.user, "member", None)
    if member is None:
        return None
    return Member.objects.select_related("org", "group").get(pk=member.pk)


def _me(request, member: Member | None, form=None, status: int = 200):
    if member is None:
        return render(request, "members/me.html", {"member": None}, status=status)
    today = timezone.localdate()
    corrections = list(member.corrections.order_by("-requested_at")[:5])
    response = render(request, "members/me.html", {
        "member": member,
        "revealed": services.reveal_pii(member, reason="", acting_user=request.user),
        "badges": status_badges(member, today),
        "id_note": id_region_note(member, full=True),
        "events": timeline(member),
        "positions": positions_of(member, today),
        "corrections": corrections,
        # A bound form with an error stays, so the message is seen; otherwise one request at a time.
        "has_pending": form is None and any(c.state == CorrectionState.PENDING for c in corrections),
        "form": form or CorrectionRequestForm(),
        "sections": record_sections(request, member, own=True),
    }, status=status)
    response["Cache-Control"] = "no-store"  # the page carries the full ID number
    return response


def me(request):
    return _me(request, own_member(request))


@require_POST
def correction_request(request):
    member = own_member(request)
    if member is None:
        return redirect("members:me")
    form = CorrectionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_contact_correction(member, phone=form.cleaned_data["phone"], note=form.cleaned_data["note"],
                                               acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "更正申请已提交，组织委员审核同意后生效。")
            return redirect("members:me")
    return _me(request, member, form)


def correction_list(request):
    """联系方式更正申请 of the members the user may edit: pending first, then recent decisions."""
    require(request, Action.MEMBER_EDIT)
    visible = ContactCorrection.objects.visible_to(request.user, Action.MEMBER_EDIT).select_related(
        "member__org", "decided_by")
    return render(request, "members/corrections.html", {
        "pending": list(visible.filter(state=CorrectionState.PENDING).order_by("requested_at")),
        "decided": list(visible.exclude(state=CorrectionState.PENDING).order_by("-decided_at")[:RECENT_DECISIONS]),
        "form": CorrectionDecideForm(),
    })


@require_POST
def correction_decide(request, pk: int):
    correction = get_visible_or_404(ContactCorrection.objects.visible_to(request.user, Action.MEMBER_VIEW)
                                    .select_related("member__org"), pk=pk)
    require(request, Action.MEMBER_EDIT, correction.member.org.path)
    form = CorrectionDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择同意或不同意。")
        return redirect("members:corrections")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.decide_correction(correction, approve=approve, note=form.cleaned_data["note"], acting_user=request.user)
    except RuleViolation as violation:
        messages.error(request, violation.message)
    else:
        messages.success(request, f"已{'同意' if approve else '不同意'}{correction.member.name}的手机号更正申请。")
    return redirect("members:corrections")
