"""The REST API's generic pieces: the error shape, its handlers, the docs page and the
fallback router. The NinjaAPI itself — authentication and one router per domain app — is
assembled in config/api.py: core knows no domain.

Every error, whatever raised it, leaves in ONE shape — {"code", "message", "rule", "field"}
with a Chinese message — so a client (and the permission matrix) can rely on it. Bad input is
a 4xx in that shape, never a 500: the handlers below cover ninja's validation, Django's 404
and 403, our RuleViolation, and the malformed requests that reach the parser.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Router, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi import schema as ninja_openapi
from ninja.operation import PathView
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import DefsRef

from dangjian.core.errors import RuleViolation
from dangjian.core.request_context import note_denial

logger = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = "未找到该记录"
UNAUTHENTICATED_MESSAGE = "请先登录，或在请求头中提供有效的 API 令牌（Authorization: Bearer …）"

# Field names as a secretary would read them in an error message: the generic ones here, the
# domain's added by its app (register_field_labels in AppConfig.ready(); orgs adds its own).
FIELD_LABELS = {
    "id": "编号", "limit": "每页条数", "offset": "起始位置", "q": "关键词", "name": "名称", "payload": "请求体",
}


def register_field_labels(labels: dict[str, str]) -> None:
    FIELD_LABELS.update(labels)


# The shared error shape as the OpenAPI document declares it: all four keys are always present,
# rule and field null when there is none. The docstring is the schema's description that a
# client's developer reads on the docs page, hence Chinese.
class ErrorOut(Schema):
    """错误答复（所有错误同一格式）：code 为错误类别，message 为中文说明，rule 为所违反规定的文件及条款（无则为 null），field 为出错的参数名（无则为 null）。"""

    code: str
    message: str
    rule: str | None
    field: str | None


# Why each error status can be answered, said once for the whole document (the description of
# that answer in /api/v1/openapi.json).
ERROR_ANSWERS = {
    400: "请求无法解析（请求体不是有效的 JSON，或参数超出允许范围）",
    401: "未登录，或 API 令牌无效、已撤销、已过期、须二次验证",
    403: "无权执行此操作（含只读令牌的写请求、会话请求的 CSRF 校验失败）",
    404: "未找到该记录（不在本人数据范围内的记录同样如此）",
    409: "与现有记录冲突（重复提交或已被他人修改）",
    415: "请求体须为 JSON（Content-Type: application/json）",
    422: "参数无效，或操作违反规定（rule 为所依据的文件条款）",
    429: "请求过于频繁，请稍后再试",
}


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation gives besides those every operation of its kind gives.

    Usage: ``@router.get("/x/", response={200: XOut, **error_responses(403, 409)})``.

    Do NOT list what `declare_common_answers` already adds to every operation from its shape
    (401 always; 403 on writes; 404 with path parameters; 400 and 422 with any input; 415 with
    a body). DO list what the operation's own code can answer: 403 on a read that checks a
    right, 404 for an id in the query or body that is not visible, 409, 422 from a RuleViolation
    on an operation without input, 429. The schemathesis test fails on any answer the document
    does not declare (dangjian/demo/tests/school_scale/test_api_schemathesis.py).
    """
    unknown = set(statuses) - set(ERROR_ANSWERS)
    if unknown:
        raise ValueError(f"no shared error answer for status {sorted(unknown)}")
    return dict.fromkeys(statuses, ErrorOut)


def _common_statuses(method: str, operation: dict) -> set[int]:
    params = operation.get("parameters", [])
    statuses = {401} if operation.get("security") else set()
    if method not in {"get", "head", "options"}:
        statuses.add(403)  # a read-only token or a session without its CSRF token
    if any(p.get("in") == "path" for p in params):
        statuses.add(404)  # nothing there, not in scope, or a value the path does not match
    if params or "requestBody" in operation:
        statuses |= {400, 422}
    if "requestBody" in operation:
        statuses.add(415)
    return statuses


