"""Pages of party dues: the monthly ledger, generating it, and recording payments (single and
bulk). The member pages are in views/member.py, the reports in views/reports.py.

Thin views: reads through dangjian.dues.selectors, writes through dangjian.dues.services, whose
RuleViolation (in Chinese, with its rule) is shown to the user.
The order of checks everywhere: an organization or object outside the user's scope is a 404
(like one that does not exist); in scope but without dues.view / dues.manage a 403; a bad
parameter a 400 with the reason.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.dues import rules as R
from dangjian.dues import selectors, services
from dangjian.dues.forms import BulkPaymentForm, PaymentForm, new_key
from dangjian.dues.models import DuesLedgerMonth, DuesLine
from dangjian.dues.services import record_payment
from dangjian.orgs.current import org_for
from dangjian.orgs.models import PartyOrg

LEDGER_PAGE_SIZE = 100
MISSING_SHOWN = 50


class BadParameter(Exception):
    """A query-string value the page cannot use; shown as a 400 with the reason."""


# --- helpers shared by the dues pages -------------------------------------------------------

def dues_org(request, raw=None, action: str = Action.DUES_VIEW) -> PartyOrg:
    """The organization a dues page is about (see dangjian.orgs.current.org_for)."""
    return org_for(request, raw, action)


def month_of(raw, today: datetime.date | None = None) -> datetime.date:
    """?month=YYYY-MM, by default this month."""
    if raw in (None, ""):
        return R.first_of_month(today or timezone.localdate())
    try:
        return R.parse_month(raw)
    except RuleViolation as refusal:
        raise BadParameter(refusal.message) from None


def problem(request, title: str, lines: list[str], status: int = 400):
    return render(request, "dues/problem.html", {"title": title, "lines": lines}, status=status)


def refusal_text(violation: RuleViolation) -> str:
    """The refusal as one sentence with its rule, for messages (forms show it by the field)."""
    return f"{violation.message}。依据：{violation.rule}" if violation.rule else violation.message


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def ledger_url(org_id: int, month: datetime.date) -> str:
    return f"{reverse('dues:ledger')}?org={org_id}&month={month:%Y-%m}"


def rate_text(rate) -> str:
    return "—" if rate is None else f"{(rate * 100).normalize():f}%"


def mark_lines(lines, today: datetime.date):
    """Status word and colour, and the rate as a percentage, for the templates."""
    for line in lines:
        line.state, line.state_label = R.line_status(line.amount_due, line.is_settled, line.month, today)
        line.rate_text = rate_text(line.rate)
    return lines


# --- the monthly ledger -------------------------------------------------------------------

def ledger(request):
    """党费月度台账 of an organization (its subtree) for a month."""
    org = dues_org(request, request.GET.get("org"))
    today = timezone.localdate()
    try:
        month = month_of(request.GET.get("month"), today)
    except BadParameter as bad:
        return problem(request, "月份有误", [str(bad)])
    return render_ledger(request, org, month, today)


def render_ledger(request, org: PartyOrg, month: datetime.date, today: datetime.date, *, bulk_form=None,
                  status: int = 200):
    scope = scope_of(request.user)
    can_manage = scope.allows(Action.DUES_MANAGE, org.path)
    page = Paginator(selectors.monthly_ledger(org, month), LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    lines = mark_lines(list(page.object_list), today)
    _, total = selectors.collection_sheet(org, month)
    missing = list(selectors.missing_base(org, month).prefetch_related(None)[:MISSING_SHOWN])
    parent = services.parent_of(org)
    if parent is not None and not scope.allows(Action.DUES_VIEW, parent.path):
        parent = None
    generated = DuesLedgerMonth.objects.filter(org__path__startswith=org.path, month=month).exists()
    left_out = selectors.left_out_of(org, month) if generated else []
    context = {
        "org": org, "month": month, "today": today, "page_obj": page, "lines": lines, "total": total,
        "missing": missing, "missing_more": max(0, total.missing_base - len(missing)),
        "left_out": left_out[:MISSING_SHOWN], "left_out_count": len(left_out),
        "left_out_more": max(0, len(left_out) - MISSING_SHOWN),
        "generated": generated,
        "can_manage": can_manage, "can_generate": can_manage and month <= R.first_of_month(today),
        "previous_month": R.add_months(month, -1), "next_month": R.add_months(month, 1),
        "is_current_month": month == R.first_of_month(today), "parent": parent,
        "show_org": any(line.org_id != org.pk for line in lines),
        "querystring": f"org={org.pk}&month={month:%Y-%m}&",
        "rule_notes": [R.R_MONEY, R.R_BACK_PAYMENT, R.R_NO_ADVANCE],
    }
    if can_manage:
        context["bulk_form"] = bulk_form or BulkPaymentForm(initial={"paid_on": today.isoformat(),
                                                                     "idempotency_key": new_key()})
    return render(request, "dues/ledger.html", context, status=status)


@require_POST
def generate(request):
    """生成本月台账 through generate_ledger: idempotent, so a second click creates nothing."""
    org = dues_org(request, request.POST.get("org"), Action.DUES_MANAGE)
    try:
        month = month_of(request.POST.get("month"))
    except BadParameter as bad:
        return problem(request, "月份有误", [str(bad)])
    try:
        result = services.generate_ledger(org, month, acting_user=request.user)
    except RuleViolation as violation:
        messages.error(request, refusal_text(violation))
    else:
        text = f"{month:%Y年%m月}党费台账：新生成 {result.created} 条"
        if result.existing:
            text += f"，已有 {result.existing} 条保持不变"
        if result.missing_base:
            text += f"；{len(result.missing_base)} 名党员缺少缴费基数，请先核定"
        messages.success(request, text + "。")
    return redirect(ledger_url(org.pk, month))


# --- payments -----------------------------------------------------------------------------

def visible_line(request, pk: int) -> DuesLine:
    return get_visible_or_404(DuesLine.objects.visible_to(request.user).select_related("member", "org"), pk=pk)


def pay(request, pk: int):
    """登记一个月的党费: the line's amount due, once (the hidden key makes a double submit one
    payment; a second form for a paid month is refused as a duplicate)."""
    line = visible_line(request, pk)
    require(request, Action.DUES_MANAGE, line.org.path)
    today = timezone.localdate()
    back = safe_next(request, ledger_url(line.org_id, line.month))
    if request.method == "POST":
        form = PaymentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = record_payment(line, amount=data["amount"], method=data["method"], paid_on=data["paid_on"],
                                        idempotency_key=data["idempotency_key"], acting_user=request.user,
                                        reference=data["reference"], proxy_name=data["proxy_name"])
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                payment = result.payment
                if result.replayed:
                    messages.info(request, f"{line.member.name}{line.month:%Y年%m月}的这笔党费已登记过，重复提交只记录一次。")
                else:
                    messages.success(request, f"已登记{line.member.name}{line.month:%Y年%m月}党费 {payment.amount:.2f} 元"
                                              f"（{payment.get_kind_display()}，{payment.get_method_display()}）。")
                return redirect(back)
        status = 422
    else:
        form = PaymentForm(initial={"amount": R.to_cents(line.amount_due) if line.amount_due is not None else "",
                                    "paid_on": today.isoformat(), "idempotency_key": new_key()})
        status = 200
    mark_lines([line], today)
    return render(request, "dues/pay.html", {"line": line, "form": form, "back": back,
                                             "rule_notes": [R.R_BACK_PAYMENT, R.R_NO_ADVANCE, R.R_CORRECTION],
                                             "payments": list(line.payments.order_by("recorded_at", "id"))},
                  status=status)


@require_POST
def bulk_pay(request):
    """批量登记: every ticked line for its own amount due, with one method and date. Each line
    is its own payment (its own key, derived from the form's), so a line refused does not undo
    the others and submitting the same form again records nothing twice."""
    org = dues_org(request, request.POST.get("org"), Action.DUES_MANAGE)
    today = timezone.localdate()
    try:
        month = month_of(request.POST.get("month"), today)
    except BadParameter as bad:
        return problem(request, "月份有误", [str(bad)])
    form = BulkPaymentForm(request.POST)
    ids = [value for value in request.POST.getlist("lines") if value.isdigit()]
    if not form.is_valid():
        return render_ledger(request, org, month, today, bulk_form=form, status=422)
    if not ids:
        messages.error(request, "请先勾选要登记的党员。")
        return redirect(ledger_url(org.pk, month))
    lines = list(DuesLine.objects.visible_to(request.user).filter(pk__in=ids[:1000], org__path__startswith=org.path)
                 .select_related("member", "org").order_by("member__name_pinyin", "id"))
    data = form.cleaned_data
    recorded = replayed = 0
    for line in lines:
        if line.amount_due is None:
            messages.error(request, f"{line.member.name}{line.month:%Y年%m月}：尚无缴费基数，请先核定缴费基数。")
            continue
        try:
            result = record_payment(line, amount=line.amount_due, method=data["method"], paid_on=data["paid_on"],
                                    idempotency_key=f"{data['idempotency_key'][:60]}:{line.pk}",
                                    acting_user=request.user, reference=data["reference"])
        except RuleViolation as violation:
            messages.error(request, f"{line.member.name}{line.month:%Y年%m月}：{refusal_text(violation)}")
        else:
            replayed += result.replayed
            recorded += not result.replayed
    if recorded:
        messages.success(request, f"已批量登记 {recorded} 笔党费。")
    if replayed:
        messages.info(request, f"{replayed} 笔此前已按同一表单登记，重复提交只记录一次。")
    return redirect(ledger_url(org.pk, month))
