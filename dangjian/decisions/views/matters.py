"""Pages of 议事决策 about matters: the list, a new matter, a matter with its timeline and the
next allowed transitions, execution reports, the execution board and "my assigned decisions".

Thin views: reads through selectors, writes through services; the order of checks is the
platform's — out of scope 404, in scope without the right 403, a refused rule 422 with the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.decisions import selectors, services
from dangjian.decisions.forms import MatterForm, ReportForm, TaskForm, TransitionForm
from dangjian.decisions.models import Matter
from dangjian.decisions.rules import BY_EDGE, CATEGORIES, STATE_ORDER, Category, State, Verdict
from dangjian.orgs.current import org_for
from dangjian.orgs.models import SCHOOL_ORG_KINDS, PartyOrg

PAGE_SIZE = 50


def decisions_org(request, action: str = Action.DECISIONS_VIEW) -> PartyOrg:
    return org_for(request, request.GET.get("org"), action)


def visible_matter(request, pk: int) -> Matter:
    return get_visible_or_404(Matter.objects.visible_to(request.user).select_related("org", "owner"), pk=pk)


def matter_list(request):
    """议题 of the subtree, filtered by state, category, 三重一大 and title."""
    org = decisions_org(request)
    f = {k: (request.GET.get(k) or "").strip() for k in ("state", "category", "major", "q")}
    if f["state"] and f["state"] not in State.values or f["category"] and f["category"] not in Category.values:
        raise Http404("没有这个筛选条件")
    today = timezone.localdate()
    qs = selectors.matters_in(request.user, org, **f)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in f.items() if v)
    return render(request, "decisions/matters.html", {
        "org": org, "page_obj": page, "matters": [selectors.mark(m, today) for m in page.object_list],
        "filters": f, "states": State.choices, "categories": Category.choices,
        "counts": selectors.state_counts(request.user, org), "querystring": f"org={org.pk}&{query}&" if query else f"org={org.pk}&",
        "can_propose": scope_of(request.user).allows(Action.DECISIONS_PROPOSE, org.path),
    })


def _orgs_to_propose(request):
    return list(PartyOrg.objects.visible_to(request.user, Action.DECISIONS_PROPOSE)
                .filter(kind__in=SCHOOL_ORG_KINDS, is_active=True).order_by("path")[:500])


def matter_new(request):
    """提出议题 (a draft)."""
    require(request, Action.DECISIONS_PROPOSE)
    orgs = _orgs_to_propose(request)
    form = MatterForm(request.POST or None, orgs=orgs, staff=_staff_of(request, orgs),
                      initial={"raised_on": timezone.localdate().isoformat()})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            org = next(o for o in orgs if str(o.pk) == data["org"])
            try:
                matter = services.create_matter(org, title=data["title"], category=data["category"],
                                                amount=data["amount"], background=data["background"],
                                                raised_on=data["raised_on"], persons=data["persons"],
                                                acting_user=request.user)
            except RuleViolation as violation:
                form.add_violation(violation)
            else:
                messages.success(request, f"已提出议题“{matter.title}”。下一步：提交校长办公会研究。")
                return redirect("decisions:matter", pk=matter.pk)
        return render(request, "decisions/matter_new.html", {"form": form}, status=422)
    return render(request, "decisions/matter_new.html", {"form": form})


def _staff_of(request, orgs) -> list:
    """The current staff of the schools of the organizations one may propose for (涉及人员)."""
    from dangjian.decisions.services.matters import ancestor_paths
    from dangjian.staff.models import StaffMember

    paths = {a for o in orgs for a in ancestor_paths(o.path)}
    if not paths:
        return []
    return list(StaffMember.objects.visible_to(request.user, Action.DECISIONS_PROPOSE).current()
                .filter(school__party_org__path__in=paths).select_related("school")
                .order_by("school__name", "name")[:2000])


EVENT_LABELS = {(t.source, t.target): t.label for t in BY_EDGE.values()}


def _timeline(matter: Matter) -> list[dict]:
    from dangjian.decisions.rules import FIELD_LABELS

    out = []
    for e in matter.events.select_related("actor").order_by("occurred_on", "id"):
        label = EVENT_LABELS.get((e.source, e.target), "提出议题" if e.target == State.DRAFT else State(e.target).label)
        lines = [f"{FIELD_LABELS.get(k, '说明' if k == 'note' else k)}：{v}" for k, v in e.facts.items()
                 if k in FIELD_LABELS or k == "note"]
        if "for" in e.facts:
            lines.append(f"赞成 {e.facts['for']}、反对 {e.facts.get('against', 0)}、弃权 {e.facts.get('abstain', 0)}"
                         + (f"，回避 {e.facts['recused']} 人" if e.facts.get("recused") else ""))
        out.append({"event": e, "label": label, "lines": lines, "meeting": e.facts.get("meeting"),
                    "by": (e.actor.display_name or e.actor.username) if e.actor else "系统"})
    return out


def matter_detail(request, pk: int, forms: dict | None = None, report_form=None, task_form=None, status: int = 200):
    """A matter: its facts, timeline, decisions, reports and what may happen next."""
    matter = visible_matter(request, pk)
    today = timezone.localdate()
    allowed = services.allowed_transitions(matter, request.user)
    forms = forms or {}
    for t in allowed:
        forms.setdefault(t.target, TransitionForm(transition=t, initial={"occurred_on": today.isoformat()},
                                                  prefix=t.target))
    can_report = bool(matter.state == State.EXECUTING and services.may(request.user, BY_EDGE[(State.EXECUTING, State.CLOSED)], matter))
    threshold, citation = services.threshold_for(matter.org, matter.raised_on)
    timeline = _timeline(matter)
    tasks = list(matter.tasks.all())
    return render(request, "decisions/matter.html", {
        "path": _path(matter, {t["event"].target for t in timeline}),
        "matter": selectors.mark(matter, today), "timeline": timeline, "info": CATEGORIES[matter.category],
        "threshold": threshold, "threshold_citation": citation,
        "transitions": [(t, forms[t.target]) for t in allowed],
        "items": matter.agenda_items.select_related("meeting").order_by("meeting__held_on"),
        "reports": matter.reports.select_related("reported_by", "task"), "Verdict": Verdict,
        "tasks": [(t, t.overdue_on(today)) for t in tasks],
        "report_form": report_form or (ReportForm(initial={"reported_on": today.isoformat(), "progress": matter.progress},
                                                  tasks=tasks) if can_report else None),
        "task_form": task_form or (TaskForm(initial={"deadline": matter.deadline}) if can_report else None),
        "expenditures": matter.expenditures.order_by("paid_on"), "attachments": matter.attachments.all(),
        "can_act": services.may_act(request.user, matter),
    }, status=status)


def _path(matter: Matter, reached: set[str]) -> list[dict]:
    """The states in their order, those reached marked, the current one highlighted."""
    states = [s for s in STATE_ORDER if s != State.REPORTED or matter.needs_report_back]
    out = [{"label": State(s).label, "css": "now" if s == matter.state else "done" if s in reached else ""}
           for s in states]
    if matter.state not in states:
        out.append({"label": State(matter.state).label, "css": "now"})
    return out


@require_POST
def transition(request, pk: int):
    matter = visible_matter(request, pk)
    if not services.may_act(request.user, matter):
        raise PermissionDenied("您的职务不含办理议题的权限")
    to = request.POST.get("to") or ""
    edge = next((t for t in services.allowed_transitions(matter) if t.target == to), None)
    if edge is None:
        messages.error(request, "当前状态不能办理该环节，请刷新页面后重试。")
        return redirect("decisions:matter", pk=pk)
    if not services.may(request.user, edge, matter):
        raise PermissionDenied(f"您的职务不含“{Action(edge.action).label}”的权限")
    form = TransitionForm(request.POST, transition=edge, prefix=to)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.transition(matter, to, occurred_on=data.pop("occurred_on"), facts=data, acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已办理：{edge.label}。")
            return redirect("decisions:matter", pk=pk)
    return matter_detail(request, pk, forms={to: form}, status=422)


@require_POST
def report(request, pk: int):
    matter = visible_matter(request, pk)
    tasks = list(matter.tasks.all())

    def save(data):
        task = next((t for t in tasks if str(t.pk) == data.get("task")), None)
        return services.report_progress(matter, reported_on=data["reported_on"], progress=data["progress"],
                                        text=data["text"], evidence=data["evidence"], task=task,
                                        acting_user=request.user)

    return _execution_form(request, matter, ReportForm(request.POST, tasks=tasks), "report_form", save,
                           lambda report: f"已登记执行情况：进度 {report.progress}%。",
                           "只有责任人或组织执行的负责人可以报告执行情况")


@require_POST
def task_add(request, pk: int):
    """分解任务: a part of the decision's execution with its own owner and deadline."""
    matter = visible_matter(request, pk)
    return _execution_form(request, matter, TaskForm(request.POST), "task_form",
                           lambda data: services.add_task(matter, acting_user=request.user, **data),
                           lambda task: f"已分解任务：{task.title}。", "只有责任人或组织执行的负责人可以分解任务")


