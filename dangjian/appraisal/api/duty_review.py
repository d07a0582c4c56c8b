"""API of 书记抓党建述职评议's writes, as its pages: a committee opening a round for the school
organizations of its subtree, its weights and grade lines, the secretary's report (its sections,
or a .docx uploaded through the same upload check) saved, drafted from the system's data and submitted, the
committee's 测评 counts and process scores, a 点评意见 and its putting on the school's 整改台账 —
through services.duty_review and services.duty_review_assessment, which check who may (the
opening education committee, require_committee: 403, or 422 naming R_OPENER to a school inside it;
the secretary in post for the report) and the rules (422 naming them). Entries and comments are
found in the caller's scope (404); the organization among those one sees."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, File, Form, Path, Router, Schema
from ninja.files import UploadedFile

from dangjian.appraisal.models import DutyComment, DutyEntry, DutyRound
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.services import duty_review as services
from dangjian.appraisal.services import duty_review_assessment as assessment
from dangjian.core.api import error_responses
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import PartyOrg
from dangjian.orgs.schemas import MAX_ID, OrgRef

router = Router(tags=["述职评议"])
Id = Path(..., ge=1, le=MAX_ID, description="编号")


class RoundIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="开展单位（县、市级教育党（工）委编号）")
    kind: R.Kind = Field(..., description="述职类别")
    year: int = Field(..., ge=2000, le=2100)
    deadline: datetime.date = Field(..., description="述职报告截止日期（截止后仍可提交，记为逾期）")
    meeting_on: datetime.date | None = Field(None, description="述职会议日期")
    note: str = Field("", max_length=300, description="工作安排")


class RoundOut(Schema):
    id: int
    org: OrgRef
    kind: str
    kind_label: str
    year: int
    deadline: datetime.date
    meeting_on: datetime.date | None
    note: str
    entries: int = Field(description="应述职的学校党组织数")


class SettingIn(Schema):
    model_config = {"extra": "forbid"}

    org: int = Field(..., ge=1, le=MAX_ID, description="规定单位（县、市级教育党（工）委编号）")
    meeting: int = Field(..., ge=0, le=100, description="党建工作例会测评权重（%）")
    supervision: int = Field(..., ge=0, le=100, description="巡回督导考评权重（%）")
    poll: int = Field(..., ge=0, le=100, description="述职测评权重（%）")
    good_min: int = Field(..., ge=1, le=100, description="“好”分数线")
    fairly_good_min: int = Field(..., ge=1, le=100, description="“较好”分数线")
    average_min: int = Field(..., ge=1, le=100, description="“一般”分数线")
    source: str = Field("", max_length=300, description="依据（文件名称、文号）")
    effective_from: datetime.date


class SettingOut(Schema):
    id: int
    org: OrgRef
    effective_from: datetime.date


class SectionIn(Schema):
    model_config = {"extra": "forbid"}

    heading: str = Field("", max_length=100)
    text: str = Field("", max_length=R.SECTION_MAX)


class ReportIn(Schema):
    model_config = {"extra": "forbid"}

    sections: list[SectionIn] = Field(..., max_length=30, description="述职报告各部分")
    submit: bool = Field(False, description="true 为提交（提交后不再修改），false 为保存草稿")


class AssessmentIn(Schema):
    model_config = {"extra": "forbid"}

    present: int | None = Field(None, ge=0, le=100000, description="参加测评人数（须已提交述职报告）")
    counts: dict[R.Grade, int] = Field(default_factory=dict, description="各档票数：good 好 / fairly_good 较好 / "
                                                                         "average 一般 / poor 差")
    meeting_score: str | None = Field(None, max_length=8, description="党建工作例会测评得分")
    supervision_score: str | None = Field(None, max_length=8, description="巡回督导考评得分")


class EntryOut(Schema):
    id: int
    org: OrgRef
    round: int
    secretary_name: str
    sections: list[dict]
    report_file_name: str = Field(description="上传的述职报告文件名；未上传为空")
    submitted_on: datetime.date | None
    late: bool
    present: int | None
    counts: dict[str, int]
    poll_score: Decimal | None
    meeting_score: Decimal | None
    supervision_score: Decimal | None
    composite: Decimal | None
    grade: str
    grade_label: str


class CommentIn(Schema):
    model_config = {"extra": "forbid"}

    text: str = Field(..., max_length=4000, description="点评意见")


class CommentOut(Schema):
    id: int
    entry: int
    text: str
    rectification_item_id: int | None


class RectifyIn(Schema):
    model_config = {"extra": "forbid"}

    deadline: datetime.date = Field(..., description="整改期限")
    owner_name: str = Field("", max_length=60, description="责任人；不填为述职的书记")


class ItemOut(Schema):
    id: int
    number: int
    problem: str
    owner_name: str
    deadline: datetime.date


def _ref(org: PartyOrg) -> dict:
    return {"id": org.pk, "name": org.name}


def _org(user, pk: int) -> PartyOrg:
    return get_visible_or_404(PartyOrg.objects.visible_to(user).filter(is_active=True), pk=pk)


def _entry(user, pk: int) -> DutyEntry:
    return get_visible_or_404(DutyEntry.objects.visible_to(user).select_related("org", "round__org"), pk=pk)


def _entry_out(e: DutyEntry) -> dict:
    return {"id": e.pk, "org": _ref(e.org), "round": e.round_id, "secretary_name": e.secretary_name,
            "sections": e.sections or [], "report_file_name": e.report_file_name, "submitted_on": e.submitted_on, "late": e.late, "present": e.present,
            "counts": e.counts(), "poll_score": e.poll_score, "meeting_score": e.meeting_score,
            "supervision_score": e.supervision_score, "composite": e.composite, "grade": e.grade,
            "grade_label": e.get_grade_display() if e.grade else ""}


def _comment(c: DutyComment) -> dict:
    return {"id": c.pk, "entry": c.entry_id, "text": c.text, "rectification_item_id": c.rectification_item_id}


@router.post("/duty-reviews/", response={201: RoundOut, **error_responses(404)}, url_name="duty_review_open",
             summary="开展书记抓党建述职评议（县、市级教育党（工）委）：其下学校党组织的书记应在截止日期前提交述职报告")
def open_round(request, payload: RoundIn):
    org = _org(request.auth, payload.org)
    made = services.open_round(org, acting_user=request.auth, **payload.model_dump(exclude={"org"}))
    round_ = DutyRound.objects.select_related("org").get(pk=made.pk)
    return 201, {"id": round_.pk, "org": _ref(round_.org), "kind": round_.kind, "kind_label": round_.get_kind_display(),
                 "year": round_.year, "deadline": round_.deadline, "meeting_on": round_.meeting_on, "note": round_.note,
                 "entries": round_.entries.count()}


@router.post("/duty-reviews/settings", response={201: SettingOut, **error_responses(404)},
             url_name="duty_review_settings",
             summary="设定述职评议的权重和分数线（自生效日期起适用于本辖区；权重合计 100）")
def set_weights(request, payload: SettingIn):
    org = _org(request.auth, payload.org)
    setting = assessment.set_weights(org, acting_user=request.auth, **payload.model_dump(exclude={"org"}))
    return 201, {"id": setting.pk, "org": _ref(org), "effective_from": setting.effective_from}


@router.put("/duty-reviews/entries/{int:id}/report", response=EntryOut, url_name="duty_report_save",
            summary="书记本人保存或提交述职报告（逐部分；Word 文档见 …/report/file）；提交后不再修改")
def save_report(request, payload: ReportIn, id: int = Id):
    entry = services.save_report(_entry(request.auth, id), sections=[s.model_dump() for s in payload.sections],
                                 submit=payload.submit, acting_user=request.auth)
    return _entry_out(_entry(request.auth, entry.pk))


class ReportFileIn(Schema):
    submit: bool = Field(False, description="true 为上传后即提交")


@router.post("/duty-reviews/entries/{int:id}/report/file", response=EntryOut, url_name="duty_report_file_api",
             summary="书记本人上传述职报告 Word 文档（multipart：file、submit），经与页面相同的上传检查")
def upload_report(request, file: File[UploadedFile], form: Form[ReportFileIn], id: int = Id):
    entry = services.save_report(_entry(request.auth, id), file=file, submit=form.submit, acting_user=request.auth)
    return _entry_out(_entry(request.auth, entry.pk))


@router.post("/duty-reviews/entries/{int:id}/report/draft", response=EntryOut, url_name="duty_report_draft_api",
             summary="由系统数据生成述职报告初稿（书记本人；保存为草稿，核对修改后再提交）")
def draft_report(request, id: int = Id):
    services.draft_from_system(_entry(request.auth, id), acting_user=request.auth)
    return _entry_out(_entry(request.auth, id))


@router.put("/duty-reviews/entries/{int:id}/assessment", response=EntryOut, url_name="duty_assessment_save",
            summary="登记述职测评票数和过程考评得分（开展述职评议的上级党组织）；综合得分和评定随之计算")
def record_assessment(request, payload: AssessmentIn, id: int = Id):
    entry = _entry(request.auth, id)
    assessment.record_assessment(entry, present=payload.present, counts={str(g): n for g, n in payload.counts.items()},
                                 meeting_score=payload.meeting_score, supervision_score=payload.supervision_score,
                                 acting_user=request.auth)
    return _entry_out(_entry(request.auth, id))


@router.post("/duty-reviews/entries/{int:id}/comments", response={201: CommentOut}, url_name="duty_comment_create",
             summary="填写点评意见（开展述职评议的上级党组织）")
def add_comment(request, payload: CommentIn, id: int = Id):
    return 201, _comment(assessment.add_comment(_entry(request.auth, id), payload.text, acting_user=request.auth))


@router.post("/duty-reviews/comments/{int:id}/rectification", response={201: ItemOut},
             url_name="duty_comment_rectification",
             summary="将点评意见列入学校的整改台账（来源：述职评议）；再次提交返回原事项")
def rectify_comment(request, payload: RectifyIn, id: int = Id):
    comment = get_visible_or_404(DutyComment.objects.visible_to(request.auth).select_related("entry__round__org",
                                                                                             "entry__org"), pk=id)
    item = assessment.rectify_comment(comment, deadline=payload.deadline, owner_name=payload.owner_name,
                                      acting_user=request.auth)
    return 201, {"id": item.pk, "number": item.number, "problem": item.problem, "owner_name": item.owner_name,
                 "deadline": item.deadline}