def declare_common_answers(schema: dict) -> dict:
    """Add to every operation of an OpenAPI document the error answers its shape implies (see
    `error_responses`), each with the shared ErrorOut schema and a Chinese description, and give
    the error answers an operation declared itself the same description."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorOut", ErrorOut.model_json_schema(
        ref_template="#/components/schemas/{model}", mode="serialization"))
    error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for status in _common_statuses(method, operation):
                responses.setdefault(status, {"content": error_body})
            for status, answer in responses.items():
                if int(status) in ERROR_ANSWERS:
                    answer["description"] = ERROR_ANSWERS[int(status)]
            operation["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
    return schema


class _UniqueComponentNames(NinjaGenerateJsonSchema):
    """Names each schema of the document after its class, and a second class of the same name
    (decisions' MeetingOut after orglife's) after its app too: DecisionsMeetingOut.

    ninja writes every operation's schemas into one `components` table by class name, so two
    apps' classes of the same name silently became one component (the last written): answers
    were validated against, and a generated client built from, the other app's schema (issue
    18: MeetingOut.host_name, AttendanceOut.position). `claims` (one per document) maps each
    name to the class that holds it; the first class in route order keeps the plain name."""

    claims: dict[str, str] = {}

    def get_defs_ref(self, core_mode_ref):
        key = super().get_defs_ref(core_mode_ref)
        # pydantic's choices, most wanted first: Name, Name-Mode, module__Name, ... (all unique
        # to this class from the third on); the first that is unambiguous in a generation is used.
        choices = self._prioritized_defsref_choices[key]
        name, qualname = choices[0], choices[2]
        if self.claims.setdefault(name, qualname) != qualname:
            # e.g. dangjian__supervision__api__pledge__OrgRef: SupervisionOrgRef, else
            # SupervisionPledgeOrgRef, else the whole qualified name (unique by construction)
            parts = qualname.split("__")[:-1]
            app = parts[1] if len(parts) > 1 and parts[0] == "dangjian" else parts[0]
            candidates = [app.title() + name, app.title() + parts[-1].title().replace("_", "") + name, qualname]
            unique = next(c for c in candidates if self.claims.setdefault(c, qualname) == qualname)
            mode = choices[1][len(name):]
            self._prioritized_defsref_choices[key] = [DefsRef(unique), DefsRef(unique + mode), *choices[2:]]
        return key


# The document is built with ninja's generator class swapped for one with its own claims (ninja
# names the class in two places and offers no setting); one document at a time.
_DOCUMENT_LOCK = threading.Lock()


class DangjianAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document tells the truth: one component per schema class
    (_UniqueComponentNames) and every error answer declared (declare_common_answers).

    The document is built once per process and kept: it depends only on the code (the routes and
    their schemas, fixed once the URLs are loaded), and building it walks every schema class of
    every operation — about a second of CPU that ninja spent again on every GET of openapi.json.
    The kept document is shared by every caller: read it, never change it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._documents: dict[tuple, dict] = {}

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        key = (path_prefix, tuple(sorted((path_params or {}).items())))
        document = self._documents.get(key)
        if document is None:
            document = self._documents[key] = self.build_openapi_schema(path_prefix=path_prefix,
                                                                        path_params=path_params)
        return document

    def build_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        """The document built anew (get_openapi_schema keeps the first one built)."""
        class DocumentNames(_UniqueComponentNames):
            claims: dict[str, str] = {}  # noqa: RUF012 (one dict per document, on purpose)

        with _DOCUMENT_LOCK:
            ninja_openapi.NinjaGenerateJsonSchema = DocumentNames  # type: ignore[misc]
            try:
                document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            finally:
                ninja_openapi.NinjaGenerateJsonSchema = NinjaGenerateJsonSchema  # type: ignore[misc]
        return declare_common_answers(document)


def error_response(status: int, code: str, message: str, *, rule: str | None = None,
                   field: str | None = None) -> JsonResponse:
    body = {"code": code, "message": message, "rule": rule, "field": field}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _describe(error: dict) -> str:
    """A pydantic error, said in Chinese. Unknown kinds fall back to a plain "invalid"."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return "为必填项"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "须为整数"
    if kind in {"bool_parsing", "bool_type"}:
        return "须为 true 或 false"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "string_too_short":
        return f"不能少于 {ctx.get('min_length')} 个字符"
    if kind == "string_pattern_mismatch":
        return "含有不允许的字符"
    if kind in {"enum", "literal_error"}:
        return f"取值无效，可选值：{ctx.get('expected', '')}"
    if kind.startswith("date"):
        return "须为日期，格式如 2026-11-23"
    if kind in {"extra_forbidden"}:
        return "不是可修改的字段"
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return "须为 JSON 对象"
    if kind == "string_type":
        return "须为文本"
    return "取值无效"


def _field_of(error: dict) -> str | None:
    # loc is e.g. ("query", "limit") or ("body", "payload", "term_end"): where the value came from,
    # then the names down to it; the last name is the field — even one called "body" or "query"
    # (a 党务公开 item's body), so only the first part is dropped as the location.
    loc = list(error.get("loc", ()))
    if loc and loc[0] in {"query", "path", "body", "form", "file", "header", "cookie"}:
        loc = loc[1:]
    names = [part for part in loc if isinstance(part, str)]
    return names[-1] if names else None