def _execution_form(request, matter, form, name: str, save, done, denied: str):
    """A form of the execution card: the service judges and its refusal lands next to the field
    (422); an invalid form from someone who may not execute is 403, as the service would say."""
    if form.is_valid():
        try:
            result = save(form.cleaned_data)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, done(result))
            return redirect("decisions:matter", pk=matter.pk)
    elif not services.may(request.user, BY_EDGE[(State.EXECUTING, State.CLOSED)], matter):
        raise PermissionDenied(denied)
    return matter_detail(request, matter.pk, status=422, **{name: form})


@require_POST
def attachment_add(request, pk: int):
    """上传议题材料: refused with the reason on the page, nothing stored."""
    matter = visible_matter(request, pk)
    if not services.may_act(request.user, matter):
        raise PermissionDenied("您的职务不含办理议题的权限")
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise RuleViolation("请选择要上传的文件", field="file")
        services.add_attachment(matter, upload, acting_user=request.user)
    except RuleViolation as refusal:
        messages.error(request, f"未上传：{refusal.message}")
        return matter_detail(request, pk, status=422)
    messages.success(request, f"已上传材料：{upload.name}")
    return redirect("decisions:matter", pk=pk)


def attachment(request, pk: int):
    """A matter's document, for whoever may see the matter (404 otherwise, like a missing one)."""
    from pathlib import Path

    from django.http import FileResponse

    from dangjian.core.exports import content_disposition
    from dangjian.core.uploads import KIND_MIME, upload_root
    from dangjian.decisions.models import MatterAttachment

    item = get_visible_or_404(MatterAttachment.objects.filter(matter__in=Matter.objects.visible_to(request.user)), pk=pk)
    path = Path(item.path)
    if upload_root().resolve() not in path.resolve().parents or not path.exists():
        raise Http404("未找到该记录")
    response = FileResponse(open(path, "rb"), content_type=KIND_MIME[item.file_kind])  # noqa: SIM115 - closed by Django
    response["Content-Disposition"] = content_disposition(item.name, f"matter-{item.pk}{path.suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def execution(request):
    """执行情况: decisions being executed in the subtree, overdue first."""
    org = decisions_org(request)
    today = timezone.localdate()
    qs = selectors.matters_in(request.user, org, state=State.EXECUTING).order_by("deadline", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/execution.html", {
        "org": org, "page_obj": page, "matters": [selectors.mark(m, today) for m in page.object_list],
        "querystring": f"org={org.pk}&", "mine": False,
        "overdue": qs.filter(deadline__lt=today).count(),
    })


def mine(request):
    """我负责执行的决定: whatever school, the matters assigned to this user."""
    require(request, Action.DECISIONS_VIEW)
    today = timezone.localdate()
    qs = (Matter.objects.visible_to(request.user).filter(owner=request.user)
          .select_related("org").order_by("state", "deadline", "pk"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/execution.html", {
        "page_obj": page, "matters": [selectors.mark(m, today) for m in page.object_list], "querystring": "",
        "mine": True, "overdue": qs.filter(state=State.EXECUTING, deadline__lt=today).count(),
    })
