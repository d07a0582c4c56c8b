"""Every change to organizational life goes through these functions: stricter local rules,
recording a meeting with its attendance, editing it within the grace period, amending it
after. Each runs in a transaction, checks the actor's orglife.manage on the organization
(None acts as the system: demo, commands, jobs), checks the rules of dangjian.orglife.rules and
writes the audit entry. The UI, the API and the demo all call these."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import COMMITTEE_POSTS, Action
from dangjian.members.models import Member, MemberStatus, Standing
from dangjian.members.selectors import groups_on, memberships_on, roster_as_of, status_on
from dangjian.members.services import require
from dangjian.orglife import rules as R
from dangjian.orglife import summaries
from dangjian.orglife.compliance import override_rows
from dangjian.orglife.models import (
    AbsenceReason,
    Attendance,
    FrequencyOverride,
    Meeting,
    MeetingAmendment,
    QuorumSetting,
)
from dangjian.orgs.models import OrgKind, PartyOrg, Position

# --- stricter local rules ------------------------------------------------------------------


@transaction.atomic
def set_override(org: PartyOrg, *, kind: str, frequency: str, min_count: int, effective_from: datetime.date,
                 reason: str, acting_user=None, today: datetime.date | None = None) -> FrequencyOverride:
    """A stricter frequency for `org`'s subtree from `effective_from`. Refused when looser than
    the national rule, or dated in the past (compliance already reported must not move)."""
    require(acting_user, Action.ORGLIFE_MANAGE, org.path)
    today = today or timezone.localdate()
    if kind not in R.Kind.values or frequency not in R.Frequency.values:
        raise RuleViolation("活动类型或频次无效", rule=R.R_OVERRIDE, field="kind")
    R.check_not_looser(kind, frequency, int(min_count))
    if effective_from < today:
        raise RuleViolation("生效日期不能早于今天：已过去期间的考核不因新规定而改变", rule=R.R_OVERRIDE, field="effective_from")
    if not reason.strip():
        raise RuleViolation("请写明依据（文件名称、文号）", rule=R.R_OVERRIDE, field="reason")
    if FrequencyOverride.objects.filter(org=org, kind=kind, effective_from=effective_from).exists():
        raise RuleViolation("该组织同一活动在同一生效日期已有规定", rule=R.R_OVERRIDE, field="effective_from", code="duplicate")
    row = FrequencyOverride.objects.create(org=org, kind=kind, frequency=frequency, min_count=min_count,
                                           effective_from=effective_from, reason=reason.strip(),
                                           created_by=acting_user)
    audit.record("orglife.override", target=row, actor=acting_user, changes={
        "kind": kind, "frequency": frequency, "min_count": min_count, "effective_from": effective_from.isoformat()},
        reason=reason)
    return row


@transaction.atomic
def set_quorum_setting(org: PartyOrg, *, effective_from: datetime.date, reason: str,
                       quorum: str = R.Quorum.VOTING_MAJORITY, kind: str = R.Kind.GENERAL_MEETING, acting_user=None,
                       today: datetime.date | None = None) -> QuorumSetting:
    """From `effective_from`, every 党支部党员大会 in `org`'s subtree needs the stricter quorum (超过
    半数). Refused when not stricter than the national reading, dated in the past, without the
    document it rests on, or a second one of `org` on the same day."""
    require(acting_user, Action.ORGLIFE_MANAGE, org.path)
    today = today or timezone.localdate()
    R.check_quorum_stricter(kind, quorum)
    if effective_from < today:
        raise RuleViolation("生效日期不能早于今天：已召开会议的法定人数不因新规定而改变", rule=R.R_QUORUM_SETTING,
                            field="effective_from")
    if not reason.strip():
        raise RuleViolation("请写明依据（文件名称、文号）", rule=R.R_QUORUM_SETTING, field="reason")
    if QuorumSetting.objects.filter(org=org, kind=kind, effective_from=effective_from).exists():
        raise RuleViolation("该组织在同一生效日期已有法定人数规定", rule=R.R_QUORUM_SETTING, field="effective_from",
                            code="duplicate")
    row = QuorumSetting.objects.create(org=org, kind=kind, quorum=quorum, effective_from=effective_from,
                                       reason=reason.strip(), created_by=acting_user)
    audit.record("orglife.quorum_setting", target=row, actor=acting_user, changes={
        "kind": kind, "quorum": quorum, "effective_from": effective_from.isoformat()}, reason=reason)
    return row


def quorum_rows(org: PartyOrg) -> list[R.QuorumRow]:
    """Every quorum setting on `org`'s ancestors or itself: the ones that can apply to a meeting
    of `org` (the rules page lists those below it from the model)."""
    step = PartyOrg.steplen
    ancestors = [org.path[:i] for i in range(step, len(org.path) + 1, step)]
    rows = QuorumSetting.objects.filter(org__path__in=ancestors)
    return [R.QuorumRow(path, name, kind, quorum, since) for path, name, kind, quorum, since in
            rows.values_list("org__path", "org__name", "kind", "quorum", "effective_from")]


def rule_for(org: PartyOrg, kind: str, day: datetime.date) -> R.ActivityRule:
    """The rule in force for `org` on `day`: frequency (overrides) and quorum (quorum settings)."""
    return R.rule_in_force(kind, org.path, day, override_rows(org), quorum_rows(org))


def quorum_for(org: PartyOrg, kind: str, day: datetime.date) -> str:
    return R.quorum_in_force(kind, org.path, day, quorum_rows(org))[0] if kind in R.NATIONAL else R.Quorum.NONE


# --- who should attend ---------------------------------------------------------------------

@dataclass
class Expected:
    member: Member
    can_vote: bool


def expected_attendees(org: PartyOrg, kind: str, day: datetime.date, group: PartyOrg | None = None) -> list[Expected]:
    """Who should attend an activity of `kind` in `org` (or its `group`) on `day`: the roster of
    that day from the members module, and for a 党小组会 the group each member was in that day; the committee members for a 支委会 / 民主生活会. Members
    whose standing is suspended (停止党籍) take no part in organizational life."""
    rule = R.NATIONAL[kind]
    candidates: QuerySet[Member]
    if rule.attendees == R.Attendees.COMMITTEE:
        member_ids = (Position.objects.active_on(day).filter(org=org, post__in=COMMITTEE_POSTS, member__isnull=False)
                      .values_list("member_id", flat=True))
        candidates = Member.objects.filter(pk__in=set(member_ids))
    else:
        # roster_as_of decides; the periods in `org` that day only narrow the members it tests (at
        # city scale it tested all 25,000 for each call: 0.1 s for a branch of twenty).
        in_org = memberships_on(day).filter(org=org).values("member_id")
        candidates = roster_as_of(Member.objects.filter(pk__in=in_org), day).filter(org_on_day_id=org.pk)
    members = list(candidates.exclude(standing=Standing.SUSPENDED).order_by("id"))
    if rule.attendees == R.Attendees.GROUP and group is not None:
        # the group as it was on the day: a member moved to another group since still belongs here
        on_day = groups_on(members, day)
        members = [m for m in members if on_day[m.pk] == group.pk]
    return [Expected(m, status_on(m, day) == MemberStatus.FULL) for m in members]


# --- recording a meeting -------------------------------------------------------------------

RECORD_FIELDS = ("kind", "held_on", "starts_at", "ends_at", "place", "host", "recorder", "lecturer", "lecturer_name",
                 "topic", "agenda", "minutes", "resolutions", "makeup_for", "group")
TEXT_FIELDS = {"place", "lecturer_name", "topic", "agenda", "minutes", "resolutions"}


@dataclass
class AttendanceLine:
    member_id: int
    present: bool = True
    absence_reason: str = ""
    note: str = ""


def _check(org: PartyOrg, facts: dict, today: datetime.date) -> None:
    kind, held_on = facts["kind"], facts["held_on"]
    if kind not in R.Kind.values:
        raise RuleViolation("活动类型无效", field="kind")
    if kind not in R.ACTIVITIES_BY_ORG_KIND.get(org.kind, ()):
        raise RuleViolation(f"{org.get_kind_display()}不开展“{R.Kind(kind).label}”", field="kind")
    if held_on > today:
        raise RuleViolation("会议日期在今天之后：尚未召开的会议不能登记为已召开", rule=R.R_NOT_FUTURE, field="held_on")
    if not (facts.get("topic") or "").strip():
        raise RuleViolation("请填写会议主题", field="topic")
    if not (facts.get("place") or "").strip():
        raise RuleViolation("请填写会议地点", field="place")
    if kind == R.Kind.PARTY_LECTURE:
        if facts.get("lecturer") is None and not (facts.get("lecturer_name") or "").strip():
            raise RuleViolation("党课须登记授课人：选择本组织党员，或填写系统外授课人的姓名", rule=R.R_LECTURER,
                                field="lecturer")
    group = facts.get("group")
    if kind == R.Kind.GROUP_MEETING:
        if group is None or group.kind != OrgKind.GROUP or not group.path.startswith(org.path):
            raise RuleViolation("党小组会须选择本组织的党小组", field="group")
    elif group is not None:
        raise RuleViolation("只有党小组会才选择党小组", field="group")
    makeup = facts.get("makeup_for")
    if makeup is not None:
        unit = R.NATIONAL[kind].frequency
        if R.period_of(makeup, unit).start >= R.period_of(held_on, unit).start:
            raise RuleViolation("补开只能补此前的期间", field="makeup_for")


def _people(org: PartyOrg, facts: dict, expected_ids: set[int], day: datetime.date) -> None:
    """Host, recorder and lecturer chosen from the system must be members of this organization."""
    for name, label in (("host", "主持人"), ("recorder", "记录人"), ("lecturer", "授课人")):
        person = facts.get(name)
        if person is None:
            continue
        on_roster = roster_as_of(Member.objects.filter(pk=person.pk), day).filter(org_on_day_id=org.pk).exists()
        if person.pk not in expected_ids and not on_roster:
            raise RuleViolation(f"{label}{person.name}不是会议当日本组织的党员；系统外人员请填写姓名", rule=R.R_ATTENDEE,
                                field=name)


def _attendance(expected: list[Expected], lines: list[AttendanceLine] | None) -> list[Attendance]:
    """Attendance rows for every expected attendee: from `lines` (default: present). A line for
    someone not expected that day is refused, not dropped."""
    by_id = {e.member.pk: e for e in expected}
    given: dict[int, AttendanceLine] = {}
    for line in lines or []:
        if line.member_id not in by_id:
            # by number only: the name of someone outside the organization is not ours to show
            raise RuleViolation(f"编号为 {line.member_id} 的人员不是会议当日本组织（本党小组）应参加的党员，"
                                "不能登记出席或缺席", rule=R.R_ATTENDEE, field="attendance")
        if not line.present:
            if line.absence_reason not in AbsenceReason.values:
                raise RuleViolation(f"{by_id[line.member_id].member.name}缺席，须选择缺席原因", rule=R.R_ABSENCE_REASON,
                                    field="attendance")
            if line.absence_reason == AbsenceReason.OTHER and not line.note.strip():
                raise RuleViolation(f"{by_id[line.member_id].member.name}的缺席原因为“其他”，须写明说明",
                                    rule=R.R_ABSENCE_REASON, field="attendance")
        given[line.member_id] = line
    rows = []
    for e in expected:
        line = given.get(e.member.pk, AttendanceLine(e.member.pk))
        rows.append(Attendance(member=e.member, present=line.present, can_vote=e.can_vote,
                               absence_reason="" if line.present else line.absence_reason,
                               note=line.note.strip()[:200]))
    return rows


def figures(kind: str, rows: list[Attendance], quorum: str | None = None) -> dict:
    """Expected / present counts and the quorum, the same for the service and the demo. `quorum`
    is the one in force for the meeting (`quorum_for`); None takes the national reading."""
    quorum = quorum or R.NATIONAL[kind].quorum
    voting = [r for r in rows if r.can_vote] if quorum in R.VOTING_QUORUMS else rows
    present = sum(1 for r in rows if r.present)
    voting_present = sum(1 for r in voting if r.present)
    return {
        "expected_count": len(rows), "present_count": present, "voting_expected": len(voting),
        "voting_present": voting_present,
        "quorate": R.is_quorate(quorum, expected=len(voting), present=voting_present),
    }


def _counts_month(facts: dict) -> datetime.date:
    return (facts.get("makeup_for") or facts["held_on"]).replace(day=1)


def _snapshot(meeting: Meeting) -> dict:
    data = {}
    for name in RECORD_FIELDS:
        value = getattr(meeting, name)
        data[name] = value.pk if hasattr(value, "pk") else value.isoformat() if hasattr(value, "isoformat") else value
    return data


def _attendance_snapshot(meeting: Meeting) -> dict:
    return {str(a.member_id): ("出席" if a.present else f"缺席：{a.get_absence_reason_display()}{a.note and '，' + a.note}")
            for a in meeting.attendance.all()}


def _store(meeting: Meeting, org: PartyOrg, facts: dict, attendance: list[AttendanceLine] | None,
           today: datetime.date) -> Meeting:
    _check(org, facts, today)
    before = [meeting.counts_month, meeting.held_on] if meeting.pk else []   # the periods it leaves
    expected = expected_attendees(org, facts["kind"], facts["held_on"], facts.get("group"))
    _people(org, facts, {e.member.pk for e in expected}, facts["held_on"])
    rows = _attendance(expected, attendance)
    for name in RECORD_FIELDS:
        value = facts.get(name)
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        setattr(meeting, name, value)
    meeting.org = org
    meeting.counts_month = _counts_month(facts)
    for name, value in figures(facts["kind"], rows, quorum_for(org, facts["kind"], facts["held_on"])).items():
        setattr(meeting, name, value)
    meeting.save()
    meeting.attendance.all().delete()
    for row in rows:
        row.meeting, row.held_on = meeting, meeting.held_on
    Attendance.objects.bulk_create(rows)
    summaries.keep_current(org, [*before, meeting.counts_month, meeting.held_on], today)
    return meeting


@transaction.atomic
def record_meeting(org: PartyOrg, *, attendance: list[AttendanceLine] | None = None, acting_user=None,
                   today: datetime.date | None = None, **facts) -> Meeting:
    """登记 a held meeting with its attendance (every expected attendee gets a row; those not
    given are present). Nothing is saved when any rule refuses."""
    require(acting_user, Action.ORGLIFE_MANAGE, org.path)
    today = today or timezone.localdate()
    meeting = _store(Meeting(created_by=acting_user), org, facts, attendance, today)
    audit.record("orglife.meeting_create", target=meeting, actor=acting_user,
                 changes={**_snapshot(meeting), "出席": f"{meeting.present_count}/{meeting.expected_count}"})
    return meeting


def is_locked(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return now >= meeting.created_at + datetime.timedelta(days=R.EDIT_GRACE_DAYS)


def editable_until(meeting: Meeting) -> datetime.datetime:
    return meeting.created_at + datetime.timedelta(days=R.EDIT_GRACE_DAYS)


@transaction.atomic
def update_meeting(meeting: Meeting, *, attendance: list[AttendanceLine] | None = None, reason: str = "",
                   acting_user=None, today: datetime.date | None = None, **facts) -> Meeting:
    """Change a record. Within the grace period a plain edit; after it an amendment, which
    needs a reason and is kept in the record's history (MeetingAmendment)."""
    meeting = Meeting.objects.select_for_update().select_related("org").get(pk=meeting.pk)
    require(acting_user, Action.ORGLIFE_MANAGE, meeting.org.path)
    locked = is_locked(meeting)
    if locked and not reason.strip():
        raise RuleViolation("该记录已锁定，更正须写明原因", rule=R.R_LOCKED, field="reason")
    before, before_attendance = _snapshot(meeting), _attendance_snapshot(meeting)
    facts = {**{name: getattr(meeting, name) for name in RECORD_FIELDS}, **facts}
    if attendance is None:  # keep what was recorded for those still expected on the (new) date
        still = {e.member.pk for e in expected_attendees(meeting.org, facts["kind"], facts["held_on"], facts.get("group"))}
        attendance = [AttendanceLine(a.member_id, a.present, a.absence_reason, a.note)
                      for a in meeting.attendance.all() if a.member_id in still]
    _store(meeting, meeting.org, facts, attendance, today or timezone.localdate())
    changes = audit.diff(before, _snapshot(meeting))
    after_attendance = _attendance_snapshot(meeting)
    if before_attendance != after_attendance:
        changes["出席情况"] = [before_attendance, after_attendance]
    if locked:
        MeetingAmendment.objects.create(meeting=meeting, reason=reason.strip()[:300], changes=changes,
                                        amended_by=acting_user)
    audit.record("orglife.meeting_amend" if locked else "orglife.meeting_update", target=meeting, actor=acting_user,
                 changes=changes, reason=reason)
    return meeting


