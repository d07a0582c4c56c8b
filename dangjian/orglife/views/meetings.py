"""Pages of organizational-life records: the list of an organization, recording a meeting with
its attendance (the attendance table re-drawn by htmx when the kind, date or group change),
the record, and editing it (an amendment with a reason once locked). The compliance, rules,
participation and own pages are in views/reports.py.

Thin views: reads through the scoped querysets, writes through dangjian.orglife.services. The
order of checks: out of the user's scope 404 (like missing); in scope without the right 403."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.audit_changes import describe_changes
from dangjian.core.errors import RuleViolation
from dangjian.core.pages import require
from dangjian.core.roles import Action
from dangjian.core.scoping import get_visible_or_404, scope_of
from dangjian.members.models import Member
from dangjian.orglife import rules as R
from dangjian.orglife import services
from dangjian.orglife.forms import ATTENDANCE_CHOICES, PRESENT, MeetingForm, attendance_lines
from dangjian.orglife.hooks import meeting_sections
from dangjian.orglife.models import AttachmentKind, Meeting, MeetingAttachment
from dangjian.orgs.current import org_for
from dangjian.orgs.models import PartyOrg

PAGE_SIZE = 50


def orglife_org(request, raw=None, action: str = Action.ORGLIFE_VIEW) -> PartyOrg:
    """The organization an organizational-life page is about (see dangjian.orgs.current.org_for)."""
    return org_for(request, raw, action)


def parent_of(org: PartyOrg, user) -> dict | None:
    """The organization above, for the page's "上级：…": {"org", "linked"}. Linked only when the
    user may open the same page there (orglife.view on it, as orglife_org checks): a secretary's
    county committee is named as plain text, never a link that answers 404. One query."""
    if org.depth <= 1:
        return None
    parent = PartyOrg.objects.filter(path=org.path[:-PartyOrg.steplen]).first()
    if parent is None:
        return None
    return {"org": parent, "linked": scope_of(user).allows(Action.ORGLIFE_VIEW, parent.path)}


def querystring(request) -> str:
    """The list's filters without "page", for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def _int(raw, default: int, low: int, high: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return value if low <= value <= high else default


# --- the list ----------------------------------------------------------------------------

