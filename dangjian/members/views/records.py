"""Pages of the member records: the list, a member's page with its timeline and forms, revealing
the full ID number, new records and records received from outside the system.

Reads start from `Member.objects.visible_to(user)` (out of scope is a 404, like a missing id); a
user without the action a page needs gets a 403; every write goes through dangjian.members
services, whose RuleViolation is shown next to the field with its rule.
Transfers are in views/transfers.py, self-service and contact corrections in views/self_service.py."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.errors import RuleViolation
from dangjian.core.regions import region_code_status
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.core.snapshots import snapshot
from dangjian.core.views import PAGE_SIZE, querystring_without_page
from dangjian.members import services
from dangjian.members.forms import (
    EVENT_FIELDS,
    EventForm,
    MemberCreateForm,
    MemberEditForm,
    MemberFilter,
    ReceiveForm,
    RevealForm,
)
from dangjian.members.hooks import record_sections
from dangjian.members.models import Member, MemberStatus, Transfer, TransferState, own_record
from dangjian.members.rules import probation_status
from dangjian.members.selectors import FLAGS, narrow_members
from dangjian.members.templatetags.member_rows import STANDING_STATES
from dangjian.orgs.models import Position

# --- helpers ------------------------------------------------------------------------------

def require(request, action: str, path: str | None = None) -> None:
    if not scope_of(request.user).allows(action, path):
        raise PermissionDenied("您的职务不含此项权限")


def optional_url(name: str, query: str = "") -> str | None:
    """The URL of a page another part of the system may not have yet (export, import): None
    rather than a dead link."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def visible_member(request, pk: int) -> Member:
    return get_visible_or_404(Member.objects.visible_to(request.user).select_related("org", "group"), pk=pk)


def status_badges(member: Member, today: datetime.date) -> dict:
    """Words and colours of the member's category, standing and probation."""
    badges = {
        "standing": (STANDING_STATES.get(member.standing, "na"), member.get_standing_display()),
        "status": ("ok", "正式党员") if member.status == MemberStatus.FULL else ("warning", "预备党员"),
        "probation": None,
    }
    if member.status == MemberStatus.PROBATIONARY and member.is_active:
        ends = services.probation_ends(member)
        if ends is not None:
            probation = probation_status(ends, today)
            badges["probation"] = {"ends": ends, "state": probation.state, "label": probation.label,
                                   "extended": member.probation_extended_to is not None}
    return badges


def id_region_note(member: Member, *, full: bool) -> str:
    """The record's warning when the region code of the member's ID number is no longer current
    (dangjian.core.regions), worked out from the number each time, so nothing is stored.

    `full` names the code, its old name and the year: only beside the full number (the member's
    own page, a reveal). Beside the masked number it must not, since the page also shows the
    birth date and the last four digits: with the six region digits that is the whole number."""
    status = region_code_status(member.get_id_number())
    if not status.retired:
        return ""
    return f"{status.warning() if full else status.masked_warning()}；身份证号码终身不变，这样的号码仍然有效"


FIELD_LABELS = {"name": "姓名", "ethnicity": "民族", "education": "学历", "job": "工作岗位", "title": "职称",
                "office": "职务", "native_place": "籍贯", "work_started_on": "参加工作时间",
                "in_hardship": "困难党员", "phone": "手机号"}


def event_facts(event) -> list[tuple[str, str]]:
    """The facts of one timeline event as (label, text) pairs, in the words of the record."""
    facts = []
    if event.other_org_name:
        facts.append(("对方组织", event.other_org_name))
    if event.letter_number:
        facts.append(("介绍信编号", event.letter_number))
    if event.decision_org:
        facts.append(("批准组织", event.decision_org))
    detail = event.detail or {}
    if "leave_kind_label" in detail:
        facts.append(("出党方式", detail["leave_kind_label"]))
    if "months" in detail:
        facts.append(("延长", f"{detail['months']} 个月，预备期至 {detail.get('until', '')}"))
    if "to" in detail:
        facts.append(("党小组", f"{detail.get('from', '')} → {detail['to']}"))
    if detail.get("fields"):
        facts.append(("变更项目", "、".join(FIELD_LABELS.get(f, f) for f in detail["fields"])))
    if event.reason:
        facts.append(("原因 / 说明", event.reason))
    return facts


