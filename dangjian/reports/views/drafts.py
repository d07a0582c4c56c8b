"""Pages of a school's drafts: the list, 生成初稿 (kind and period), the draft itself — its latest
version in a textarea per part for those who write it, any older version to read — and each
version as .docx and PDF. Reading needs member.view on the organization (the figures are its
members' and dues'); writing the self-assessment's right (models.WRITE_ACTION)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.docx import docx_response
from dangjian.core.errors import RuleViolation
from dangjian.core.pdf import pdf_response
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.current import org_for
from dangjian.orgs.models import SCHOOL_ORG_KINDS
from dangjian.reports import documents, services
from dangjian.reports.facts import ReportPeriod, periods_offered
from dangjian.reports.models import READ_ACTION, WRITE_ACTION, DraftKind, DraftVersion, ReportDraft

LIST_LIMIT = 200


def draft_list(request):
    """党建报告: the drafts of the organization's subtree, newest period first."""
    org = org_for(request, request.GET.get("org"), READ_ACTION)
    drafts = list(ReportDraft.objects.visible_to(request.user).filter(org__path__startswith=org.path)
                  .select_related("org").order_by("-period", "org__path", "kind")[:LIST_LIMIT])
    # every draft's latest version in one query (a draft has a handful of versions), not one per row
    latest: dict[int, DraftVersion] = {}
    for version in (DraftVersion.objects.filter(draft_id__in=[d.pk for d in drafts]).order_by("draft_id", "-number")
                    .only("draft_id", "number", "origin", "author_name", "created_at")):
        latest.setdefault(version.draft_id, version)
    rows = [(d, latest[d.pk]) for d in drafts]
    return render(request, "reports/draft_list.html", {
        "org": org, "rows": rows, "can_write": _can_write(request.user, org),
    })


def _can_write(user, org) -> bool:
    return org.kind in SCHOOL_ORG_KINDS and scope_of(user).allows(WRITE_ACTION, org.path)


def draft_new(request):
    """生成初稿: choose the kind and the period; the system writes the draft from the data."""
    raw = request.POST.get("org") if request.method == "POST" else request.GET.get("org")
    org = org_for(request, raw, WRITE_ACTION)
    today = timezone.localdate()
    chosen = {"kind": request.POST.get("kind") or request.GET.get("kind") or DraftKind.SELF_CHECK,
              "period": request.POST.get("period") or request.GET.get("period") or str(today.year)}
    problem, status = "", 200
    if org.kind not in SCHOOL_ORG_KINDS:
        problem = "党建报告按学校党组织生成：请从学校党组织的页面进入，或在顶栏切换到学校党组织。"
    elif request.method == "POST":
        try:
            version = services.generate_draft(org, chosen["kind"], chosen["period"], acting_user=request.user,
                                              today=today)
        except RuleViolation as refusal:
            problem, status = refusal.message, 422
        else:
            messages.success(request, f"已根据数据生成第{version.number}版初稿，请补充【】中标注的内容")
            return redirect("reports:draft", pk=version.draft_id)
    return render(request, "reports/draft_new.html", {
        "org": org, "kinds": DraftKind.choices, "periods": periods_offered(today), "chosen": chosen,
        "problem": problem,
    }, status=status)


def _visible_draft(request, pk: int) -> ReportDraft:
    return get_visible_or_404(ReportDraft.objects.visible_to(request.user).select_related("org"), pk=pk)


def _version(draft: ReportDraft, raw):
    versions = draft.versions.all()
    if raw in (None, ""):
        version = versions.order_by("-number").first()
    elif not str(raw).isdigit():
        raise Http404("没有这个版本")
    else:
        version = versions.filter(number=int(raw)).first()
    if version is None:
        raise Http404("没有这个版本")
    return version


def draft(request, pk: int):
    """The draft: its latest version to edit (a textarea per part), or the version asked for to
    read; the list of versions; the figures behind it with the pages that show them."""
    draft = _visible_draft(request, pk)
    can_write = _can_write(request.user, draft.org)
    latest = draft.latest
    problem, status, typed = "", 200, {}
    if request.method == "POST":
        if not can_write:
            services.require_writer(request.user, draft.org)  # answers 403 naming the right
        typed = {s["key"]: request.POST.get(f"section-{s['key']}", s["text"]) for s in latest.sections}
        based_on = request.POST.get("based_on", "")
        try:
            version = services.save_version(draft, typed, based_on=int(based_on) if based_on.isdigit() else -1,
                                            acting_user=request.user, note=request.POST.get("note", "").strip())
        except RuleViolation as refusal:
            problem, status = refusal.message, 422
        else:
            messages.success(request, f"已保存为第{version.number}版")
            return redirect("reports:draft", pk=draft.pk)
    version = latest if request.method == "POST" else _version(draft, request.GET.get("version"))
    editing = can_write and version.number == latest.number
    sections = [{**s, "value": typed.get(s["key"], s["text"])} for s in version.sections]
    return render(request, "reports/draft_edit.html", {
        "draft": draft, "org": draft.org, "version": version, "latest": latest, "editing": editing,
        "sections": sections, "versions": draft.versions.order_by("-number"), "problem": problem,
        "facts": version.facts,
        "period_label": ReportPeriod.parse(draft.period).label, "can_write": can_write,
        "regenerate": f"{reverse('reports:draft_new')}?org={draft.org_id}&kind={draft.kind}&period={draft.period}",
    }, status=status)


def draft_document(request, pk: int, fmt: str = "docx"):
    """A version of the draft (?version=, the latest by default) as .docx or PDF."""
    draft = _visible_draft(request, pk)
    version = _version(draft, request.GET.get("version"))
    doc = documents.document_of(version)
    name = f"{draft.title}_第{version.number}版"
    fallback = f"report-draft-{draft.pk}-v{version.number}"
    response: HttpResponseBase
    if fmt == "pdf":
        response = pdf_response(documents.render_pdf(doc), f"{name}.pdf", f"{fallback}.pdf")
    else:
        response = docx_response(lambda handle: documents.write_docx(handle, doc), f"{name}.docx", f"{fallback}.docx")
    audit.record("reports.draft.export", target=draft, actor=request.user,
                 changes={"version": version.number, "file_format": fmt})
    return response
