"""Pages of the member import: the template, the upload, the job's progress and preview, and
the confirmation that commits it.

Everything here needs member.edit somewhere (else 403). A job is reached only through
`ImportJob.objects.visible_to(user)` — its creator and whoever may edit members of its
organization — so anybody else's job is a 404 like a missing one. The stored file is never
served. The work is in dangjian.members.import_jobs and dangjian.members.importer.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.core.uploads import KIND_MIME
from dangjian.members import import_jobs, importer
from dangjian.members.models import ImportJob, ImportState
from dangjian.members.services import MEMBER_ORG_KINDS
from dangjian.orgs.current import current_org
from dangjian.orgs.models import OrgKind, PartyOrg

ERRORS_PER_PAGE = 200
WARNINGS_SHOWN = 500  # a page, not a report: past this the count says how many more there are
ORG_CHOICES_LIMIT = 300  # beyond this (a city), the list offers the user's top organizations only
RUNNING_STATES = {ImportState.QUEUED, ImportState.RUNNING, ImportState.COMMITTING}


def _require_edit(request) -> None:
    if not scope_of(request.user).allows(Action.MEMBER_EDIT):
        raise PermissionDenied("您的职务不含维护党员信息的权限")


def editable_orgs(user) -> list[PartyOrg]:
    """Organizations the user may import into: every one they may edit members of (groups
    excluded), or, when that is a whole city, the roots of their scope."""
    scope = scope_of(user)
    orgs = PartyOrg.objects.visible_to(user, Action.MEMBER_EDIT).filter(is_active=True).exclude(kind=OrgKind.GROUP)
    listed = list(orgs.order_by("path")[:ORG_CHOICES_LIMIT + 1])
    if len(listed) > ORG_CHOICES_LIMIT:
        roots = scope.paths_for(Action.MEMBER_EDIT)
        listed = list(PartyOrg.objects.filter(path__in=roots, is_active=True).order_by("path")) if roots else []
        if not listed:  # a superuser without positions: the top of the tree
            listed = list(PartyOrg.get_root_nodes())
    return listed


class UploadForm(forms.Form):
    org = forms.ChoiceField(label="导入到", help_text="不填写“所属党组织代码”的行导入到这里；填写了代码的行须属于这个组织或其下级。")
    file = forms.FileField(label="Excel 文件（.xlsx）",
                           error_messages={"required": "请选择要上传的 Excel 文件", "empty": "文件未通过检查：文件为空"},
                           help_text=f"请使用下载的模板填写；单次最多 {importer.MAX_ROWS} 行、"
                                     f"{importer.MAX_BYTES // 1024 // 1024} MB。")

    def __init__(self, *args, orgs: list[PartyOrg], **kwargs):
        super().__init__(*args, **kwargs)
        self.orgs = {str(org.pk): org for org in orgs}
        self.fields["org"].choices = [
            (str(org.pk), f"{'　' * max(org.depth - orgs[0].depth, 0)}{org.name}（{org.code}）") for org in orgs
        ]
        self.fields["org"].widget.attrs["class"] = "form-select"
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx," + KIND_MIME["xlsx"]})

    def clean_org(self):
        return self.orgs[self.cleaned_data["org"]]  # ChoiceField already refused anything else


def import_page(request):
    _require_edit(request)
    orgs = editable_orgs(request.user)
    current = current_org(request)
    initial = next((str(o.pk) for o in orgs if current and o.path.startswith(current.path)), None)
    form = UploadForm(request.POST or None, request.FILES or None, orgs=orgs, initial={"org": initial})
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.start_job(form.cleaned_data["file"], user=request.user, org=form.cleaned_data["org"])
        except RuleViolation as violation:
            form.add_error("file", f"文件未通过检查：{violation.message}")
        else:
            return redirect("members:import_job", pk=job.pk)
    recent = ImportJob.objects.visible_to(request.user).select_related("org", "created_by")[:10]
    return render(request, "members/import_upload.html", {"form": form, "recent": recent})


def import_template(request):
    _require_edit(request)
    current = current_org(request)
    code = current.code if current is not None and current.kind in MEMBER_ORG_KINDS else ""
    buffer = io.BytesIO()
    importer.write_import_template(buffer, org_code=code)
    response = HttpResponse(buffer.getvalue(), content_type=KIND_MIME["xlsx"])
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E5%85%9A%E5%91%98%E4%BF%A1%E6%81%AF%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    return response


def _job(request, pk: int) -> ImportJob:
    _require_edit_or_own(request)
    return get_visible_or_404(ImportJob.objects.visible_to(request.user).select_related("org", "created_by"), pk=pk)


def _require_edit_or_own(request) -> None:
    # A creator who has since lost the post still sees their own job (visible_to allows it).
    if not scope_of(request.user).allows(Action.MEMBER_EDIT) and not ImportJob.objects.filter(
            created_by=request.user).exists():
        raise PermissionDenied("您的职务不含维护党员信息的权限")


def _progress_context(job: ImportJob) -> dict:
    done, total = import_jobs.live_progress(job)
    return {"job": job, "done": done, "total": total, "running": job.state in RUNNING_STATES}


def _shown_warnings(request, job: ImportJob) -> list[dict]:
    """The job's warnings as this viewer may read them: in full (naming the region code of an ID
    number) for the uploader, who holds the file, and for whoever may see the full ID numbers of
    the job's organization; said without the code to anyone else who may see the job."""
    full = job.created_by_id == request.user.pk or scope_of(request.user).allows(Action.MEMBER_REVEAL, job.org.path)
    return [{"row": w["row"], "column": w["column"], "message": w["message"] if full else w["message_masked"]}
            for w in import_jobs.job_warnings(job)]


