"""POST /api/v1/members/import — the member import's pipeline (dangjian.members.importer) over HTTP.

Multipart: `file` (.xlsx), `dry_run` (true/false, default false), `org` (optional code of the
target organization; rows without 所属党组织代码 go there and every row must lie in its subtree;
without it, every row must carry a code of an organization the caller may edit). The call is
synchronous whatever the size (up to importer.MAX_ROWS rows); the page runs large files in the
background instead.

Answers, always with {"created", "updated", "unchanged", "errors": [{"row", "column", "message"}],
"warnings": [{"row", "column", "message"}]} plus "dry_run" and "committed" (whether anything was
written). A warning does not stop the import: the row goes in as it is and a person checks it
(today: an ID number whose region code is no longer current, GB/T 2260 — dangjian.core.regions).
- 200: checked (dry run), or imported with nothing new; 201: imported with new members;
- 422: errors in the rows or a refused file — nothing written — with the shared error shape's
  "code" ("import_invalid" / "bad_file"), "message", "rule" and "field" beside the counts;
- 403 without member.edit anywhere; 404 for an `org` code that does not exist or is out of scope.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.members import importer
from dangjian.orgs.models import PartyOrg

router = Router(tags=["党员"])


class ImportError_(Schema):
    row: int | None = Field(None, description="Excel 行号；整个文件的问题为 null")
    column: str = Field(..., description="列名（表头）")
    message: str


class ImportWarning(Schema):
    row: int = Field(..., description="Excel 行号")
    column: str = Field(..., description="列名（表头）")
    message: str = Field(..., description="需要核对的内容；该行照常导入")


class ImportAnswer(Schema):
    created: int
    updated: int
    unchanged: int
    errors: list[ImportError_]
    warnings: list[ImportWarning] = Field([], description="不影响导入、需要核对的行，如身份证号前六位已不是现行行政区划代码")
    dry_run: bool
    committed: bool


# A 422 is the shared error shape; the counts come only when the file was read (errors in its
# rows, or a file refused whole), not when the request itself was invalid (a missing file, an
# organization code too long). The docstring is the description a client's developer reads.
class ImportRefusal(Schema):
    """导入被拒绝（422）：统一错误格式的四项；读取了文件时（行有错误或整个文件被拒）另附各项计数，请求本身无效时（缺少文件、组织代码过长等）没有计数。"""

    code: str
    message: str
    rule: str | None
    field: str | None
    created: int | None = None
    updated: int | None = None
    unchanged: int | None = None
    errors: list[ImportError_] | None = None
    warnings: list[ImportWarning] | None = None
    dry_run: bool | None = None
    committed: bool | None = None


def _target(user, code: str | None) -> PartyOrg | None:
    if not code:
        return None
    org = PartyOrg.objects.visible_to(user, Action.MEMBER_EDIT).filter(code__iexact=code.strip(), is_active=True).first()
    if org is None:
        raise Http404  # missing and out of scope read the same
    return org


@router.post("/members/import", url_name="member_import", operation_id="dangjian_members_api_import_import_members",
             response={200: ImportAnswer, 201: ImportAnswer, 422: ImportRefusal, **error_responses(404)},
             summary="导入党员信息（Excel）：逐行校验，全部成功才写入")
def import_members(request, file: File[UploadedFile], dry_run: Form[bool] = False, org: Form[str | None] = None):
    user = request.auth
    if org is not None and len(org) > 60:
        raise RuleViolation("组织代码过长", field="org", code="invalid")
    if not scope_of(user).allows(Action.MEMBER_EDIT):
        raise PermissionDenied("您的职务不含维护党员信息的权限")
    within = _target(user, org)
    result = importer.run(file, user=user, within=within, dry_run=dry_run)
    body = {**result.as_dict(), "dry_run": dry_run, "committed": result.committed}
    if result.errors:
        file_level = len(result.errors) == 1 and result.errors[0]["row"] is None
        message = (result.errors[0]["message"] if file_level else
                   f"导入文件有 {len(result.errors)} 处错误，未写入任何数据")
        body.update(code="bad_file" if file_level else "import_invalid", message=message, rule=None, field="file")
        status = 422
    else:
        status = 201 if result.committed and result.created else 200
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
