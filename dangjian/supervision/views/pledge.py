"""Pages of 责任书 / 承诺书: the campaigns with their coverage, opening one, a campaign's coverage by
school and its signers (adding a late one), one signer's letter (signed on screen by himself, or a
scanned signed copy uploaded by the party office), the letter as PDF with its signature lines,
the scanned copy, and one's own letters."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import PartyOrg
from dangjian.staff.models import StaffMember
from dangjian.supervision.forms.pledge import AddSignerForm, CampaignForm, ScanForm
from dangjian.supervision.models import PledgeCampaign, PledgeSignature
from dangjian.supervision.rules import pledge as R
from dangjian.supervision.selectors import pledge as selectors
from dangjian.supervision.services import pledge as services


def campaigns(request):
    """责任书签订: the campaigns in sight, each with its coverage over the rows the user sees."""
    require(request, Action.PLEDGE_VIEW)
    rows = list(selectors.campaigns_seen(request.user).order_by("-year", "org__path", "kind")[:200])
    totals = selectors.coverage_by_campaign(request.user, rows)
    return render(request, "supervision/pledge/campaigns.html", {
        "campaigns": [(c, totals[c.pk]) for c in rows], "can_open": bool(_opening_orgs(request)),
    })


def _opening_orgs(request) -> list[PartyOrg]:
    """The organizations of the user's pledge.manage posts that open campaigns (a committee, a
    school's party organization)."""
    paths = scope_of(request.user).paths_for(Action.PLEDGE_MANAGE)
    orgs = PartyOrg.objects.filter(path__in=paths, is_active=True).order_by("depth", "path")
    return [o for o in orgs if services.level_of(o) is not None]