def timeline(member: Member) -> list:
    """The member's events, oldest first (newest last), each with its facts and recorder."""
    events = list(member.events.select_related("org", "recorded_by").order_by("occurred_on", "id"))
    for event in events:
        event.facts = event_facts(event)
    return events


def positions_of(member: Member, today: datetime.date) -> list:
    return list(Position.objects.active_on(today).filter(member=member).select_related("org").order_by("org__path"))


# --- list -----------------------------------------------------------------------------------

def member_list(request):
    """党员名册: the one filter definition (MemberCriteria), sortable, paged, masked."""
    scope = scope_of(request.user)
    if not scope.allows(Action.MEMBER_VIEW):
        # A member without a post has one record to see: their own.
        if getattr(request.user, "member", None) is not None:
            return redirect("members:me")
        raise PermissionDenied("您的职务不含查看党员信息的权限")
    form = MemberFilter(request.GET, user=request.user)
    criteria = form.criteria()
    members = Member.objects.visible_to(request.user).select_related("org", "group")
    members = narrow_members(members, criteria).order_by(*form.order_by()) if criteria else members.none()
    paginator = Paginator(members, PAGE_SIZE)
    if criteria is not None:
        paginator.count = list_count(request.user, form, criteria, members)
    page = paginator.get_page(request.GET.get("page"))  # its rows: templatetags/member_rows.py
    query = querystring_without_page(request).rstrip("&")
    can_edit = scope.allows(Action.MEMBER_EDIT)
    return render(request, "members/list.html", {
        "form": form, "page_obj": page, "sort": sort_links(request, form), "querystring": querystring_without_page(request),
        "filtered": bool(criteria and not criteria.is_empty()),
        "export_url": optional_url("members:export", query) if scope.allows(Action.EXPORT) else None,
        "import_url": optional_url("members:import") if can_edit else None,
        "can_create": can_edit, "flags": FLAGS,
    })


def list_count(user, form, criteria, members) -> int:
    """How many members the filtered list holds. Over one subtree (every user's scope but a
    superuser's or one whose own record lies outside it) the count is kept as a snapshot
    (dangjian.core.snapshots) until an audited write reaches the subtree: the page of 50 is read
    through an index in a millisecond, but its count reads every member of the scope — a city's
    25,000 on each visit of the committee's list. The rows themselves are always read afresh."""
    scope = scope_of(user)
    paths = scope.paths_for(Action.MEMBER_VIEW)
    own = own_record(user)
    if scope.is_superuser or len(paths) != 1 or (own is not None and not own.org_path.startswith(paths[0])):
        return members.count()
    filters = sorted((name, value) for name, value in form.cleaned_data.items() if name != "sort")
    path = criteria.within.path if criteria.within is not None else paths[0]
    return snapshot("member_list_count:" + repr(filters), user=user, path=path, day=timezone.localdate(),
                    compute=members.count).value


def sort_links(request, form) -> dict[str, dict]:
    """Per sortable column: the query string that sorts by it (toggling) and the arrow."""
    params = request.GET.copy()
    params.pop("page", None)
    current = form.sort_key
    links = {}
    for key in form.sort_fields:
        params["sort"] = f"-{key}" if current == key else key
        arrow = "↑" if current == key else "↓" if current == f"-{key}" else ""
        links[key] = {"query": params.urlencode(), "arrow": arrow}
    return links


# --- a member's page ------------------------------------------------------------------

def member_detail(request, pk: int):
    return _detail(request, visible_member(request, pk))


def _detail(request, member: Member, *, edit_form=None, event_form=None, status: int = 200):
    today = timezone.localdate()
    scope = scope_of(request.user)
    can_edit = scope.allows(Action.MEMBER_EDIT, member.org.path)
    pending = Transfer.objects.filter(member=member, state=TransferState.PENDING).select_related("to_org").first()
    context = {
        "member": member,
        "badges": status_badges(member, today),
        "events": timeline(member),
        "positions": positions_of(member, today),
        "pending_transfer": pending,
        "can_edit": can_edit,
        "can_reveal": scope.allows(Action.MEMBER_REVEAL, member.org.path),
        "can_view_list": scope.allows(Action.MEMBER_VIEW),
        "today": today,
        "sections": record_sections(request, member),
        "id_note": id_region_note(member, full=False),
    }
    if context["id_note"] and context["can_reveal"]:
        context["id_note"] += "（查看完整身份证号时显示该代码和原行政区划名称）"
    if can_edit:
        context["edit_form"] = edit_form or MemberEditForm(initial={
            f: getattr(member, f) for f in services.EDITABLE_FIELDS if f != "phone"})
        if member.is_active:
            context["event_form"] = event_form or EventForm(member=member, initial={"occurred_on": today})
            context["event_fields"] = EVENT_FIELDS
    return render(request, "members/detail.html", context, status=status)