def records(request):
    """组织生活记录 of an organization and its subtree, filtered by year and kind."""
    org = orglife_org(request, request.GET.get("org"))
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year, 2000, 2100)
    kind = request.GET.get("kind") if request.GET.get("kind") in R.Kind.values else ""
    meetings = (Meeting.objects.visible_to(request.user).filter(org__path__startswith=org.path, held_on__year=year)
                .select_related("org", "group", "host"))
    if kind:
        meetings = meetings.filter(kind=kind)
    page = Paginator(meetings.order_by("-held_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_record = org.kind in R.ACTIVITIES_BY_ORG_KIND and scope_of(request.user).allows(Action.ORGLIFE_MANAGE, org.path)
    return render(request, "orglife/records.html", {
        "org": org, "year": year, "kind": kind, "kinds": R.Kind.choices, "page": page, "meetings": page.object_list,
        "years": range(today.year, today.year - 6, -1), "can_record": can_record,
        "parent": parent_of(org, request.user), "tab": "records", "querystring": querystring(request),
    })


# --- the attendance table (htmx) -----------------------------------------------------------
#
# The table is redrawn whenever the kind, date or group changes, and a redraw must never discard
# a mark the user made: the form carries every mark in the hidden field "marks" (JSON, kept by
# orglife/attendance.js), so a member who drops out of the expected list and comes back (the
# type changed and changed back) keeps his mark, and the page says who dropped out with a mark.

MARKS_FIELD = "marks"


def _marks(data) -> dict[int, tuple[str, str]]:
    """The marks the user made, from the hidden field (untrusted: unknown values are skipped)."""
    try:
        raw = json.loads(data.get(MARKS_FIELD) or "{}")
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    values = {value for value, _ in ATTENDANCE_CHOICES}
    marks = {}
    for key, mark in raw.items():
        if str(key).isdigit() and isinstance(mark, dict) and mark.get("value") in values:
            marks[int(key)] = (mark["value"], str(mark.get("note") or "")[:200])
    return marks


def _current(data) -> dict[int, tuple[str, str]]:
    """The marks carried in the hidden field, then the table's own selects (the latest word)."""
    return {**_marks(data), **_current_from_post(data)}


def _attendance_rows(org, kind, day, group, current: dict) -> list[dict]:
    rows = []
    for expected in services.expected_attendees(org, kind, day, group):
        value, note = current.get(expected.member.pk, (PRESENT, ""))
        rows.append({"member": expected.member, "can_vote": expected.can_vote, "value": value, "note": note})
    return rows


def _dropped(org, rows: list[dict], current: dict) -> list[dict]:
    """Members marked absent (or with a note) who are not expected at this kind, date and group:
    their marks are kept in the form but do not count, and the page names them."""
    shown = {row["member"].pk for row in rows}
    labels = dict(ATTENDANCE_CHOICES)
    marked = {pk: mark for pk, mark in current.items() if pk not in shown and (mark[0] != PRESENT or mark[1])}
    if not marked:
        return []
    people = Member.objects.filter(org__path__startswith=org.path, pk__in=marked).order_by("name")
    return [{"member": member, "label": labels[marked[member.pk][0]], "note": marked[member.pk][1]}
            for member in people]


def _current_from_post(data) -> dict:
    return {line.member_id: (PRESENT if line.present else line.absence_reason, line.note)
            for line in attendance_lines(data)}


def _current_from_meeting(meeting: Meeting) -> dict:
    return {a.member_id: (PRESENT if a.present else a.absence_reason, a.note) for a in meeting.attendance.all()}


def _parse_context(org, data) -> tuple[str, datetime.date, PartyOrg | None]:
    kinds = R.ACTIVITIES_BY_ORG_KIND.get(org.kind, ())
    kind = data.get("kind") if data.get("kind") in kinds else (kinds[0] if kinds else R.Kind.THEME_DAY)
    try:
        day = datetime.date.fromisoformat(data.get("held_on") or "")
    except ValueError:
        day = timezone.localdate()
    group = None
    if kind == R.Kind.GROUP_MEETING and str(data.get("group") or "").isdigit():
        group = PartyOrg.objects.filter(path__startswith=org.path, kind="group", pk=int(data["group"])).first()
    return kind, day, group


def _table(org, data, current: dict | None = None) -> dict:
    """The attendance table's context for the kind, date and group in `data`."""
    kind, day, group = _parse_context(org, data)
    current = _current(data) if current is None else current
    rows = _attendance_rows(org, kind, day, group, current)
    return {"rows": rows, "choices": ATTENDANCE_CHOICES, "kind": kind, "day": day, "group": group,
            "dropped": _dropped(org, rows, current), "marks_json": data.get(MARKS_FIELD) or "{}"}


def attendance(request):
    """The attendance table for the kind, date and group in the query (the form's fields)."""
    org = orglife_org(request, request.GET.get("org"), Action.ORGLIFE_MANAGE)
    return render(request, "orglife/_attendance.html", _table(org, request.GET))


# --- create and edit ---------------------------------------------------------------------

def _form_page(request, org, form, table: dict, *, meeting=None, locked=False, status=200):
    return render(request, "orglife/form.html", {
        **table, "org": org, "form": form, "meeting": meeting, "locked": locked,
        "grace_days": R.EDIT_GRACE_DAYS, "lock_rule": R.R_LOCKED,
    }, status=status)


def create(request):
    raw = request.POST.get("org") if request.method == "POST" else request.GET.get("org")
    org = orglife_org(request, raw, Action.ORGLIFE_MANAGE)
    if org.kind not in R.ACTIVITIES_BY_ORG_KIND:
        return render(request, "orglife/problem.html", {
            "title": "该组织不登记组织生活", "lines": [f"{org.name}是{org.get_kind_display()}：组织生活由其下属的党支部（党委）登记。"],
        }, status=400)
    if request.method == "POST":
        form = MeetingForm(request.POST, org=org)
        if form.is_valid():
            try:
                meeting = services.record_meeting(org, attendance=attendance_lines(request.POST),
                                                  acting_user=request.user, **form.facts())
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, f"已登记：{meeting}")
                return redirect("orglife:detail", pk=meeting.pk)
        return _form_page(request, org, form, _table(org, request.POST), status=422)
    today = timezone.localdate()
    kind, _, _ = _parse_context(org, request.GET)
    form = MeetingForm(org=org, initial={"held_on": request.GET.get("held_on") or today, "kind": kind,
                                         "topic": request.GET.get("topic", "")})
    return _form_page(request, org, form, _table(org, request.GET, {}))


def _meeting(request, pk) -> Meeting:
    return get_visible_or_404(Meeting.objects.visible_to(request.user).select_related(
        "org", "group", "host", "recorder", "lecturer", "created_by"), pk=pk)


def edit(request, pk):
    meeting = _meeting(request, pk)
    require(request, Action.ORGLIFE_MANAGE, meeting.org.path)
    org, locked = meeting.org, services.is_locked(meeting)
    if request.method == "POST":
        form = MeetingForm(request.POST, org=org, locked=locked)
        if form.is_valid():
            try:
                services.update_meeting(meeting, attendance=attendance_lines(request.POST),
                                        reason=form.cleaned_data.get("reason", ""), acting_user=request.user,
                                        **form.facts())
            except RuleViolation as refusal:
                form.add_violation(refusal)
            else:
                messages.success(request, "已保存更正" if locked else "已保存")
                return redirect("orglife:detail", pk=meeting.pk)
        return _form_page(request, org, form, _table(org, request.POST), meeting=meeting, locked=locked, status=422)
    initial = {name: getattr(meeting, name) for name in services.RECORD_FIELDS}
    form = MeetingForm(org=org, locked=locked, initial=initial)
    facts = {"kind": meeting.kind, "held_on": meeting.held_on.isoformat(), "group": meeting.group_id or ""}
    table = _table(org, facts, _current_from_meeting(meeting))
    return _form_page(request, org, form, table, meeting=meeting, locked=locked)


def detail(request, pk):
    return _detail(request, _meeting(request, pk))


def _amendments(meeting: Meeting) -> list:
    """The corrections of a locked record, each with what it changed named in words (the fields'
    names as the audit log names them), never the fields' code names."""
    amendments = list(meeting.amendments.select_related("amended_by"))
    for amendment in amendments:
        amendment.changed_names = [item.label for item in
                                   describe_changes("orglife.meeting_amend", "orglife.meeting", amendment.changes)]
    return amendments


def _detail(request, meeting: Meeting, *, upload_error: str = "", status: int = 200):
    rows = list(meeting.attendance.select_related("member").order_by("-present", "member__name"))
    rule = services.rule_for(meeting.org, meeting.kind, meeting.held_on)
    return render(request, "orglife/detail.html", {
        "meeting": meeting, "org": meeting.org, "rows": rows, "rule": rule,
        "amendments": _amendments(meeting),
        "locked": services.is_locked(meeting), "editable_until": services.editable_until(meeting),
        "can_manage": scope_of(request.user).allows(Action.ORGLIFE_MANAGE, meeting.org.path),
        "absent": [r for r in rows if not r.present], "attachments": meeting.attachments.all(),
        "attachment_kinds": AttachmentKind.choices, "upload_error": upload_error,
        "max_mb": services.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        # cards of the apps above (the 组织生活会's whole process), through orglife's hook
        "sections": meeting_sections(request, meeting),
    }, status=status)


@require_POST
def attachment_add(request, pk):
    """上传会议照片或签到表: refused with the reason next to the form, nothing stored."""
    meeting = _meeting(request, pk)
    require(request, Action.ORGLIFE_MANAGE, meeting.org.path)
    upload = request.FILES.get("file")
    if upload is None:
        return _detail(request, meeting, upload_error="请选择要上传的文件", status=422)
    try:
        services.add_attachment(meeting, upload, kind=request.POST.get("kind", "photo"), acting_user=request.user)
    except RuleViolation as refusal:
        return _detail(request, meeting, upload_error=refusal.message, status=422)
    messages.success(request, f"已上传附件：{upload.name}")
    return redirect("orglife:detail", pk=meeting.pk)


def attachment(request, pk):
    """An attachment's bytes, for whoever may see its meeting (404 otherwise, like a missing one)."""
    from django.http import FileResponse

    from dangjian.core.exports import content_disposition
    from dangjian.core.uploads import KIND_MIME, upload_root

    item = get_visible_or_404(MeetingAttachment.objects.filter(
        meeting__in=Meeting.objects.visible_to(request.user)).select_related("meeting"), pk=pk)
    path = Path(item.path)
    if upload_root().resolve() not in path.resolve().parents or not path.exists():
        raise Http404("未找到该记录")
    response = FileResponse(open(path, "rb"), content_type=KIND_MIME[item.file_kind])  # noqa: SIM115 - closed by Django
    response["Content-Disposition"] = content_disposition(item.name, f"attachment-{item.pk}{path.suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