# --- attachments ---------------------------------------------------------------------------

ATTACHMENT_KINDS = {"png", "jpeg", "pdf"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # a phone photo or a scanned A4 page, with room
ATTACHMENTS_PER_MEETING = 20


@transaction.atomic
def add_attachment(meeting: Meeting, file, *, kind: str = "photo", acting_user=None):
    """Attach a photo or scan. Refused (nothing stored) when the content is not PNG, JPEG or
    PDF, is damaged, encrypted or larger than 10 MB."""
    from dangjian.core.uploads import check_upload, store_upload
    from dangjian.orglife.models import AttachmentKind, MeetingAttachment

    require(acting_user, Action.ORGLIFE_MANAGE, meeting.org.path)
    if kind not in AttachmentKind.values:
        raise RuleViolation("附件类别无效", field="kind")
    if meeting.attachments.count() >= ATTACHMENTS_PER_MEETING:
        raise RuleViolation(f"每条记录最多 {ATTACHMENTS_PER_MEETING} 个附件", field="file")
    checked = check_upload(file, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
    path = store_upload(checked)
    try:
        attachment = MeetingAttachment.objects.create(
            meeting=meeting, kind=kind, file_kind=checked.kind, name=(checked.name or f"附件{checked.extension}")[:200],
            size=checked.size, sha256=checked.sha256, path=str(path), uploaded_by=acting_user)
        audit.record("orglife.attachment_add", target=meeting, actor=acting_user,
                     changes={"name": attachment.name, "kind": kind, "file_kind": checked.kind, "size": checked.size})
    except BaseException:
        path.unlink(missing_ok=True)  # the row did not commit: no orphan file either
        raise
    return attachment