class ChineseSwagger(Swagger):
    """Swagger UI from ninja's own static files (ninja is in INSTALLED_APPS, so its local
    template is used, never the CDN one). Its template has no inline script — the settings
    travel in a JSON <script type="application/json"> block that CSP does not execute — so the
    site-wide "script-src 'self'" holds and nothing needs relaxing."""


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    field = _field_of(first)
    label = FIELD_LABELS.get(field or "", field or "请求")
    where = f"“{label}”（{field}）" if field and label != field else f"“{label}”"
    extra = f"等 {len(exc.errors)} 处错误" if len(exc.errors) > 1 else ""
    return error_response(422, "invalid", f"参数{where}{_describe(first)}{extra}", field=field)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Deliberately constant: "not yours" must be indistinguishable from "not there".
    return error_response(404, "not_found", NOT_FOUND_MESSAGE)


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) if exc.args else "您没有执行此操作的权限"
    note_denial(request, message)  # the audit entry of the refusal repeats the reason (core.middleware.audit_refusal)
    return error_response(403, "forbidden", message)


def _rule_violation(request: HttpRequest, exc: RuleViolation) -> HttpResponse:
    return JsonResponse(exc.as_dict(), status=422, json_dumps_params={"ensure_ascii": False})


def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    code = getattr(exc, "code", "unauthorized")
    message = exc.message if code != "unauthorized" else UNAUTHENTICATED_MESSAGE
    return error_response(401, code, message)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = getattr(exc, "code", None)
    if exc.status_code == 403:
        note_denial(request, exc.message if code else "")
    if code:
        return error_response(exc.status_code, code, exc.message)
    if exc.status_code == 400 and request.body:
        # ninja's parser failed on the body: say whether the type or the JSON was wrong.
        if request.content_type != "application/json":
            return error_response(415, "unsupported_media_type", "请求体须为 JSON（Content-Type: application/json）")
        return error_response(400, "invalid_json", "请求体不是有效的 JSON", field="payload")
    messages = {400: "请求无效", 403: "您没有执行此操作的权限", 404: NOT_FOUND_MESSAGE, 429: "请求过于频繁，请稍后再试"}
    return error_response(exc.status_code, f"http_{exc.status_code}", messages.get(exc.status_code, "请求无法处理"))


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return error_response(400, "bad_request", "请求无效")


def _anything_else(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Bad input that slipped past validation (an id too large for the database, a value the
    driver refuses) is the client's error, not ours; anything else is logged as a bug and still
    answered in the shared shape."""
    if isinstance(exc, (OverflowError, DataError, ValueError)):
        return error_response(400, "bad_request", "请求参数超出允许范围")
    logger.exception("unhandled API error", exc_info=exc)
    return error_response(500, "server_error", "服务器内部错误，请稍后重试或联系管理员")


# An unknown path under /api/v1/ would otherwise fall through to Django's HTML 404 page.
# Mounted last, so every real route matches first; it authenticates like any operation, so an
# anonymous caller learns nothing about which paths exist.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False,
                        url_name="unknown")
def unknown_path(request, rest: str):
    raise Http404


def _method_not_allowed(self):
    """ninja answers a wrong method with a bare text 405; clients get the shared shape instead.
    ninja has no hook for this (PathView is built by the router), hence the override; a test
    pins it so an upgrade that renames the method is noticed."""
    allowed = sorted({method for op in self.operations for method in op.methods})
    response = error_response(405, "method_not_allowed", f"不支持该请求方法，可用：{'、'.join(allowed)}")
    response["Allow"] = ", ".join(allowed)
    return response


# A deliberate replacement of ninja's method (see above), which mypy refuses by default.
PathView._not_allowed = _method_not_allowed  # type: ignore[method-assign]


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error of `api` leaves in the shared shape (config/api.py calls this once)."""
    # ninja types a handler's argument as "the exception or its class" but always passes the
    # raised instance (NinjaAPI.on_exception); the table's Any states that.
    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ValidationError, _validation_error),
        (Http404, _not_found),
        (PermissionDenied, _forbidden),
        (RuleViolation, _rule_violation),
        (AuthenticationError, _unauthenticated),
        (HttpError, _http_error),
        (SuspiciousOperation, _suspicious),
        (Exception, _anything_else),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
