"""API of a decision's execution (执行情况), as the matter page's execution card: breaking the
decision into tasks (分解任务) and reporting progress (报告执行情况), through the same services —
only the owner or the organization's executing officers (403 otherwise, as the service says),
only while the matter is being executed, progress never going back (422 naming the rule).

Added to the app's router by dangjian/decisions/api/__init__.py; it returns the matter answer of api/matters.py."""

from __future__ import annotations

import datetime

from ninja import Field, Path, Router, Schema

from dangjian.core.scoping import get_visible_or_404
from dangjian.decisions import services
from dangjian.decisions.api.matters import _detail, _matters
from dangjian.decisions.schemas import MatterDetail
from dangjian.orgs.schemas import MAX_ID

router = Router(tags=["议事决策"])
MatterId = Path(..., ge=1, le=MAX_ID, description="议题编号")


class TaskIn(Schema):
    model_config = {"extra": "forbid"}

    title: str = Field(..., max_length=120, description="任务")
    owner_name: str = Field(..., max_length=60, description="责任人")
    unit: str = Field(..., max_length=60, description="责任部门")
    deadline: datetime.date = Field(..., description="完成期限（不晚于决定的完成期限）")


class ReportIn(Schema):
    model_config = {"extra": "forbid"}

    reported_on: datetime.date = Field(..., description="报告日期")
    progress: int = Field(..., ge=0, le=100, description="进度（%），不低于上次报告")
    text: str = Field(..., max_length=2000, description="执行情况")
    evidence: str = Field("", max_length=300, description="佐证（文件、照片的说明）")
    task: str | None = Field(None, max_length=120, description="分解为任务的，报告的是哪一项任务（任务名称）")


@router.post("/matters/{int:id}/tasks", response={201: MatterDetail}, url_name="decision_matter_task",
             summary="分解任务：责任人、责任部门和完成期限；同名任务、期限晚于决定期限 422")
def add_task(request, payload: TaskIn, id: int = MatterId):
    matter = get_visible_or_404(_matters(request.auth), pk=id)
    services.add_task(matter, acting_user=request.auth, **payload.model_dump())
    return 201, _detail(get_visible_or_404(_matters(request.auth), pk=id), request.auth)


@router.post("/matters/{int:id}/reports", response={201: MatterDetail}, url_name="decision_matter_report",
             summary="报告执行情况（决定或其中一项任务）；进度不能低于上次报告")
def report(request, payload: ReportIn, id: int = MatterId):
    matter = get_visible_or_404(_matters(request.auth), pk=id)
    # The task by its name, among the decision's own: an unknown name is the service's refusal
    # ("请选择报告的是哪一项任务"), as a task of another decision would be.
    task = matter.tasks.filter(title=payload.task).first() if payload.task else None
    services.report_progress(matter, reported_on=payload.reported_on, progress=payload.progress, text=payload.text,
                             evidence=payload.evidence, task=task, acting_user=request.auth)
    return 201, _detail(get_visible_or_404(_matters(request.auth), pk=id), request.auth)
