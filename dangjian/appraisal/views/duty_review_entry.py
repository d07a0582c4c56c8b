"""One secretary's 述职 in a round: the entry page (report, assessment, 点评意见), writing and
submitting the report (sections on screen, a draft from the system's data, or a .docx), the
uploaded file, the committee's 测评 counts and process scores, a comment and putting it on the
school's 整改台账, and the secretary's history over the years."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.appraisal.duty_drafts import duty_report_drafter
from dangjian.appraisal.forms.duty_review import RectifyForm
from dangjian.appraisal.models import DutyComment, DutyEntry
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.selectors.duty_review import history_of, member_count, weights_of_round
from dangjian.appraisal.services import duty_review as services
from dangjian.appraisal.services import duty_review_assessment as assessment
from dangjian.appraisal.views.duty_review import may_assess
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Post
from dangjian.core.scoping import get_visible_or_404
from dangjian.orgs.models import Position


def visible_entry(request, pk: int) -> DutyEntry:
    return get_visible_or_404(DutyEntry.objects.visible_to(request.user).select_related("org", "round__org"), pk=pk)


def is_reporter(request, entry: DutyEntry) -> bool:
    return Position.objects.active_on(timezone.localdate()).filter(org=entry.org, post=Post.SECRETARY,
                                                                   user=request.user).exists()


def _refusal(violation: RuleViolation) -> str:
    return f"{violation.message}。依据：{violation.rule}" if violation.rule else violation.message


def entry_detail(request, pk: int, rectify_forms: dict | None = None, error: str = "", status: int = 200):
    entry = visible_entry(request, pk)
    assess = may_assess(request, entry.round)
    today = timezone.localdate()
    comments = list(DutyComment.objects.visible_to(request.user).filter(entry=entry).order_by("id"))
    forms_by_comment = rectify_forms or {}
    rows = [{"comment": c, "item_url": reverse("supervision:item", args=[c.rectification_item_id])
             if c.rectification_item_id else "",
             "form": forms_by_comment.get(c.pk) or (RectifyForm(prefix=f"r{c.pk}", initial={
                 "deadline": (today + datetime.timedelta(days=90)).isoformat()})
                 if assess and not c.rectification_item_id else None)} for c in comments]
    return render(request, "appraisal/duty_review/entry.html", {
        "entry": entry, "round": entry.round, "weights": weights_of_round(entry.round), "can_assess": assess,
        "is_reporter": is_reporter(request, entry), "comments": rows, "error": error,
        "counts": [(R.Grade(g).label, v) for g, v in entry.counts().items()],
        "rule_comment": R.R_COMMENT, "rule_composite": R.R_COMPOSITE,
    }, status=status)


def report(request, pk: int):
    """The secretary writes the report section by section (or uploads a .docx), saves a draft,
    and submits it; anyone who may see the entry reads it here."""
    entry = visible_entry(request, pk)
    reporter = is_reporter(request, entry)
    error, status = "", 200
    sections = entry.sections or [{"heading": h, "text": ""} for h in R.REPORT_SECTIONS]
    if request.method == "POST":
        raw = str(request.POST.get("count", ""))
        count = min(int(raw), 30) if raw.isdigit() else 0
        sections = [{"heading": request.POST.get(f"h{i}", ""), "text": request.POST.get(f"s{i}", "")}
                    for i in range(count)]
        submit = request.POST.get("action") == "submit"
        try:
            entry = services.save_report(entry, sections=sections, file=request.FILES.get("file"), submit=submit,
                                         acting_user=request.user)
        except RuleViolation as violation:
            error, status = _refusal(violation), 422
        else:
            if submit:
                messages.success(request, "述职报告已提交" + ("（已过截止日期，记为逾期提交）" if entry.late else ""))
                return redirect("appraisal:duty_entry", pk=entry.pk)
            messages.success(request, "已保存草稿")
            return redirect("appraisal:duty_report", pk=entry.pk)
    return render(request, "appraisal/duty_review/report.html", {
        "entry": entry, "round": entry.round, "sections": sections, "error": error,
        "editable": reporter and entry.submitted_on is None, "has_drafter": duty_report_drafter() is not None,
        "overdue": timezone.localdate() > entry.round.deadline, "rule_deadline": R.R_DEADLINE,
        "rule_reporter": R.R_REPORTER,
    }, status=status)


@require_POST
def report_draft(request, pk: int):
    """由系统数据生成初稿: the registered drafter fills the sections, kept as a draft to edit."""
    entry = visible_entry(request, pk)
    try:
        services.draft_from_system(entry, acting_user=request.user)
    except RuleViolation as violation:
        if violation.code != "no_drafter":
            return render(request, "appraisal/duty_review/report.html", {
                "entry": entry, "round": entry.round, "sections": entry.sections, "error": _refusal(violation),
                "editable": False, "has_drafter": False, "rule_deadline": R.R_DEADLINE,
                "rule_reporter": R.R_REPORTER}, status=422)
        messages.error(request, violation.message)
    else:
        messages.success(request, "已由系统数据生成初稿：请逐段核对、修改和补充后再提交")
    return redirect("appraisal:duty_report", pk=entry.pk)


def report_file(request, pk: int):
    """The uploaded .docx, to whoever may see the entry (audited like every export)."""
    entry = visible_entry(request, pk)
    if not entry.report_file:
        raise Http404("没有上传的述职报告文件")
    path = Path(entry.report_file).resolve()
    if not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) or not path.is_file():
        raise Http404("文件不存在")
    audit.record("appraisal.export", target=entry, request=request, changes={"format": "docx"})
    return FileResponse(path.open("rb"), as_attachment=True, filename=entry.report_file_name or "述职报告.docx")


def assess(request, pk: int):
    """登记测评结果: the number present and the votes per grade, and the two process scores."""
    entry = visible_entry(request, pk)
    if not may_assess(request, entry.round):
        raise PermissionDenied(f"述职测评和过程考评由开展述职评议的上级党组织登记。依据：{R.R_OPENER}")
    error, status = "", 200
    values = {"present": entry.present or "", **entry.counts(),
              "meeting_score": entry.meeting_score if entry.meeting_score is not None else "",
              "supervision_score": entry.supervision_score if entry.supervision_score is not None else ""}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        try:
            assessment.record_assessment(entry, present=values["present"], counts={g: values[g] for g in R.GRADES},
                                         meeting_score=values["meeting_score"],
                                         supervision_score=values["supervision_score"], acting_user=request.user)
        except RuleViolation as violation:
            error, status = _refusal(violation), 422
        else:
            messages.success(request, "已保存述职测评和过程考评得分")
            return redirect("appraisal:duty_entry", pk=entry.pk)
    year_end = entry.round.kind == R.Kind.YEAR_END
    return render(request, "appraisal/duty_review/assess.html", {
        "entry": entry, "round": entry.round, "values": values, "error": error,
        "grades": [(g, R.Grade(g).label, values[g]) for g in R.GRADES], "weights": weights_of_round(entry.round),
        "members": member_count(entry.org) if year_end else None, "year_end": year_end,
        "rule_counts": R.R_COUNTS, "rule_process": R.R_PROCESS, "rule_composite": R.R_COMPOSITE,
        "rule_first": R.R_REPORT_FIRST,
    }, status=status)


@require_POST
def comment_add(request, pk: int):
    entry = visible_entry(request, pk)
    if not may_assess(request, entry.round):
        raise PermissionDenied(f"点评意见由开展述职评议的上级党组织填写。依据：{R.R_OPENER}")
    try:
        assessment.add_comment(entry, request.POST.get("text", ""), acting_user=request.user)
    except RuleViolation as violation:
        return entry_detail(request, entry.pk, error=_refusal(violation), status=422)
    messages.success(request, "已添加点评意见")
    return redirect(f"{reverse('appraisal:duty_entry', args=[entry.pk])}#comments")


@require_POST
def comment_rectify(request, pk: int):
    """列入整改台账: the comment becomes an item of the school's ledger (source 述职评议)."""
    comment = get_visible_or_404(DutyComment.objects.visible_to(request.user).select_related("entry__round__org"),
                                 pk=pk)
    if not may_assess(request, comment.entry.round):
        raise PermissionDenied(f"述职评议的整改任务由开展述职评议的上级党组织下达。依据：{R.R_OPENER}")
    form = RectifyForm(request.POST, prefix=f"r{comment.pk}")
    if form.is_valid():
        try:
            item = assessment.rectify_comment(comment, deadline=form.cleaned_data["deadline"],
                                              owner_name=form.cleaned_data["owner_name"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已列入{comment.entry.org.name}的整改台账（第 {item.number} 项）")
            return redirect(f"{reverse('appraisal:duty_entry', args=[comment.entry_id])}#comments")
    return entry_detail(request, comment.entry_id, rectify_forms={comment.pk: form}, status=422)


def history(request, pk: int):
    """The secretary's 述职 over the years (as far as the user may see)."""
    entry = visible_entry(request, pk)
    return render(request, "appraisal/duty_review/history.html", {"entry": entry, "rows": history_of(request.user,
                                                                                                       entry)})
