"""A member's dues page (bases, monthly lines, payments, reversals, voluntary extra payments,
hardship approvals) and 我的党费 for the member themself. Reads through
selectors.member_dues, writes through the services; refusals are shown by their field."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.dues import rules as R
from dangjian.dues import selectors, services
from dangjian.dues.forms import BaseForm, ExtraPaymentForm, HardshipForm, ReversalForm, new_key
from dangjian.dues.models import DuesPayment
from dangjian.dues.services import line_for, record_extra_payment, reverse_payment
from dangjian.dues.views.ledger import mark_lines, refusal_text, require, visible_line
from dangjian.members.models import Member

FORMS = {"base_form": BaseForm, "extra_form": ExtraPaymentForm, "hardship_form": HardshipForm}


def visible_member(request, pk: int) -> Member:
    """A member in the user's dues.view scope, or the user's own record (404 otherwise)."""
    return get_visible_or_404(Member.objects.visible_to(request.user, Action.DUES_VIEW).select_related("org"), pk=pk)


def member_url(member: Member, anchor: str = "") -> str:
    return reverse("dues:member", args=[member.pk]) + (f"#{anchor}" if anchor else "")


def dues_context(member: Member, today) -> dict:
    """What the member page and 我的党费 both show."""
    own = selectors.member_dues(member, today=today)
    mark_lines(own.lines, today)
    live = [p for p in own.payments if p.reverses_id is None and not p.is_reversed]
    return {"member": member, "own": own, "today": today, "live_ids": {p.pk for p in live},
            "level_labels": R.ARREARS_LEVEL_LABELS}


def render_member(request, member: Member, *, status: int = 200, **bound):
    today = timezone.localdate()
    can_manage = scope_of(request.user).allows(Action.DUES_MANAGE, member.org.path)
    context = dues_context(member, today)
    context["can_manage"] = can_manage
    if can_manage:
        this_month = f"{today:%Y-%m}"
        initial = {
            "base_form": {"effective_month": this_month, "category": R.Category.IN_SERVICE},
            "extra_form": {"month": this_month, "paid_on": today.isoformat(), "idempotency_key": new_key()},
            "hardship_form": {"from_month": this_month, "approved_on": today.isoformat()},
        }
        for name, form_class in FORMS.items():
            context[name] = bound.get(name) or form_class(initial=initial[name], prefix=name.split("_")[0])
        context["reversal_key"] = new_key()
    return render(request, "dues/member.html", context, status=status)


def member_page(request, pk: int):
    member = visible_member(request, pk)
    if member.user_id == request.user.pk and not scope_of(request.user).allows(Action.DUES_VIEW, member.org.path):
        return redirect("dues:mine")
    return render_member(request, member)


@require_POST
def set_base(request, pk: int):
    """核定缴费基数 through set_base: unpaid lines from that month on are recomputed."""
    member = visible_member(request, pk)
    require(request, Action.DUES_MANAGE, member.org.path)
    form = BaseForm(request.POST, prefix="base")
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.set_base(member, category=data["category"], effective_month=data["effective_month"],
                                    base=data["base"] or None, note=data["note"], acting_user=request.user,
                                    **form.components())
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已核定{member.name}自{row.effective_month:%Y年%m月}起的缴费基数 {row.base:.2f} 元"
                                      f"（{row.get_category_display()}）。")
            return redirect(member_url(member, "bases"))
    return render_member(request, member, base_form=form, status=422)


@require_POST
def extra(request, pk: int):
    """自愿多交: beside a month's dues; 1000 yuan or more at once is remitted in full."""
    member = visible_member(request, pk)
    require(request, Action.DUES_MANAGE, member.org.path)
    form = ExtraPaymentForm(request.POST, prefix="extra")
    if form.is_valid():
        data = form.cleaned_data
        try:
            line = line_for(member, data["month"])
            result = record_extra_payment(line, amount=data["amount"], method=data["method"], paid_on=data["paid_on"],
                                          idempotency_key=data["idempotency_key"], acting_user=request.user,
                                          reference=data["reference"], proxy_name=data["proxy_name"])
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            payment = result.payment
            if result.replayed:
                messages.info(request, "这笔自愿多交的党费已登记过，重复提交只记录一次。")
            else:
                note = "，一次多交 1000 元以上，全额上缴" if payment.remit_in_full else ""
                messages.success(request, f"已登记{member.name}自愿多交党费 {payment.amount:.2f} 元{note}。")
            return redirect(member_url(member, "payments"))
    return render_member(request, member, extra_form=form, status=422)


@require_POST
def hardship(request, pk: int):
    """少交或免交 as approved by the higher committee."""
    member = visible_member(request, pk)
    require(request, Action.DUES_MANAGE, member.org.path)
    form = HardshipForm(request.POST, prefix="hardship")
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.approve_hardship(member, from_month=data["from_month"], to_month=data["to_month"] or None,
                                            amount=data["amount"], approved_by=data["approved_by"],
                                            approved_on=data["approved_on"], reason=data["reason"],
                                            acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            how = "免交" if row.amount == 0 else f"每月交纳 {row.amount:.2f} 元"
            messages.success(request, f"已登记{member.name}经批准{how}（自{row.from_month:%Y年%m月}起）。")
            return redirect(member_url(member, "hardship"))
    return render_member(request, member, hardship_form=form, status=422)


@require_POST
def reverse_entry(request, pk: int):
    """冲正 one entry: a reversing entry with the reason; the original stays, flagged."""
    payment = get_visible_or_404(DuesPayment.objects.visible_to(request.user).select_related("line__member",
                                                                                           "line__org"), pk=pk)
    line = visible_line(request, payment.line_id)
    require(request, Action.DUES_MANAGE, line.org.path)
    form = ReversalForm(request.POST)
    back = member_url(line.member, "payments")
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        result = reverse_payment(payment, reason=form.cleaned_data["reason"], acting_user=request.user,
                                 idempotency_key=form.cleaned_data["idempotency_key"] + f":{payment.pk}")
    except RuleViolation as violation:
        messages.error(request, f"冲正未登记：{refusal_text(violation)}")
    else:
        if result.replayed:
            messages.info(request, "这笔冲正已登记过，重复提交只记录一次。")
        else:
            messages.success(request, f"已冲正{line.member.name}{line.month:%Y年%m月}的一笔 {payment.amount:.2f} 元记录"
                                      f"（原因：{result.payment.reason}）。")
    return redirect(back)


def mine(request):
    """我的党费: the member's own base, monthly dues, payments and arrears."""
    member = Member.objects.filter(user=request.user).select_related("org").first()
    context = {"member": None}
    if member is not None:
        context = dues_context(member, timezone.localdate())
    return render(request, "dues/mine.html", context)