def _warnings_context(request, job: ImportJob) -> dict:
    warnings = _shown_warnings(request, job)
    return {"warnings": warnings[:WARNINGS_SHOWN], "warning_count": len(warnings),
            "warnings_left_out": max(len(warnings) - WARNINGS_SHOWN, 0)}


def import_job(request, pk: int):
    job = _job(request, pk)
    # File-level problems first, then by row and in the spreadsheet's column order.
    order = {c.title: i for i, c in enumerate(importer.COLUMNS)}
    errors = sorted(import_jobs.job_errors(job),
                    key=lambda e: (e["row"] is not None, e["row"] or 0, order.get(e["column"], 99)))
    page = Paginator(errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **_progress_context(job), "errors_page": page, "error_count": len(errors), "errors": errors,
        **_warnings_context(request, job),
        "error_rows": len({e["row"] for e in errors if e["row"] is not None}),
        "can_commit": job.state == ImportState.VALIDATED
        and scope_of(request.user).allows(Action.MEMBER_EDIT, job.org.path),
    }
    return render(request, "members/import_job.html", context)


def import_progress(request, pk: int):
    """The polled partial; once the job has stopped running, the whole page reloads."""
    job = _job(request, pk)
    response = render(request, "members/import_progress.html", _progress_context(job))
    if job.state not in RUNNING_STATES:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def import_commit(request, pk: int):
    job = _job(request, pk)
    if not scope_of(request.user).allows(Action.MEMBER_EDIT, job.org.path):
        raise PermissionDenied("您没有维护该组织党员信息的权限")
    try:
        job = import_jobs.confirm_job(job, user=request.user)
    except RuleViolation as violation:
        messages.warning(request, violation.message)
        return redirect("members:import_job", pk=job.pk)
    if job.state == ImportState.COMMITTED:
        messages.success(request, f"导入完成：新建 {job.created} 人，更新 {job.updated} 人，无变化 {job.unchanged} 人。")
    elif job.state == ImportState.FAILED:
        messages.error(request, "导入未完成：数据在校验后发生了变化，未写入任何数据，请查看下列错误。")
    return redirect("members:import_job", pk=job.pk)
