"""本地文件登记: the register of local documents and the local rules switched on from them.

Everyone who sees organizations sees the documents covering their own (issued at or above them)
and those of their subtree; a document neither covering nor below the user is a 404. A committee
(教育工委) administrator registers and corrects the documents of their committee and switches a
local rule on for their subtree; anyone else asking to is a 403. Every write goes through
dangjian.orgs.services.local_documents.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs import local_rules as L
from dangjian.orgs.forms.local_documents import LocalDocumentForm, SwitchOnForm
from dangjian.orgs.models import LocalDocument, OrgKind, PartyOrg
from dangjian.orgs.services import local_documents as services


def _committees(user, within: PartyOrg | None = None):
    """The committees where `user` may register documents and switch rules on."""
    committees = PartyOrg.objects.visible_to(user, Action.ORG_EDIT).filter(kind=OrgKind.EDUCATION_COMMITTEE,
                                                                          is_active=True)
    return committees.within(within) if within is not None else committees


def _may_edit(user, document: LocalDocument) -> bool:
    return scope_of(user).allows(Action.ORG_EDIT, document.org.path)


def _switch_rows(switches) -> list[dict]:
    rows = []
    for switch in switches:
        rule = L.local_rule(switch.rule)
        rows.append({"switch": switch, "rule": rule, "by": services.who_switched(switch)})
    return rows


def document_list(request):
    if not scope_of(request.user).is_superuser and not scope_of(request.user).paths_for(Action.ORG_VIEW):
        raise PermissionDenied("您没有查看组织信息的权限")
    documents = list(LocalDocument.objects.visible_to(request.user).select_related("org")
                     .prefetch_related("switches__org", "switches__switched_by"))
    for document in documents:
        document.rows = _switch_rows(document.switches.all())
    home = PartyOrg.objects.filter(pk__in=scope_of(request.user).org_ids).order_by("depth", "path").first()
    today = timezone.localdate()
    rows = services.switch_rows(home) if home is not None else []
    declared = [{"rule": rule, "in_force": L.in_force(rule.code, home.path, today, rows) if home else None}
                for rule in L.local_rules()]
    return render(request, "orgs/local_documents.html", {
        "documents": documents, "declared": declared, "home": home, "today": today,
        "can_register": _committees(request.user).exists(), "rule": L.R_DOCUMENT, "switch_rule": L.R_SWITCH,
    })


def document_new(request):
    committees = _committees(request.user)
    if not committees.exists():
        raise PermissionDenied("本地文件由上级党组织（教育工委）管理员登记")
    form = LocalDocumentForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = data.pop("org")
        try:
            document = services.register_document(org, acting_user=request.user, **data)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已登记{document.name}。")
            return redirect("orgs:local_document", pk=document.pk)
    return render(request, "orgs/local_document_form.html", {"form": form, "document": None},
                  status=422 if request.method == "POST" else 200)


def document_detail(request, pk: int):
    document = get_visible_or_404(LocalDocument.objects.visible_to(request.user).select_related("org", "created_by"),
                                  pk=pk)
    switches = document.switches.select_related("org", "switched_by")
    may_edit = _may_edit(request.user, document)
    form = SwitchOnForm(committees=_committees(request.user, document.org),
                        initial={"effective_from": timezone.localdate()}) if may_edit else None
    return render(request, "orgs/local_document_detail.html", {
        "document": document, "rows": _switch_rows(switches), "may_edit": may_edit, "form": form,
        "switch_rule": L.R_SWITCH,
    })


def document_edit(request, pk: int):
    document = get_visible_or_404(LocalDocument.objects.visible_to(request.user).select_related("org"), pk=pk)
    if not _may_edit(request.user, document):
        raise PermissionDenied("只有登记该文件的上级党组织管理员可以修改")
    initial = {name: getattr(document, name) for name in services.DOCUMENT_FIELDS}
    form = LocalDocumentForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(document, acting_user=request.user, **form.cleaned_data)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, "已保存文件登记。")
            return redirect("orgs:local_document", pk=document.pk)
    return render(request, "orgs/local_document_form.html", {"form": form, "document": document},
                  status=422 if request.method == "POST" else 200)


@require_POST
def document_switch(request, pk: int):
    document = get_visible_or_404(LocalDocument.objects.visible_to(request.user).select_related("org"), pk=pk)
    if not _may_edit(request.user, document):
        raise PermissionDenied("只有上级党组织管理员可以在本辖区启用本地规定")
    form = SwitchOnForm(request.POST, committees=_committees(request.user, document.org))
    if form.is_valid():
        try:
            switch = services.switch_on(document, form.cleaned_data["rule"], org=form.cleaned_data["org"],
                                        effective_from=form.cleaned_data["effective_from"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已在{switch.org.name}启用本地规定，{switch.effective_from:%Y年%m月%d日}起适用。")
            return redirect("orgs:local_document", pk=document.pk)
    return render(request, "orgs/local_document_detail.html", {
        "document": document, "rows": _switch_rows(document.switches.select_related("org", "switched_by")),
        "may_edit": True, "form": form, "switch_rule": L.R_SWITCH,
    }, status=422)
