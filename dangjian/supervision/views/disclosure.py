"""Pages of 党务公开: the organization's items (for those who draft, review and approve them), a new
item, an item with its content, history and next step, its printable 公示 (PDF), the history as
.xlsx, the catalogue, and what is published to the person reading (every member)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.exports import write_export, xlsx_file_name
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.core.spreadsheets import Column, subtitle_line
from dangjian.orgs.current import org_for
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.forms.disclosure import CatalogueForm, DraftForm, EditForm, StepForm
from dangjian.supervision.models import DisclosureItem
from dangjian.supervision.rules import disclosure as R
from dangjian.supervision.selectors import disclosure as selectors
from dangjian.supervision.services import disclosure as services
from dangjian.supervision.sources import all_sources

PAGE_SIZE = 50
PATH = [(R.State.DRAFTED, "拟稿"), (R.State.REVIEWED, "保密审查"), (R.State.APPROVED, "书记审批"),
        (R.State.PUBLISHED, "公开"), (R.State.ARCHIVED, "归档")]


def disclosure_org(request, action: str = Action.DISCLOSURE_VIEW) -> PartyOrg:
    return org_for(request, request.GET.get("org"), action)


def items(request):
    """党务公开工作: the items of the subtree by state, for those who draft, review and approve."""
    org = disclosure_org(request)
    state = (request.GET.get("state") or "").strip()
    if state and state not in R.State.values:
        raise Http404("没有这个筛选条件")
    page = Paginator(selectors.items_of(request.user, org, state=state).order_by("-created_at", "-id"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/disclosures.html", {
        "org": org, "page_obj": page, "items": page.object_list, "state": state, "states": R.State.choices,
        "counts": selectors.state_counts(request.user, org), "querystring": f"org={org.pk}&state={state}&",
        "can_draft": scope_of(request.user).allows(Action.DISCLOSURE_DRAFT, org.path),
    })


def _draft_orgs(request) -> list[PartyOrg]:
    """An organization discloses its own affairs: the organizations of the user's drafting posts."""
    paths = scope_of(request.user).paths_for(Action.DISCLOSURE_DRAFT)
    return list(PartyOrg.objects.filter(path__in=paths, is_active=True).order_by("depth", "path"))


def _catalogue_choices(org: PartyOrg) -> list[tuple[str, str]]:
    owner, entries = services.catalogue_for(org)
    if owner is None:
        return [(f"default:{e.key}", e.title) for e in entries]
    return [(f"entry:{e.pk}", e.title) for e in entries]