def campaign_new(request):
    require(request, Action.PLEDGE_MANAGE)
    orgs = _opening_orgs(request)
    if not orgs:
        raise PermissionDenied(f"您的职务所在组织不发起责任书签订。依据：{R.R_LEVEL}")
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, orgs=orgs, initial={"year": today.year})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            org = next(o for o in orgs if str(o.pk) == data["org"])
            try:
                campaign = services.open_campaign(org, kind=data["kind"], year=data["year"], title=data["title"],
                                                  body=data["body"], deadline=data["deadline"],
                                                  acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已发起签订，列入 {campaign.signatures.count()} 人，已通知有系统账号的签订人和学校党组织书记。")
                return redirect("supervision:pledge", pk=campaign.pk)
        return render(request, "supervision/pledge/new.html", _new_context(form), status=422)
    return render(request, "supervision/pledge/new.html", _new_context(form))


def _new_context(form) -> dict:
    return {"form": form, "rule": R.R_LEVEL, "kinds": [(R.Level(level).label, [R.Kind(k).label for k in kinds])
                                                        for level, kinds in R.KINDS_BY_LEVEL.items()]}


def _campaign(request, pk: int) -> PledgeCampaign:
    return get_visible_or_404(selectors.campaigns_seen(request.user), pk=pk)


def _addable(request, campaign: PledgeCampaign) -> list:
    """Signers on today's register not yet listed, in the schools where the user may record."""
    paths = scope_of(request.user).paths_for(Action.PLEDGE_MANAGE)
    if not paths and not scope_of(request.user).is_superuser:
        return []
    listed = set(campaign.signatures.values_list("staff_id", flat=True))
    found = services.signers_for(campaign.org, campaign.level, campaign.kind, timezone.localdate())
    return [(s, role) for pk, (s, role) in found.items() if pk not in listed
            and scope_of(request.user).allows(Action.PLEDGE_MANAGE, s.school.audit_org_path)][:200]


def campaign_detail(request, pk: int, add_form=None, status: int = 200):
    campaign = _campaign(request, pk)
    rows = selectors.rows_of(request.user, campaign)
    total, per_school = selectors.coverage(rows)
    addable = _addable(request, campaign)
    return render(request, "supervision/pledge/campaign.html", {
        "campaign": campaign, "rows": rows, "total": total, "per_school": per_school,
        "add_form": add_form or (AddSignerForm(staff=addable) if addable else None),
    }, status=status)


@require_POST
def add_signer(request, pk: int):
    campaign = _campaign(request, pk)
    require(request, Action.PLEDGE_MANAGE)
    form = AddSignerForm(request.POST, staff=_addable(request, campaign))
    raw = request.POST.get("staff") or ""
    staff = StaffMember.objects.visible_to(request.user, Action.PLEDGE_MANAGE).filter(
        pk=int(raw) if raw.isdigit() and len(raw) < 18 else 0).select_related("school").first()
    try:
        if staff is None:
            raise RuleViolation("请选择本校在职、且属于本次签订对象的人员", rule=R.R_SIGNER, field="staff")
        services.add_signer(campaign, staff, acting_user=request.user)
    except RuleViolation as violation:
        form.is_valid()
        form.add_violation(violation)
        return campaign_detail(request, pk, add_form=form, status=422)
    messages.success(request, f"已将{staff.name}列入签订。")
    return redirect("supervision:pledge", pk=pk)


def _signature(request, pk: int) -> PledgeSignature:
    """A letter is seen by its signer, and by whoever sees the school's rows (pledge.view)."""
    qs = PledgeSignature.objects.select_related("campaign", "campaign__org", "staff", "school", "recorded_by")
    own = qs.filter(pk=pk, staff__user=request.user) if request.user.is_authenticated else qs.none()
    if own.exists():
        return own.get()
    return get_visible_or_404(qs.filter(pk__in=selectors.signatures_seen(request.user).values("pk")), pk=pk)


def letter(request, pk: int, scan_form=None, error: str = "", status: int = 200):
    signature = _signature(request, pk)
    campaign = signature.campaign
    values = selectors.letter_values(signature)
    mine = signature.staff.user_id == request.user.pk
    may_record = scope_of(request.user).allows(Action.PLEDGE_MANAGE, signature.school.audit_org_path)
    return render(request, "supervision/pledge/letter.html", {
        "signature": signature, "campaign": campaign, "mine": mine, "error": error,
        "title": R.render(campaign.title, values), "body": R.render(campaign.body, values),
        "scan_form": scan_form or (ScanForm() if may_record and signature.signed_on is None else None),
        "rule_own": R.R_OWN, "sees_campaign": selectors.campaigns_seen(request.user).filter(pk=campaign.pk).exists(),
    }, status=status)


@require_POST
def sign(request, pk: int):
    signature = _signature(request, pk)
    try:
        services.sign_on_screen(signature, acting_user=request.user)
    except RuleViolation as violation:
        return letter(request, pk, error=f"{violation.message}。依据：{violation.rule}", status=422)
    messages.success(request, f"已签订《{signature.campaign.get_kind_display()}》。")
    return redirect("supervision:pledge_letter", pk=pk)


@require_POST
def scan(request, pk: int):
    signature = get_visible_or_404(selectors.signatures_seen(request.user), pk=pk)
    require(request, Action.PLEDGE_MANAGE, signature.school.audit_org_path)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.record_scan(signature, file=form.cleaned_data["file"], signed_on=form.cleaned_data["signed_on"],
                                 acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "已登记签字扫描件。")
            return redirect("supervision:pledge_letter", pk=pk)
    return letter(request, pk, scan_form=form, status=422)


def scan_file(request, pk: int):
    """The scanned signed copy, for whoever may open the letter (404 otherwise, or with none)."""
    from dangjian.core.exports import content_disposition
    from dangjian.core.uploads import KIND_MIME, upload_root

    signature = _signature(request, pk)
    path = Path(signature.scan_path) if signature.scan_path else None
    if path is None or upload_root().resolve() not in path.resolve().parents or not path.exists():
        raise Http404("未找到该记录")
    response = FileResponse(open(path, "rb"), content_type=KIND_MIME[signature.scan_kind])  # noqa: SIM115 - closed by Django
    response["Content-Disposition"] = content_disposition(signature.scan_name, f"pledge-{signature.pk}{path.suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def letter_pdf(request, pk: int):
    """The letter to print and sign by hand: rendered for its signer, with the signature lines."""
    from dangjian.core.pdf import pdf_response, render_pdf

    signature = _signature(request, pk)
    values = selectors.letter_values(signature)
    campaign = signature.campaign
    title = R.render(campaign.title, values)
    pdf = render_pdf("supervision/pledge/letter_print.html", {
        "signature": signature, "campaign": campaign, "title": title, "body": R.render(campaign.body, values)})
    return pdf_response(pdf, f"{title}（{signature.staff.name}）.pdf", f"pledge-{signature.pk}.pdf")


def mine(request):
    """我的责任书、承诺书: what the user signs himself, for every logged-in user."""
    return render(request, "supervision/pledge/mine.html", {"rows": selectors.mine(request.user)})
