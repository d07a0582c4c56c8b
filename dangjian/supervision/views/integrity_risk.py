"""Pages of the 廉政风险台账: the ledger (filtered; due reviews first), a new risk point, a risk
with its reviews and the review form, the 公示 to the school's staff, and the list as PDF / .docx."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.decisions.models import Power
from dangjian.orgs.current import org_for
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.forms.integrity_risk import PublishForm, ReviewForm, RiskForm
from dangjian.supervision.models import IntegrityRisk, RiskPublication
from dangjian.supervision.rules import integrity_risk as R
from dangjian.supervision.selectors import integrity_risk as selectors
from dangjian.supervision.services import integrity_risk as services

PAGE_SIZE = 50


def risk_org(request, action: str = Action.RISK_VIEW) -> PartyOrg:
    return org_for(request, request.GET.get("org"), action)


def risks(request):
    org = risk_org(request)
    flt = selectors.RiskFilter.from_query(request.GET)
    if flt is None:
        raise Http404("没有这个筛选条件")
    today = timezone.localdate()
    page = Paginator(selectors.ledger(request.user, org, flt, today), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [selectors.mark(r, today) for r in page.object_list]
    power = Power.objects.visible_to(request.user).filter(pk=flt.power).first() if flt.power else None
    levels = selectors.level_counts(request.user, org)
    return render(request, "supervision/integrity_risks.html", {
        "org": org, "page_obj": page, "risks": rows, "flt": flt, "filters": selectors.FILTERS, "power": power,
        "levels": [(value, label, levels.get(value, 0), R.LEVEL_MEANINGS[value]) for value, label in R.Level.choices],
        "due": selectors.due_count(request.user, org, today), "year": today.year,
        "querystring": f"org={org.pk}&show={flt.show}&level={flt.level}&power={flt.power or ''}&",
        "publications": RiskPublication.objects.visible_to(request.user).filter(org__path__startswith=org.path)
        .select_related("org")[:5],
        "can_manage": scope_of(request.user).allows(Action.RISK_MANAGE, org.path),
        "publish_form": PublishForm(initial={"year": today.year}), "rules": R.rules_table(),
    })


def _risk_form(org: PartyOrg, data=None, initial=None) -> RiskForm:
    powers = Power.objects.filter(org=org).order_by("id")
    return RiskForm(data, initial=initial, powers=powers, staff=services.current_staff(org, timezone.localdate()))


def risk_new(request):
    org = risk_org(request, Action.RISK_MANAGE)
    initial = {"power": request.GET.get("power", "")}
    form = _risk_form(org, request.POST or None, initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                risk = services.create_risk(org, **form.cleaned_data, acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已登记廉政风险点。")
                return redirect("supervision:integrity_risk", risk.pk)
        return render(request, "supervision/integrity_risk_new.html", {"form": form, "org": org}, status=422)
    return render(request, "supervision/integrity_risk_new.html", {"form": form, "org": org})


def _visible(request, pk: int) -> IntegrityRisk:
    return get_visible_or_404(IntegrityRisk.objects.visible_to(request.user).select_related("org", "power", "owner"),
                              pk=pk)


def _detail(request, risk: IntegrityRisk, form: ReviewForm | None = None, status: int = 200):
    selectors.mark(risk, timezone.localdate())
    can_manage = scope_of(request.user).allows(Action.RISK_MANAGE, risk.org.path)
    return render(request, "supervision/integrity_risk.html", {
        "risk": risk, "org": risk.org, "reviews": risk.reviews.order_by("-reviewed_on", "-id"),
        "meaning": R.LEVEL_MEANINGS[risk.level], "can_manage": can_manage,
        "form": form or (ReviewForm() if can_manage and risk.state == R.RiskState.ACTIVE else None),
    }, status=status)


def risk_detail(request, pk: int):
    return _detail(request, _visible(request, pk))


@require_POST
def risk_review(request, pk: int):
    risk = _visible(request, pk)
    require(request, Action.RISK_MANAGE, risk.org.path)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_risk(risk, **form.cleaned_data, acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "已记录复核。")
            return redirect("supervision:integrity_risk", risk.pk)
    return _detail(request, risk, form, status=422)


@require_POST
def risks_publish(request):
    org = risk_org(request, Action.RISK_MANAGE)
    form = PublishForm(request.POST)
    back = f"{reverse('supervision:integrity_risks')}?org={org.pk}"
    if not form.is_valid():
        messages.error(request, "年度或公示日期格式不正确。")
        return redirect(back)
    try:
        publication = services.publish_risks(org, **form.cleaned_data, acting_user=request.user)
    except RuleViolation as violation:
        messages.error(request, f"{violation.message}。依据：{violation.rule}")
    else:
        messages.success(request, f"已向本校教职工公示 {len(publication.rows)} 个廉政风险点（{publication.title}）。")
    return redirect(back)


def _document(request):
    from dangjian.supervision.integrity_risk_documents import risk_list

    org = risk_org(request)
    raw = request.GET.get("year") or str(timezone.localdate().year)
    if not raw.isdigit() or not 2000 <= int(raw) <= timezone.localdate().year + 1:
        raise Http404("没有这个年度")
    doc = risk_list(org, int(raw))
    audit.record("integrity_risk.export", target=org, actor=request.user, changes={"year": doc.year})
    return doc


def risks_pdf(request):
    from dangjian.core.pdf import pdf_response, render_pdf

    doc = _document(request)
    pdf = render_pdf("supervision/integrity_risks_print.html", {"doc": doc, "header": ["序号", "岗位", "小微权力事项",
                     "风险点描述", "风险等级", "防控措施", "责任人", "复核日期"]})
    return pdf_response(pdf, f"{doc.title}.pdf", f"integrity-risks-{doc.year}.pdf")


def risks_docx(request):
    from dangjian.core.docx import docx_response
    from dangjian.supervision.integrity_risk_documents import write_docx

    doc = _document(request)
    return docx_response(lambda handle: write_docx(doc, handle), f"{doc.title}.docx", f"integrity-risks-{doc.year}.docx")