def item_new(request):
    """拟稿: content by hand or from a source; the catalogue line it answers."""
    require(request, Action.DISCLOSURE_DRAFT)
    orgs = _draft_orgs(request)
    if not orgs:
        raise PermissionDenied("您的职务不含“拟订党务公开事项”的权限")
    today = timezone.localdate()
    form = DraftForm(request.POST or None, orgs=orgs, catalogue=_catalogue_choices(orgs[0]), sources=all_sources(),
                     initial={"source_year": today.year, "starts_on": today.isoformat()})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            org = next(o for o in orgs if str(o.pk) == data["org"])
            entry, catalogue_title = services.catalogue_pick(org, data["catalogue"])
            try:
                item = services.draft_disclosure(
                    org, audience=data["audience"], timing=data["timing"], title=data["title"], body=data["body"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"], catalogue_entry=entry,
                    catalogue_title=catalogue_title, source_key=data["source_key"], source_year=data["source_year"],
                    acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已拟稿“{item.title}”。下一步：请其他委员进行保密审查。")
                return redirect("supervision:disclosure", pk=item.pk)
        return render(request, "supervision/disclosure_new.html", {"form": form}, status=422)
    return render(request, "supervision/disclosure_new.html", {"form": form})


def visible_item(request, pk: int) -> DisclosureItem:
    """Those who work on the organization's disclosures see every state; everyone else only what
    is published to them — both through get_visible_or_404 (not yours == not there)."""
    qs = DisclosureItem.objects.select_related("org", "drafted_by", "reviewed_by", "approved_by")
    working = qs.filter(pk__in=DisclosureItem.objects.visible_to(request.user).values("pk"))
    if working.filter(pk=pk).exists():
        return get_visible_or_404(working, pk=pk)
    return get_visible_or_404(qs.filter(pk__in=selectors.public_history(request.user).values("pk")), pk=pk)


def _steps(user, item: DisclosureItem) -> list[tuple[str, str]]:
    scope = scope_of(user)
    path = item.org.path
    steps = []
    if item.state == R.State.DRAFTED and scope.allows(Action.DISCLOSURE_REVIEW, path) and item.drafted_by_id != user.pk:
        steps.append((R.Step.REVIEW, "保密审查通过"))
    if item.state == R.State.REVIEWED and services.may_approve(user, item):
        steps.append((R.Step.APPROVE, "审批同意"))
    if item.state in (R.State.REVIEWED, R.State.APPROVED) and (scope.allows(Action.DISCLOSURE_REVIEW, path)
                                                                or services.may_approve(user, item)):
        steps.append((R.Step.SEND_BACK, "退回修改"))
    if item.state == R.State.APPROVED and scope.allows(Action.DISCLOSURE_DRAFT, path):
        steps.append((R.Step.PUBLISH, "公开"))
    if item.state == R.State.PUBLISHED and scope.allows(Action.DISCLOSURE_DRAFT, path):
        steps.append((R.Step.ARCHIVE, "归档"))
    return steps


def item_detail(request, pk: int, form=None, status: int = 200):
    item = visible_item(request, pk)
    working = scope_of(request.user).allows(Action.DISCLOSURE_VIEW, item.org.path)
    order = [s for s, _ in PATH]
    now = order.index(item.state)
    steps = _steps(request.user, item) if working else []
    return render(request, "supervision/disclosure.html", {
        "item": item, "working": working, "steps": steps, "rule": R.R_PROCEDURE,
        "path": [{"label": label, "css": "now" if i == now else "done" if i < now else ""}
                 for i, (_, label) in enumerate(PATH)],
        "history": item.events.order_by("occurred_at", "id") if working else [],
        "form": form or (StepForm(initial={"starts_on": timezone.localdate().isoformat()}) if steps else None),
        "can_edit": working and item.state == R.State.DRAFTED
        and scope_of(request.user).allows(Action.DISCLOSURE_DRAFT, item.org.path),
    }, status=status)


def item_edit(request, pk: int):
    item = get_visible_or_404(DisclosureItem.objects.visible_to(request.user).select_related("org"), pk=pk)
    require(request, Action.DISCLOSURE_DRAFT, item.org.path)
    fields = ("title", "body", "audience", "timing", "starts_on", "ends_on")
    form = EditForm(request.POST or None, initial={k: getattr(item, k) for k in fields})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_disclosure(item, form.cleaned_data, acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, "已修改。")
                return redirect("supervision:disclosure", pk=pk)
        return render(request, "supervision/disclosure_edit.html", {"form": form, "item": item}, status=422)
    return render(request, "supervision/disclosure_edit.html", {"form": form, "item": item})


DONE = {R.Step.REVIEW: "保密审查通过，请书记审批。", R.Step.APPROVE: "已审批同意，可以公开。", R.Step.SEND_BACK: "已退回拟稿人修改。",
        R.Step.PUBLISH: "已公开。", R.Step.ARCHIVE: "已归档。"}


@require_POST
def item_step(request, pk: int):
    item = get_visible_or_404(DisclosureItem.objects.visible_to(request.user).select_related("org"), pk=pk)
    step = request.POST.get("step")
    if step not in DONE:
        raise Http404("没有这个环节")
    form = StepForm(request.POST)
    if form.is_valid():
        data, user = form.cleaned_data, request.user
        calls = {
            R.Step.REVIEW: lambda: services.review_disclosure(item, note=data["note"], acting_user=user),
            R.Step.APPROVE: lambda: services.approve_disclosure(item, note=data["note"], acting_user=user),
            R.Step.SEND_BACK: lambda: services.send_back(item, reason=data["note"], acting_user=user),
            R.Step.PUBLISH: lambda: services.publish_disclosure(item, starts_on=data["starts_on"],
                                                               ends_on=data["ends_on"], acting_user=user),
            R.Step.ARCHIVE: lambda: services.archive_disclosure(item, acting_user=user),
        }
        try:
            calls[step]()
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, DONE[step])
            return redirect("supervision:disclosure", pk=pk)
    return item_detail(request, pk, form=form, status=422)


def item_pdf(request, pk: int):
    """The printable 公示 of an item (for the notice board), for whoever may read it."""
    from dangjian.core.pdf import pdf_response, render_pdf

    item = visible_item(request, pk)
    pdf = render_pdf("supervision/disclosure_print.html", {"item": item})
    return pdf_response(pdf, f"{item.title}.pdf", f"disclosure-{item.pk}.pdf")


def published(request):
    """党务公开: what is published to me now, and what was (archived), for every member."""
    today = timezone.localdate()
    current = list(selectors.published_to(request.user, today)[:50])
    page = Paginator(selectors.public_history(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/published.html", {"current": current, "page_obj": page,
                                                          "history": page.object_list, "querystring": ""})


HISTORY_COLUMNS = [
    Column("org", "公开单位", width=18), Column("title", "公开事项", width=36), Column("catalogue", "目录事项", width=24),
    Column("audience", "公开范围", width=10), Column("timing", "公开时限", width=10), Column("state", "状态", width=10),
    Column("drafted", "拟稿人", width=10), Column("reviewed", "保密审查", width=10), Column("approved", "审批", width=10),
    Column("starts_on", "公开开始", kind="date", width=12), Column("ends_on", "公开结束", kind="date", width=12),
    Column("archived_on", "归档日期", kind="date", width=12),
]


def _who(user) -> str:
    return (user.display_name or user.username) if user is not None else ""


def history_xlsx(request):
    """党务公开记录 (.xlsx): every item of the subtree with its path; audited (not counted against the bulk-export limit)."""
    org = disclosure_org(request)
    # A document to print, not a bulk export of personal data: not counted (core.exports.throttle).
    today = timezone.localdate()
    rows = ({"org": i.org.name, "title": i.title, "catalogue": i.catalogue_title, "audience": i.get_audience_display(),
             "timing": i.get_timing_display(), "state": i.get_state_display(), "drafted": _who(i.drafted_by),
             "reviewed": _who(i.reviewed_by), "approved": _who(i.approved_by), "starts_on": i.starts_on,
             "ends_on": i.ends_on, "archived_on": i.archived_on}
            for i in selectors.items_of(request.user, org).order_by("org__path", "created_at", "id"))
    export = write_export(xlsx_file_name(org.name, "党务公开记录", f"{today:%Y%m%d}"), "disclosure-history.xlsx",
                          title="党务公开记录", subtitle=subtitle_line(org.name, "", today), columns=HISTORY_COLUMNS,
                          rows=rows, sheet_name="党务公开记录")
    audit.record("disclosure.export", org_path=org.path, changes={"kind": "history", "rows": export.rows})
    return export.response()


def catalogue(request):
    """党务公开目录 in force for an organization; its higher committee writes and edits it here."""
    org = disclosure_org(request)
    owner, entries = services.catalogue_for(org)
    can_configure = scope_of(request.user).allows(Action.DISCLOSURE_CONFIGURE, org.path)
    form = CatalogueForm(request.POST or None, sources=all_sources()) if can_configure else None
    status = 200
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied(f"党务公开目录由上级党组织制定。依据：{R.R_CATALOGUE}")
        try:
            if request.POST.get("adopt"):
                services.adopt_default_catalogue(org, acting_user=request.user)
                messages.success(request, "已以默认目录为基础建立本辖区党务公开目录。")
                return redirect(f"{reverse('supervision:catalogue')}?org={org.pk}")
            if form.is_valid():
                services.save_catalogue_entry(org, form.cleaned_data, acting_user=request.user)
                messages.success(request, "已添加目录事项。")
                return redirect(f"{reverse('supervision:catalogue')}?org={org.pk}")
        except RuleViolation as violation:
            form.add_violation(violation)
        status = 422
    sources = {s.key: s.label for s in all_sources()}
    rows = [{"title": e.title, "audience": R.Audience(e.audience).label, "timing": R.Timing(e.timing).label,
             "period": e.period, "source": sources.get(e.source_key, ""), "citation": e.citation} for e in entries]
    return render(request, "supervision/catalogue.html", {
        "org": org, "owner": owner, "entries": rows, "form": form, "can_configure": can_configure,
        "own": owner is not None and owner.pk == org.pk, "rule": R.R_CATALOGUE,
    }, status=status)
