"""API of the register of local documents: what the 本地文件 pages do, over the same services
(dangjian.orgs.services.local_documents) and the same scoping — a document neither covering the
caller's organizations nor below them is the same 404 as one that does not exist; registering,
correcting and switching on need org.edit on an education committee (403 otherwise, 422 naming
the rule when the committee or the date is wrong). `GET /local-rules/` answers, for one
organization and day, which local rules apply there and under which document.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from dangjian.core.api import error_responses
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs import local_rules as L
from dangjian.orgs.models import LocalDocument, LocalRuleSwitch, PartyOrg
from dangjian.orgs.schemas import MAX_ID
from dangjian.orgs.services import local_documents as services

router = Router(tags=["本地文件与本地规定"])
ObjectId = Path(..., ge=1, le=MAX_ID, description="编号")


class SwitchOut(Schema):
    id: int
    rule: str = Field(description="本地规定代码")
    rule_label: str = Field(description="本地规定名称")
    org_id: int = Field(description="启用范围（本组织及下级）的组织编号")
    org_name: str
    effective_from: datetime.date
    switched_by: str = Field(description="启用人；系统初始化的为“系统初始化”")


class DocumentOut(Schema):
    id: int
    issuer: str = Field(description="发文单位")
    title: str = Field(description="文件标题（不含书名号）")
    number: str = Field(description="文号；文件未载明的为空")
    issued_on: datetime.date | None = Field(description="印发日期；文件未载明的为 null")
    note: str
    org_id: int = Field(description="适用范围（登记单位及下级）的组织编号")
    org_name: str
    citation: str = Field(description="规定引用本文件的写法：发文单位《标题》（文号）")
    switches: list[SwitchOut]


class DocumentPage(Schema):
    count: int
    items: list[DocumentOut]


class DocumentIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="登记单位（教育工委）的组织编号")
    issuer: str = Field(..., min_length=1, max_length=120)
    title: str = Field(..., min_length=1, max_length=200)
    number: str = Field("", max_length=60)
    issued_on: datetime.date | None = None
    note: str = Field("", max_length=1000)


class DocumentChanges(Schema):
    model_config = {"extra": "forbid"}

    issuer: str | None = Field(None, min_length=1, max_length=120)
    title: str | None = Field(None, min_length=1, max_length=200)
    number: str | None = Field(None, max_length=60)
    issued_on: datetime.date | None = None
    note: str | None = Field(None, max_length=1000)


class SwitchIn(Schema):
    model_config = {"extra": "forbid"}

    rule: str = Field(..., min_length=1, max_length=64, description="本地规定代码（GET /local-rules/ 列出）")
    org: int | None = Field(None, ge=1, le=MAX_ID,
                            description="启用范围（本组织及下级）的组织编号；不填为文件的适用范围（登记单位）")
    effective_from: datetime.date = Field(..., description="生效日期，不早于今天")


class LocalRuleOut(Schema):
    code: str
    area: str
    label: str
    text: str
    quote: str = Field(description="文件原文")
    source: str = Field(description="要求所出自的文件")
    effect: str = Field(description="增加要求或从严（本地规定不得放宽全国规定）")
    national: str = Field(description="相关全国规定；没有的为空")
    applies: bool = Field(description="该组织在该日是否适用")
    document: str | None = Field(description="适用时依据的文件（发文单位《标题》（文号））")
    switched_at_org: str | None = Field(description="适用时启用的组织")
    effective_from: datetime.date | None = Field(description="适用时的生效日期")


class LocalRulesQuery(Schema):
    org: int = Field(..., ge=1, le=MAX_ID, description="组织编号")
    on: datetime.date | None = Field(None, description="日期，默认今天")


def _switch(switch: LocalRuleSwitch) -> dict:
    rule = L.local_rule(switch.rule)
    return {"id": switch.pk, "rule": switch.rule, "rule_label": rule.label if rule else "本地规定",
            "org_id": switch.org_id, "org_name": switch.org.name, "effective_from": switch.effective_from,
            "switched_by": services.who_switched(switch)}


def _document(document: LocalDocument) -> dict:
    return {"id": document.pk, "issuer": document.issuer, "title": document.title, "number": document.number,
            "issued_on": document.issued_on, "note": document.note, "org_id": document.org_id,
            "org_name": document.org.name, "citation": document.name,
            "switches": [_switch(s) for s in document.switches.all()]}


def _visible(request):
    return (LocalDocument.objects.visible_to(request.auth).select_related("org")
            .prefetch_related("switches__org", "switches__switched_by"))


def _kept(request, pk: int) -> LocalDocument:
    document = get_visible_or_404(_visible(request), pk=pk)
    if not scope_of(request.auth).allows(Action.ORG_EDIT, document.org.path):
        raise PermissionDenied("只有登记该文件的上级党组织管理员可以修改或依据它启用本地规定")
    return document


@router.get("/local-documents/", response=DocumentPage, url_name="local_document_list",
            operation_id="dangjian_orgs_api_local_documents", summary="本地文件（覆盖本人组织的和下级登记的）")
def list_documents(request):
    items = [_document(d) for d in _visible(request)]
    return {"count": len(items), "items": items}


@router.post("/local-documents/", response={201: DocumentOut, **error_responses(404, 409)},
             url_name="local_document_create", operation_id="dangjian_orgs_api_register_local_document",
             summary="登记本地文件（教育工委）")
def register_document(request, payload: DocumentIn):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=payload.org)
    try:
        document = services.register_document(org, acting_user=request.auth,
                                               **payload.model_dump(exclude={"org"}))
    except RuleViolation as refusal:
        if refusal.code == "duplicate":
            return 409, refusal.as_dict()
        raise
    return 201, _document(get_visible_or_404(_visible(request), pk=document.pk))


@router.get("/local-documents/{id}", response=DocumentOut, url_name="local_document_detail",
            operation_id="dangjian_orgs_api_local_document", summary="本地文件及依据它启用的本地规定")
def document_detail(request, id: int = ObjectId):  # noqa: A002 - the path's name
    return _document(get_visible_or_404(_visible(request), pk=id))


@router.patch("/local-documents/{id}", response={200: DocumentOut, **error_responses(409)},
              url_name="local_document_update", operation_id="dangjian_orgs_api_update_local_document",
              summary="修改本地文件登记（登记它的教育工委）")
def update_document(request, payload: DocumentChanges, id: int = ObjectId):  # noqa: A002
    document = _kept(request, id)
    fields = {name: getattr(document, name) for name in services.DOCUMENT_FIELDS}
    fields.update(payload.model_dump(exclude_unset=True))
    try:
        services.update_document(document, acting_user=request.auth, **fields)
    except RuleViolation as refusal:
        if refusal.code == "duplicate":
            return 409, refusal.as_dict()
        raise
    return 200, _document(get_visible_or_404(_visible(request), pk=id))


@router.post("/local-documents/{id}/switches", response={201: SwitchOut, **error_responses(404, 409)},
             url_name="local_rule_switch_on", operation_id="dangjian_orgs_api_switch_on_local_rule",
             summary="依据本文件在本辖区启用本地规定")
def switch_on(request, payload: SwitchIn, id: int = ObjectId):  # noqa: A002
    document = _kept(request, id)
    org = (document.org if payload.org is None
           else get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=payload.org))
    try:
        switch = services.switch_on(document, payload.rule, org=org, effective_from=payload.effective_from,
                                    acting_user=request.auth)
    except RuleViolation as refusal:
        if refusal.code == "duplicate":
            return 409, refusal.as_dict()
        raise
    return 201, _switch(LocalRuleSwitch.objects.select_related("org", "switched_by").get(pk=switch.pk))


@router.get("/local-rules/", response={200: list[LocalRuleOut], **error_responses(404)}, url_name="local_rules",
            operation_id="dangjian_orgs_api_local_rules", summary="某组织某日适用的本地规定")
def local_rules(request, filters: Query[LocalRulesQuery]):
    org = get_visible_or_404(PartyOrg.objects.visible_to(request.auth), pk=filters.org)
    day = filters.on or timezone.localdate()
    rows = services.switch_rows(org)
    result = []
    for rule in L.local_rules():
        row = L.in_force(rule.code, org.path, day, rows)
        result.append({"code": rule.code, "area": rule.area, "label": rule.label, "text": rule.text,
                       "quote": rule.quote, "source": rule.source.name, "effect": rule.effect_label,
                       "national": rule.national, "applies": row is not None,
                       "document": row.document if row else None, "switched_at_org": row.org_name if row else None,
                       "effective_from": row.effective_from if row else None})
    return 200, result