@require_POST
def member_edit(request, pk: int):
    member = visible_member(request, pk)
    require(request, Action.MEMBER_EDIT, member.org.path)
    form = MemberEditForm(request.POST)
    if form.is_valid():
        changes = form.changes(member)
        if not changes:
            messages.info(request, "没有修改任何内容。")
            return redirect("members:detail", pk=member.pk)
        try:
            services.update_member(member, acting_user=request.user, reason=form.cleaned_data["reason"], **changes)
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已保存{member.name}的党员信息。")
            return redirect("members:detail", pk=member.pk)
    return _detail(request, member, edit_form=form)


@require_POST
def member_event(request, pk: int):
    """登记变更事项 through record_event: a refusal is shown next to its field with the rule, and
    nothing is saved."""
    member = visible_member(request, pk)
    require(request, Action.MEMBER_EDIT, member.org.path)
    form = EventForm(request.POST, member=member)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            event = services.record_event(member, kind, form.cleaned_data["occurred_on"], acting_user=request.user,
                                          **form.facts())
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已登记：{event.get_kind_display()}（{event.occurred_on:%Y-%m-%d}）。")
            return redirect(f"{reverse('members:detail', args=[member.pk])}#timeline")
    # The record may not have changed, but re-read it so the page shows what is stored.
    return _detail(request, visible_member(request, pk), event_form=form)


def member_reveal(request, pk: int):
    """查看完整身份证号和手机号: the reveal permission and a reason; the values are shown in this
    response only (never cached) and the service writes the audit entry."""
    member = visible_member(request, pk)
    require(request, Action.MEMBER_REVEAL, member.org.path)
    form = RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        try:
            revealed = services.reveal_pii(member, reason=form.cleaned_data["reason"], acting_user=request.user)
        except RuleViolation as violation:
            form.add_violation(violation)
    note = id_region_note(member, full=True) if revealed else ""
    response = render(request, "members/reveal.html", {"member": member, "form": form, "revealed": revealed,
                                                       "id_note": note})
    response["Cache-Control"] = "no-store"
    return response


# --- new records ----------------------------------------------------------------------

def _current_member_org(request, form):
    """The organization the user works as, when members can be filed there: the usual choice."""
    from dangjian.orgs.current import current_org

    org = current_org(request)
    return org.pk if org is not None and form.fields["org"].queryset.filter(pk=org.pk).exists() else None


def member_create(request):
    require(request, Action.MEMBER_EDIT)
    form = MemberCreateForm(request.POST or None, user=request.user)
    if request.method == "GET":
        form.initial["org"] = _current_member_org(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.create_member(org=form.cleaned_data["org"], id_number=form.cleaned_data["id_number"],
                                            acting_user=request.user, **form.record())
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已为{member.name}建立党员档案。")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {
        "form": form, "title": "新建党员档案",
        "subtitle": "身份证号校验通过后建档；性别和出生日期按身份证号填写。",
    })


def member_receive(request):
    """组织关系转入 from an organization outside the system, with its letter."""
    require(request, Action.MEMBER_EDIT)
    form = ReceiveForm(request.POST or None, user=request.user)
    if request.method == "GET":
        form.initial.update(org=_current_member_org(request, form), received_on=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.receive_from_outside(
                org=data["org"], id_number=data["id_number"], received_on=data["received_on"],
                other_org_name=data["other_org_name"], letter_number=data["letter_number"],
                acting_user=request.user, **form.record())
        except RuleViolation as violation:
            form.add_violation(violation)
        else:
            messages.success(request, f"已办理{member.name}的组织关系转入（介绍信 {data['letter_number']}）。")
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {
        "form": form, "title": "接收系统外转入",
        "subtitle": "党员从本系统以外的党组织转入：填写转出组织和介绍信编号。系统内的转接由转出组织发起。",
    })
