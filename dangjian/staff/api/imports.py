"""API of the staff register's import, as the import page: an Excel file (multipart) for one
school, through dangjian.staff.importer.import_staff — the same upload check, row checks and
all-or-nothing write, and its audit entry. staff.edit somewhere (403), the school among those one
edits the staff of (404). A refused file answers 422 in the shared error shape with every row's
errors beside it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from dangjian.core.api import error_responses
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.models import School
from dangjian.staff import importer

router = Router(tags=["教职工名册"])


class StaffImportError(Schema):
    row: int | None = Field(None, description="Excel 行号；整个文件的问题为 null")
    column: str = Field(..., description="列名（表头）")
    message: str


class StaffImportAnswer(Schema):
    created: int = Field(description="新增的教职工数")
    linked: int = Field(description="其中关联了本校党员档案的人数")
    total: int = Field(description="文件中的数据行数")
    errors: list[StaffImportError]


class StaffImportRefusal(Schema):
    """导入被拒绝（422）：统一错误格式的四项；读取了文件时另附各项计数和逐行错误，请求本身无效时（缺少文件、学校编号无效等）没有。"""

    code: str
    message: str
    rule: str | None
    field: str | None
    created: int | None = None
    linked: int | None = None
    total: int | None = None
    errors: list[StaffImportError] | None = None


class StaffImportIn(Schema):
    school: int = Field(..., ge=1, le=2**31 - 1, description="学校编号")


@router.post("/staff/import", url_name="staff_import_api",
             response={201: StaffImportAnswer, 422: StaffImportRefusal, **error_responses(404)},
             summary="导入本校教职工名册（Excel，multipart：file、school）：逐行校验，全部无误才写入")
def import_staff(request, file: File[UploadedFile], form: Form[StaffImportIn]):
    user = request.auth
    if not scope_of(user).allows(Action.STAFF_EDIT):
        raise PermissionDenied(f"您的职务不含“{Action.STAFF_EDIT.label}”的权限")
    school = get_visible_or_404(School.objects.visible_to(user, Action.STAFF_EDIT), pk=form.school)
    result = importer.import_staff(file, school=school, user=user, file_name=file.name or "")
    body = {"created": result.created, "linked": result.linked, "total": result.total, "errors": result.errors}
    if result.ok:
        return JsonResponse(body, status=201, json_dumps_params={"ensure_ascii": False})
    file_level = len(result.errors) == 1 and result.errors[0]["row"] is None
    message = result.errors[0]["message"] if file_level else f"导入文件有 {len(result.errors)} 处错误，未写入任何数据"
    body.update(code="bad_file" if file_level else "import_invalid", message=message, rule=None, field="file")
    return JsonResponse(body, status=422, json_dumps_params={"ensure_ascii": False})
