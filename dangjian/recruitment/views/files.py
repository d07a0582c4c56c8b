"""Pages of 发展党员: the board of an organization's subtree by stage, the due list of the
higher committee, opening a file, a file's timeline and the step form.

Thin views: reads through dangjian.recruitment.selectors, writes through services.open_file and
services.record_step, whose RuleViolation (Chinese, with its rule) lands next to its field. The
order of checks: an object outside the user's scope is a 404 (like one that does not exist);
in scope without the right a 403; a refused step a 422 with the form and the rule.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.orgs.current import org_for
from dangjian.orgs.models import PartyOrg
from dangjian.recruitment import progress, selectors, services
from dangjian.recruitment import rules as R
from dangjian.recruitment.exports import ROSTER_TITLES
from dangjian.recruitment.forms import OpenFileForm, StepForm
from dangjian.recruitment.materials import available
from dangjian.recruitment.models import FileState, RecruitmentFile
from dangjian.recruitment.rules import MATERIALS, STAGE_SHORT, STEP_BY_CODE, STEPS, Stage
from dangjian.staff.rules import ethics as ethics_rules
from dangjian.staff.services import ethics

PAGE_SIZE = 50
ON_BOARD = 12   # files shown per stage column; the column links to the full list



def recruitment_org(request, raw=None, action: str = Action.RECRUITMENT_VIEW) -> PartyOrg:
    """The organization a recruitment page is about (see dangjian.orgs.current.org_for)."""
    return org_for(request, raw, action)


def visible_file(request, pk: int) -> RecruitmentFile:
    return get_visible_or_404(RecruitmentFile.objects.visible_to(request.user).select_related("org", "member"), pk=pk)


# --- the board and the due list -----------------------------------------------------------

def board(request):
    """发展党员看板: open files of the subtree in five columns (the five stages)."""
    org = recruitment_org(request, request.GET.get("org"))
    today = timezone.localdate()
    stage = request.GET.get("stage") or ""
    if stage and stage not in Stage.values:
        raise Http404("没有这个阶段")
    counts, states = selectors.file_counts(request.user, org)
    context = {"org": org, "today": today, "counts": counts, "states": states,
               "can_manage": scope_of(request.user).allows(Action.RECRUITMENT_MANAGE, org.path),
               "stage": stage, "stage_label": Stage(stage).label if stage else "",
               "can_export": scope_of(request.user).allows(Action.EXPORT, org.path),
               "roster_title": ROSTER_TITLES[stage],
               "year": today.year}
    plan = selectors.plan_vs_actual(request.user, org, today.year)
    context.update(plan=plan, plan_progress=selectors.progress_rows(plan),
                   year_figures=selectors.year_figures(request.user, org, today.year, plan))
    if stage:
        page = Paginator(selectors.files_in(request.user, org, stage=stage), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page_obj=page, files=[selectors.mark(f, today) for f in page.object_list],
                       querystring=f"org={org.pk}&stage={stage}&")
    else:
        columns = []
        on_board = selectors.board_files(request.user, org, ON_BOARD)
        for value, label in Stage.choices:
            files = on_board[value]
            columns.append({"stage": value, "label": label, "short": STAGE_SHORT[value], "count": counts[value],
                            "files": [selectors.mark(f, today) for f in files]})
        context["columns"] = columns
    return render(request, "recruitment/board.html", context)


def due(request):
    """期限提醒: open files whose next deadline has passed or comes within 30 days."""
    org = recruitment_org(request, request.GET.get("org"))
    today = timezone.localdate()
    page = Paginator(selectors.due_files(request.user, org, today), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "recruitment/due.html", {
        "org": org, "today": today, "page_obj": page, "files": [selectors.mark(f, today) for f in page.object_list],
        "querystring": f"org={org.pk}&", "within": selectors.DUE_SOON_DAYS,
    })


# --- opening a file ---------------------------------------------------------------------------

def _orgs_to_open(request):
    scope = scope_of(request.user)
    qs = PartyOrg.objects.visible_to(request.user, Action.RECRUITMENT_MANAGE).filter(
        kind__in=services.MEMBER_ORG_KINDS, is_active=True)
    return list(qs.order_by("path")[:500]) if scope.allows(Action.RECRUITMENT_MANAGE) else []


def open_file(request):
    """登记入党申请: step 01 of a new file."""
    require(request, Action.RECRUITMENT_MANAGE)
    orgs = _orgs_to_open(request)
    form = OpenFileForm(request.POST or None, orgs=orgs, initial={"applied_on": timezone.localdate().isoformat()})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            org = next(o for o in orgs if str(o.pk) == data["org"])
            try:
                file = services.open_file(org=org, name=data["name"], id_number=data["id_number"],
                                          applied_on=data["applied_on"], unit=data["unit"], note=data["note"],
                                          acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已建立{file.name}的发展党员档案。下一步：{file.next_step.label}。")
                return redirect("recruitment:file", pk=file.pk)
        return render(request, "recruitment/open.html", {"form": form, "rule": R.R_AGE}, status=422)
    return render(request, "recruitment/open.html", {"form": form, "rule": R.R_AGE})


# --- a file and its steps ---------------------------------------------------------------------

def _allowed(request, file, records) -> list[str]:
    if file.state != FileState.OPEN:
        return []
    codes = [c for c in [file.next_code, *progress.repeatable_now(records)] if c]
    return [c for c in dict.fromkeys(codes) if services.can_record(request.user, file, c)]


def render_file(request, file: RecruitmentFile, *, form: StepForm | None = None, status: int = 200):
    today = timezone.localdate()
    records = list(file.steps.select_related("recorded_by").order_by("occurred_on", "id"))
    allowed = _allowed(request, file, records)
    chosen = form.step.code if form else (request.GET.get("step") if request.GET.get("step") in allowed else None)
    chosen = chosen or (allowed[0] if allowed else None)
    if form is None and chosen:
        form = StepForm(file=file, step=STEP_BY_CODE[chosen], user=request.user,
                        initial={"occurred_on": today.isoformat()})
    limits = services.effective_limits(file.org)
    items = [{"text": d.text, "citation": d.rule.citation, "overdue": d.kind == "due" and d.due_on < today}
             for d in progress.deadlines(records, limits, file.member)]
    done = {r.code for r in records}
    for r in records:
        r.lines = selectors.describe(r)
    selectors.attach_meetings(records, request.user)
    return render(request, "recruitment/file.html", {
        "file": selectors.mark(file, today), "records": records, "deadlines": items, "today": today,
        "form": form, "allowed": [STEP_BY_CODE[c] for c in allowed],
        "next_is_committees": file.next_code and file.next_code not in allowed and file.state == FileState.OPEN,
        "steps": [{"step": s, "done": s.code in done, "next": s.code == file.next_code} for s in STEPS],
        "materials": [{"name": name, "step": s, "done": s.code in done} for s in STEPS for name in MATERIALS[s.code]],
        "documents": available(records),
        "chosen": STEP_BY_CODE[chosen] if chosen else None,
        "chosen_rules": selectors.rules_of(STEP_BY_CODE[chosen], limits) if chosen else [],
        # 师德一票否决 flags (does not refuse) an applicant who is a teacher with a violation
        "ethics_flags": ethics.vetoes_for_id_index(file.id_number_index, file.member_id, today),
        "ethics_rule": ethics_rules.R_VETO,
    }, status=status)


def file_detail(request, pk: int):
    return render_file(request, visible_file(request, pk))


@require_POST
def record(request, pk: int):
    """登记一个步骤 through services.record_step (the only way a step is recorded)."""
    file = visible_file(request, pk)
    code = request.POST.get("step", "")
    if code not in STEP_BY_CODE:
        raise Http404("没有这个步骤")
    if not services.can_record(request.user, file, code):
        services._require_record(request.user, file, code)
    form = StepForm(request.POST, file=file, step=STEP_BY_CODE[code], user=request.user)
    if form.is_valid():
        facts = form.facts()
        meeting = form.meeting()
        try:
            step_record = services.record_step(file, code, facts, request.user, form.cleaned_data.get("reason"),
                                               **meeting)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            text = f"已登记“{step_record.step.label}”"
            if not step_record.passed:
                messages.warning(request, text + "：结果为未通过，发展程序终止。")
            else:
                messages.success(request, text + "。")
            if "new_meeting_place" in meeting:
                messages.info(request, "已同时在组织生活中登记该次会议，出席人员均按出席记录："
                                       "请在会议记录中核对出席情况、补充会议记录。")
            return redirect("recruitment:file", pk=file.pk)
    return render_file(request, file, form=form, status=422)


def timeline_url(file) -> str:
    return reverse("recruitment:file", kwargs={"pk": file.pk})


# --- rosters ----------------------------------------------------------------------------------

def roster_xlsx(request):
    """入党申请人 / 积极分子 / 发展对象名册 (xlsx) of a subtree: names, so it needs the export right
    as well; throttled and audited like every export."""
    import tempfile

    from dangjian.core import audit
    from dangjian.core import exports as shared_exports
    from dangjian.core.exports import ExportFile, ExportThrottled
    from dangjian.recruitment.exports import roster_xlsx as write_roster

    org = recruitment_org(request, request.GET.get("org"))
    require(request, Action.EXPORT, org.path)
    stage = request.GET.get("stage") or ""
    if stage not in ROSTER_TITLES:
        raise Http404("没有这个阶段")
    try:
        shared_exports.throttle(request.user, "recruitment.export", org_path=org.path)
    except ExportThrottled as exc:
        response = render(request, "recruitment/problem.html", {"title": "导出过于频繁", "lines": [exc.message]},
                          status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    files = RecruitmentFile.objects.visible_to(request.user).filter(org__path__startswith=org.path)
    if stage:
        files = files.filter(stage=stage)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the FileResponse closes (and so deletes) it
    today = timezone.localdate()
    rows = write_roster(handle, files, org=org, stage=stage, made_on=today)
    handle.seek(0)
    audit.record("recruitment.export", org_path=org.path,
                 changes={"kind": "roster", "stage": stage, "rows": rows, "format": "xlsx"})
    return ExportFile(f"{org.name}_{ROSTER_TITLES[stage]}_{today:%Y%m%d}.xlsx", f"recruitment-roster-{stage or 'all'}.xlsx",
                      handle, rows).response()
