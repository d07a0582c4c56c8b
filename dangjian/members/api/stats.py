"""Members API, statistics (joined into the app's one router by dangjian.members.api): the statistics
tables as JSON and the filtered member list as xlsx.

Both read the member list's own filter form (the one filter definition), so the parameters mean
what they mean on the pages; an organization outside the caller's scope is the shared 404, a
bad parameter the shared 422, too many exports a 429 — all in the one error shape.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema

from dangjian.core.api import error_response, error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.exports import XLSX, ExportThrottled
from dangjian.core.roles import Action
from dangjian.core.scoping import scope_of
from dangjian.members.views.stats import BadFilter, member_list_export_file, read_stats_query
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["党员"])


class MemberFilterQuery(Schema):
    """The member list's filters (the same names and values as the list page's query string)."""

    q: str = Field("", max_length=100, description="姓名、全拼或首字母")
    within: int | None = Field(None, ge=1, le=MAX_ID, description="统计 / 筛选范围：组织编号（含下级）")
    org: int | None = Field(None, ge=1, le=MAX_ID, description="所在党组织编号（仅本组织）")
    group: int | None = Field(None, ge=1, le=MAX_ID, description="党小组编号")
    status: str = Field("", max_length=20, description="党员类别：full 正式 / probationary 预备")
    standing: str = Field("", max_length=20, description="党籍状态：active 在册（默认）/ all / normal / retained …")
    job: str = Field("", max_length=20, description="工作岗位：teacher / management / support / retired")
    gender: str = Field("", max_length=10, description="性别：male / female")
    education: str = Field("", max_length=20, description="学历：postgraduate / bachelor / college …")
    ethnicity: str = Field("", max_length=12, description="民族，如 回族")
    age_band: str = Field("", max_length=20, description="年龄段，如 31–35岁")
    years_band: str = Field("", max_length=20, description="党龄段，如 5–9年")
    flag: str = Field("", max_length=20, description="lost_contact / is_mobile / in_hardship")


class StatsQueryIn(MemberFilterQuery):
    as_of: datetime.date | None = Field(None, description="截至日期（YYYY-MM-DD），默认今天")


class StatRowOut(Schema):
    label: str
    count: int
    percent: float | None
    sub: bool


class StatTableOut(Schema):
    key: str
    title: str
    note: str
    rows: list[StatRowOut]


class MemberStatsOut(Schema):
    scope: str
    as_of: datetime.date
    total: int
    tables: list[StatTableOut]


def _as_data(filters: Schema) -> dict:
    return {k: (v.isoformat() if isinstance(v, datetime.date) else str(v))
            for k, v in filters.model_dump().items() if v not in (None, "")}


LABELS = {"q": "关键词", "within": "统计范围", "org": "所在党组织", "group": "党小组", "status": "党员类别",
          "standing": "党籍状态", "job": "工作岗位", "gender": "性别", "education": "学历", "ethnicity": "民族",
          "age_band": "年龄段", "years_band": "党龄段", "flag": "标记", "as_of": "截至日期"}


def _invalid(errors: dict[str, list[str]]):
    field, messages = next(iter(errors.items()))
    label = LABELS.get(field, field)
    return RuleViolation(f"参数“{label}”（{field}）：{'；'.join(messages)}", field=field, code="invalid")


@router.get("/stats/members", response={200: MemberStatsOut, **error_responses(403, 404)}, url_name="member_stats",
            operation_id="dangjian_members_api_stats_member_stats",
            summary="党员统计（按性别、年龄、民族、学历、岗位、党龄、党员类别）")
def member_stats(request, filters: Query[StatsQueryIn]):
    if not scope_of(request.auth).allows(Action.MEMBER_VIEW):
        raise PermissionDenied("您的职务不含查看党员信息的权限")
    query = read_stats_query(request.auth, _as_data(filters))
    if query.not_found:
        raise Http404
    if query.stats is None:
        raise _invalid(query.errors)
    return query.stats.as_dict()


# The 200 is a file, described in openapi_extra; `None` leaves it without a JSON schema.
@router.get("/members/export", response={200: None, **error_responses(403, 404, 429)}, url_name="member_export",
            operation_id="dangjian_members_api_stats_member_export",
            summary="导出党员名册（xlsx，身份证号和手机号已脱敏）",
            openapi_extra={"responses": {200: {"description": "党员名册 xlsx 文件（与名册页相同的筛选）", "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}}}}}})
def member_export(request, filters: Query[MemberFilterQuery]):
    try:
        return member_list_export_file(request.auth, _as_data(filters)).response()
    except BadFilter as exc:
        raise _invalid(exc.errors) from None
    except ExportThrottled as exc:
        response = error_response(429, "rate_limited", exc.message)
        response["Retry-After"] = str(exc.retry_after)
        return response
