"""The steps of a 组织生活会, each a form posted from the process page (or a page of its own for the
longer ones: a material, holding the meeting, one participant's 批评与自我批评). On success a
redirect back to the process page; refused, the page again (422) with the reason next to the form.
The right is checked first (orglife.manage: 403), after the scope (404)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404
from dangjian.orglife.forms import ATTENDANCE_CHOICES, PRESENT, attendance_lines
from dangjian.orglife.models import Meeting
from dangjian.orgs.models import PartyOrg
from dangjian.supervision.forms.lifemeeting import (
    CriticismForm,
    HoldForm,
    MaterialForm,
    OpinionForm,
    ReviewForm,
    StudyForm,
    SummaryForm,
    TalkHeldForm,
    TalkPlanForm,
)
from dangjian.supervision.models.lifemeeting import Criticism, ReviewMaterial, TalkPair
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors import lifemeeting as S
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_materials as materials
from dangjian.supervision.services import lifemeeting_meeting as meeting
from dangjian.supervision.views.lifemeeting import life_of, page_context


def _back(life, anchor: str = ""):
    return redirect(reverse("supervision:life_detail", args=[life.pk]) + (f"#{anchor}" if anchor else ""))


def _again(request, life, **forms):
    return render(request, "supervision/lifemeeting/detail.html", page_context(request, life, **forms), status=422)


def _managed(request, pk):
    life = life_of(request, pk)
    require(request, Action.ORGLIFE_MANAGE, life.org.path)
    return life


def _people(life):
    return [e.member for e in S.participants(life)]


# --- 学习研讨, 征求意见, 谈心谈话 -----------------------------------------------------------------

def _step(request, life, form, name: str, action, done: str, anchor: str):
    """A preparation form posted from the process page: the service on success (back to the page
    at `anchor`), else the page again with the form (as `name`) and its reason."""
    if form.is_valid():
        try:
            action(life, acting_user=request.user, **form.cleaned_data)
        except RuleViolation as refusal:
            form.add_violation(refusal)
        else:
            messages.success(request, done)
            return _back(life, anchor)
    return _again(request, life, **{name: form})


@require_POST
def study(request, pk):
    life = _managed(request, pk)
    return _step(request, life, StudyForm(request.POST), "study_form", prep.record_study, "已登记学习研讨", "study")


@require_POST
def opinion(request, pk):
    life = _managed(request, pk)
    return _step(request, life, OpinionForm(request.POST, people=_people(life)), "opinion_form", prep.record_opinion,
                 "已登记征求到的意见", "opinions")


@require_POST
def summary(request, pk):
    life = _managed(request, pk)
    return _step(request, life, SummaryForm(request.POST), "summary_form", prep.summarize_opinions,
                 "已保存征求意见汇总", "opinions")


@require_POST
def talk_plan(request, pk):
    life = _managed(request, pk)
    return _step(request, life, TalkPlanForm(request.POST, people=_people(life)), "talk_form", prep.plan_talk,
                 "已安排谈心谈话", "talks")


@require_POST
def talk_held(request, pk):
    pair = get_visible_or_404(TalkPair.objects.visible_to(request.user).select_related("life__org"), pk=pk)
    life = _managed(request, pair.life_id)
    form = TalkHeldForm(request.POST)
    if form.is_valid():
        try:
            prep.record_talk(pair, acting_user=request.user, **form.cleaned_data)
        except RuleViolation as refusal:
            form.add_violation(refusal)
        else:
            messages.success(request, "已登记谈心谈话")
            return _back(life, "talks")
    return _again(request, life, talk_held_form=form, talk_held_pair=pair.pk)


# --- 对照检查材料 --------------------------------------------------------------------------------

def material(request, pk):
    """Write a participant's material (?member=<id>) or the leadership's (no member)."""
    life = _managed(request, pk)
    raw = request.POST.get("member") if request.method == "POST" else request.GET.get("member")
    people = {m.pk: m for m in _people(life)}
    person = people.get(int(raw)) if str(raw or "").isdigit() else None
    current = ReviewMaterial.objects.filter(life=life, member=person).prefetch_related("problems").first()
    status = 200
    if request.method == "POST":
        form = MaterialForm(request.POST)
        if form.is_valid():
            try:
                written = materials.write_material(life, member=raw or None, causes=form.cleaned_data["causes"],
                                                   commitments=form.cleaned_data["commitments"],
                                                   problems=form.problem_rows(), acting_user=request.user)
                if request.POST.get("submit"):
                    materials.submit_material(written, acting_user=request.user)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, f"已保存{written.owner_label}的对照检查材料"
                                          + ("并提交审核" if request.POST.get("submit") else ""))
                return _back(life, "materials")
        status = 422
    else:
        initial = {}
        if current is not None:
            initial = {"causes": current.causes, "commitments": current.commitments}
            for problem in current.problems.all():
                initial.update({f"problem-{problem.sequence}": problem.problem,
                                f"measures-{problem.sequence}": problem.measures,
                                f"deadline-{problem.sequence}": problem.deadline})
        rows = max(5, current.problems.count() + 1) if current is not None else 5
        form = MaterialForm(initial=initial, rows=rows)
    return render(request, "supervision/lifemeeting/material.html", {
        "life": life, "org": life.org, "form": form, "person": person, "member_raw": raw or "", "material": current,
        "summary": life.opinion_summary, "opinions": life.opinions.filter(addressed_to=person) if person else
        life.opinions.filter(addressed_to__isnull=True)}, status=status)


def _material(request, pk) -> ReviewMaterial:
    return get_visible_or_404(ReviewMaterial.objects.visible_to(request.user).select_related("life__org", "member"),
                              pk=pk)


@require_POST
def material_submit(request, pk):
    item = _material(request, pk)
    life = _managed(request, item.life_id)
    try:
        materials.submit_material(item, acting_user=request.user)
    except RuleViolation as refusal:
        return _again(request, life, material_error=f"{refusal.message}。依据：{refusal.rule or R.R_APPROVAL}")
    messages.success(request, f"已提交{item.owner_label}的对照检查材料，等待审核")
    return _back(life, "materials")


@require_POST
def material_review(request, pk):
    item = _material(request, pk)
    life = _managed(request, item.life_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _again(request, life, material_error="请选择审核意见")
    try:
        if form.cleaned_data["decision"] == "approve":
            materials.approve_material(item, acting_user=request.user)
        else:
            materials.return_material(item, reason=form.cleaned_data["reason"], acting_user=request.user)
    except RuleViolation as refusal:
        return _again(request, life, material_error=f"{refusal.message}。依据：{refusal.rule or R.R_APPROVAL}")
    messages.success(request, f"{item.owner_label}的对照检查材料"
                              + ("已审核通过" if form.cleaned_data["decision"] == "approve" else "已退回修改"))
    return _back(life, "materials")


# --- the meeting ---------------------------------------------------------------------------------

def _attendance_rows(life, day, current: dict) -> list[dict]:
    rows = []
    for expected in S.participants(life, day):
        value, note = current.get(expected.member.pk, (PRESENT, ""))
        rows.append({"member": expected.member, "can_vote": expected.can_vote, "value": value, "note": note})
    return rows


def hold(request, pk):
    """Hold the meeting: its record (date, place, attendance, minutes) written through orglife,
    with the 列席指导 and the leaders attending as ordinary members."""
    life = _managed(request, pk)
    today = timezone.localdate()
    people = _people(life)
    above = PartyOrg.objects.filter(path__in=[life.org.path[:i] for i in range(
        PartyOrg.steplen, len(life.org.path), PartyOrg.steplen)]).order_by("-depth")
    leaders = S.branch_leaders(life.org, life.planned_on) if life.kind == R.Kind.LIFE_MEETING else []
    # records of the meeting already entered in organizational life, not yet part of a process
    records = Meeting.objects.filter(org=life.org, kind=life.kind, held_on__year=life.year,
                                     life_process__isnull=True).order_by("-held_on")
    status = 200
    if request.method == "POST":
        form = HoldForm(request.POST, people=people, above=above, leaders=leaders, records=records)
        if form.is_valid():
            data = form.cleaned_data
            members = {str(m.pk): m for m in people}
            try:
                meeting.hold(life, meeting=data["meeting"] or None, held_on=data["held_on"], place=data["place"],
                             host=members.get(data["host"]),
                             recorder=members.get(data["recorder"]), minutes=data["minutes"],
                             attendance=attendance_lines(request.POST), observer_name=data["observer_name"],
                             observer_org=data["observer_org"], dual_life=data["dual_life"],
                             acting_user=request.user)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, "已登记召开：会议记录和出席情况在组织生活记录中")
                return _back(life, "meeting")
        status = 422
        current = {line.member_id: (PRESENT if line.present else line.absence_reason, line.note)
                   for line in attendance_lines(request.POST)}
        day = form.cleaned_data.get("held_on") if hasattr(form, "cleaned_data") else None
        rows = _attendance_rows(life, day or life.planned_on, current)
    else:
        form = HoldForm(initial={"held_on": min(life.planned_on, today), "place": "党员活动室",
                                 "dual_life": [leader.member.pk for leader in leaders]},
                        people=people, above=above, leaders=leaders, records=records)
        rows = _attendance_rows(life, min(life.planned_on, today), {})
    in_force = S.rules_for(life.org, life.kind, min(life.planned_on, today))
    return render(request, "supervision/lifemeeting/hold.html", {
        "life": life, "org": life.org, "form": form, "rows": rows, "choices": ATTENDANCE_CHOICES,
        "checks": S.readiness(life, today) if life.stage == R.Stage.PREPARING else [], "in_force": in_force,
        "leaders": leaders, "dual_rule": R.R_DUAL_LIFE}, status=status)


def criticism(request, pk):
    """One participant's 批评与自我批评 (?subject=<id>): their self-criticism, the criticism of others
    present, their 表态."""
    life = _managed(request, pk)
    raw = request.POST.get("subject") if request.method == "POST" else request.GET.get("subject")
    present = ([a.member for a in life.meeting.attendance.filter(present=True).select_related("member")
                .order_by("member__name")] if life.meeting_id else [])
    subject = next((m for m in present if str(m.pk) == str(raw)), None)
    critics = [m for m in present if subject is None or m.pk != subject.pk]
    status = 200
    if request.method == "POST":
        form = CriticismForm(request.POST, critics=critics)
        if form.is_valid():
            try:
                meeting.record_criticism(life, subject=raw, self_criticism=form.cleaned_data["self_criticism"],
                                         criticisms=form.criticism_rows(), response=form.cleaned_data["response"],
                                         acting_user=request.user)
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, f"已登记{subject.name if subject else ''}的批评与自我批评")
                return _back(life, "criticism")
        status = 422
    else:
        rows = list(Criticism.objects.filter(life=life, subject=subject)) if subject else []
        initial = {"self_criticism": next((r.content for r in rows if r.kind == R.CriticismKind.SELF), ""),
                   "response": next((r.content for r in rows if r.kind == R.CriticismKind.RESPONSE), "")}
        for index, row in enumerate([r for r in rows if r.kind == R.CriticismKind.MUTUAL], start=1):
            initial.update({f"critic-{index}": row.critic_id, f"content-{index}": row.content})
        form = CriticismForm(initial=initial, critics=critics,
                             rows=max(4, sum(1 for r in rows if r.kind == R.CriticismKind.MUTUAL) + 1))
    return render(request, "supervision/lifemeeting/criticism.html", {
        "life": life, "org": life.org, "form": form, "subject": subject, "subject_raw": raw or "",
        "rule": R.R_CRITICISM}, status=status)


@require_POST
def rectify(request, pk):
    """The problems onto the 整改台账 (deadline-<problem id> fields may set each one's deadline)."""
    life = _managed(request, pk)
    deadlines = {key[9:]: value for key, value in request.POST.items() if key.startswith("deadline-") and value}
    try:
        batch, items = meeting.rectify(life, deadlines=deadlines, acting_user=request.user)
    except RuleViolation as refusal:
        return _again(request, life, rectify_error=f"{refusal.message}。依据：{refusal.rule}" if refusal.rule
                      else refusal.message)
    messages.success(request, f"已列入整改台账：{batch.title}，共 {len(items)} 项")
    return _back(life, "rectification")


@require_POST
def report(request, pk):
    from dangjian.supervision.forms.lifemeeting import ReportForm

    life = _managed(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            meeting.send_report(life, acting_user=request.user, **form.cleaned_data)
        except RuleViolation as refusal:
            form.add_violation(refusal)
        else:
            messages.success(request, "已报送情况报告")
            return _back(life, "report")
    return _again(request, life, report_form=form)
