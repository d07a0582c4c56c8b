"""组织关系转接 pages: pending transfers of both sides, history, starting one from a member's
page, and the receiver's accept / reject and the sender's cancel (POST only, through
dangjian.members.services).

A transfer may go to any organization of the system, so the receiving organization is looked up
among all of them — showing only name and code of organizations outside the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.core.views import PAGE_SIZE
from dangjian.members import services
from dangjian.members.forms import TransferAcceptForm, TransferRejectForm, TransferStartForm
from dangjian.members.models import Transfer, TransferState
from dangjian.members.rules import letter_validity
from dangjian.members.views.records import require, visible_member
from dangjian.orgs.models import PartyOrg

LOOKUP_LIMIT = 20
LOOKUP_MAX_LENGTH = 50


def _visible_transfers(request):
    return Transfer.objects.visible_to(request.user, Action.MEMBER_VIEW).select_related(
        "member__org", "from_org", "to_org")


def _mark(transfers, scope, today):
    for t in transfers:
        t.outgoing = scope.allows(Action.MEMBER_VIEW, t.from_org.path)
        t.incoming = scope.allows(Action.MEMBER_VIEW, t.to_org.path)
        t.can_decide = t.state == TransferState.PENDING and scope.allows(Action.MEMBER_EDIT, t.to_org.path)
        t.can_cancel = t.state == TransferState.PENDING and scope.allows(Action.MEMBER_EDIT, t.from_org.path)
        t.member_visible = scope.allows(Action.MEMBER_VIEW, t.member.org.path)
        validity = letter_validity(t.valid_until, today)
        t.validity = (validity.state, validity.label)
    return transfers


def transfer_list(request):
    scope = scope_of(request.user)
    require(request, Action.MEMBER_VIEW)
    today = timezone.localdate()
    visible = _visible_transfers(request)
    pending = _mark(list(visible.filter(state=TransferState.PENDING).order_by("valid_until", "pk")), scope, today)
    history = Paginator(visible.exclude(state=TransferState.PENDING).order_by("-decided_on", "-pk"), PAGE_SIZE)
    page = history.get_page(request.GET.get("page"))
    page.object_list = _mark(list(page.object_list), scope, today)
    return render(request, "members/transfers.html", {
        "incoming": [t for t in pending if t.incoming],
        "outgoing": [t for t in pending if t.outgoing and not t.incoming],
        "page_obj": page, "querystring": "", "today": today,
        "accept_form": TransferAcceptForm(initial={"decided_on": today}), "reject_form": TransferRejectForm(),
    })


def transfer_start(request, pk: int):
    """开具介绍信 for a member of the user's organization to any organization of the system."""
    member = visible_member(request, pk)
    require(request, Action.MEMBER_EDIT, member.org.path)
    form = TransferStartForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.start_transfer(member, to_org=form.to_org, letter_number=data["letter_number"],
                                              requested_on=data["requested_on"], reason=data["reason"],
                                              acting_user=request.user)
        except RuleViolation as violation:
            if violation.field == "to_org":
                violation.field = "to_org_code"
            form.add_violation(violation)
        else:
            messages.success(request, f"已开具{member.name}转往“{transfer.to_org.name}”的组织关系介绍信，"
                                      f"等待对方接收（有效期至 {transfer.valid_until:%Y-%m-%d}）。")
            return redirect("members:transfers")
    return render(request, "members/transfer_start.html", {"member": member, "form": form})


@require_GET
def org_lookup(request):
    """htmx: up to 20 active member organizations of the whole system by code or name — name
    and code only, for users who may start a transfer somewhere."""
    require(request, Action.MEMBER_EDIT)
    q = request.GET.get("q", "").strip()[:LOOKUP_MAX_LENGTH]
    orgs = []
    if q:
        orgs = list(PartyOrg.objects.filter(is_active=True, kind__in=services.MEMBER_ORG_KINDS)
                    .filter(Q(code__istartswith=q) | Q(name__icontains=q))
                    .order_by("code").values("name", "code")[:LOOKUP_LIMIT])
    return render(request, "members/_org_lookup.html", {"orgs": orgs, "q": q, "limit": LOOKUP_LIMIT})


def _transfer(request, pk: int) -> Transfer:
    return get_visible_or_404(_visible_transfers(request), pk=pk)


def _done(request, action, success: str):
    try:
        action()
    except RuleViolation as violation:
        messages.error(request, f"{violation.message}。依据：{violation.rule}" if violation.rule else violation.message)
    else:
        messages.success(request, success)
    return redirect("members:transfers")


@require_POST
def transfer_accept(request, pk: int):
    transfer = _transfer(request, pk)
    require(request, Action.MEMBER_EDIT, transfer.to_org.path)
    form = TransferAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的接收日期（如 2026-11-23）。")
        return redirect("members:transfers")
    return _done(request, lambda: services.accept_transfer(transfer, decided_on=form.cleaned_data["decided_on"],
                                                          acting_user=request.user),
                 f"已接收{transfer.member.name}的组织关系，编入“{transfer.to_org.name}”。")


@require_POST
def transfer_reject(request, pk: int):
    transfer = _transfer(request, pk)
    require(request, Action.MEMBER_EDIT, transfer.to_org.path)
    reason = request.POST.get("reason", "")[:300]
    return _done(request, lambda: services.reject_transfer(transfer, reason=reason, acting_user=request.user),
                 f"已退回{transfer.member.name}的组织关系介绍信。")


@require_POST
def transfer_cancel(request, pk: int):
    transfer = _transfer(request, pk)
    require(request, Action.MEMBER_EDIT, transfer.from_org.path)
    reason = request.POST.get("reason", "")[:300]
    return _done(request, lambda: services.cancel_transfer(transfer, reason=reason, acting_user=request.user),
                 f"已撤回{transfer.member.name}的组织关系介绍信。")
