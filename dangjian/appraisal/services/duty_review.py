"""述职评议: opening a round for a committee's subtree, and the secretary's report (written on
screen in sections, drafted from the system's data where a drafter is registered, or uploaded
as .docx), saved as a draft and then submitted. Each function runs in a transaction, checks who
acts, checks the rules, saves and writes the audit entry; the pages and the demo call these.
The assessment (测评, process scores, 点评意见) is in duty_review_assessment."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.appraisal.duty_drafts import duty_report_drafter
from dangjian.appraisal.models import DutyEntry, DutyRound
from dangjian.appraisal.rules import duty_review as R
from dangjian.appraisal.services.review_common import parse_date, parse_int
from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.orgs.selectors import school_roots

NOTE_MAX = 300
REPORT_MAX_BYTES = 10 * 1024 * 1024


def require_committee(user, org: PartyOrg, what: str) -> None:
    """The opening committee's acts: appraisal.manage on an education committee (市、区县教育工委).
    A school inside the subtree asking is refused with the rule; anyone else gets the 403."""
    if org.kind != OrgKind.EDUCATION_COMMITTEE:
        raise RuleViolation(f"“{org.name}”不是上级教育党组织，不能{what}", rule=R.R_OPENER, field="org")
    if user is None:
        return
    scope = scope_of(user)
    if scope.allows(Action.APPRAISAL_MANAGE, org.path):
        return
    if any(root.startswith(org.path) for root in scope.paths):
        raise RuleViolation(f"{what}由上级党组织（{org.name}）办理，学校党组织不能自行{what}", rule=R.R_OPENER,
                            field="org")
    raise PermissionDenied(f"您的职务不含“{Action.APPRAISAL_MANAGE.label}”的权限")


def secretaries_of(orgs: list[PartyOrg], day: datetime.date) -> dict[int, tuple[str, Any]]:
    """org id → (secretary's name, account) on `day`, in one query."""
    found: dict[int, tuple[str, Any]] = {}
    for position in (Position.objects.active_on(day).filter(org__in=orgs, post=Post.SECRETARY)
                     .select_related("user").order_by("started_on", "id")):
        found[position.org_id] = (position.person_name, position.user)
    return found


def open_round(org: PartyOrg, *, kind: str, year, deadline, meeting_on=None, note: str = "", acting_user=None,
               today: datetime.date | None = None) -> DutyRound:
    """Open a 述职评议 of `org`'s subtree: every school party organization (the top one of each
    school) is due, with its secretary on the day of opening."""
    today = today or timezone.localdate()
    year = parse_int(year, "year", "年度")
    deadline = parse_date(deadline, "deadline")
    meeting_on = parse_date(meeting_on, "meeting_on") if meeting_on else None
    if kind not in R.Kind.values:
        raise RuleViolation("请选择述职类别：党建月向上级党组织述职，或年底在党员大会上向全体党员述职", rule=R.R_TWO_WAY, field="kind")
    with transaction.atomic():
        require_committee(acting_user, org, "开展述职评议")
        if not 2000 <= year <= today.year + 1:
            raise RuleViolation(f"年度须在 2000 至 {today.year + 1} 年之间", rule=R.R_TWO_WAY, field="year")
        if deadline < today:
            raise RuleViolation(f"截止日期 {deadline:%Y-%m-%d} 早于今天", rule=R.R_DEADLINE, field="deadline")
        if meeting_on and meeting_on < deadline:
            raise RuleViolation("述职会议不能早于述职报告的截止日期（会上测评依据已提交的述职报告）", rule=R.R_REPORT_FIRST,
                                field="meeting_on")
        duplicate = RuleViolation(f"“{org.name}”已开展{year}年度的“{R.Kind(kind).label}”", rule=R.R_TWO_WAY,
                                  field="kind", code="duplicate")
        if DutyRound.objects.filter(org=org, year=year, kind=kind).exists():
            raise duplicate
        roots = school_roots(org)
        if not roots:
            raise RuleViolation(f"“{org.name}”辖区内没有学校党组织", rule=R.R_TWO_WAY, field="org")
        round_ = DutyRound(org=org, kind=kind, year=year, deadline=deadline, meeting_on=meeting_on,
                           note=str(note or "").strip()[:NOTE_MAX], created_by=acting_user)
        try:
            with transaction.atomic():
                round_.save()
        except IntegrityError:
            raise duplicate from None
        orgs = list(PartyOrg.objects.filter(pk__in=[org_id for org_id, _ in roots.values()], is_active=True)
                    .order_by("path"))
        secretaries = secretaries_of(orgs, today)
        DutyEntry.objects.bulk_create([
            DutyEntry(round=round_, org=o, secretary_name=secretaries.get(o.pk, ("", None))[0],
                      secretary=secretaries.get(o.pk, ("", None))[1],
                      sections=[{"heading": h, "text": ""} for h in R.REPORT_SECTIONS]) for o in orgs], batch_size=1000)
        audit.record("appraisal.duty_round.create", target=round_, actor=acting_user,
                     changes={"kind": kind, "year": year, "deadline": deadline.isoformat(), "entries": len(orgs)})
        return round_


# --- the secretary's report --------------------------------------------------------------------

def require_reporter(user, entry: DutyEntry, today: datetime.date) -> None:
    """The report is the secretary's own: the secretary in post on the organization today."""
    if user is None:
        return
    if Position.objects.active_on(today).filter(org=entry.org, post=Post.SECRETARY, user=user).exists():
        return
    if scope_of(user).allows(Action.APPRAISAL_VIEW, entry.org.path):
        raise RuleViolation(f"述职报告由{entry.org.name}的书记本人提交", rule=R.R_REPORTER, field="sections")
    raise PermissionDenied(f"您的职务不含“{Action.APPRAISAL_MANAGE.label}”的权限")


def lock_entry(entry: DutyEntry) -> DutyEntry:
    return DutyEntry.objects.select_for_update(of=("self",)).select_related("org", "round__org").get(pk=entry.pk)


def _clean_sections(sections) -> list[dict]:
    clean = []
    for index, item in enumerate(sections or []):
        heading, text = (item.get("heading", ""), item.get("text", "")) if isinstance(item, dict) else item
        heading, text = str(heading or "").strip()[:100], str(text or "").strip()
        if len(text) > R.SECTION_MAX:
            violation = RuleViolation(f"“{heading}”不超过 {R.SECTION_MAX} 字", rule=R.R_REPORTER, field="sections")
            violation.index = index
            raise violation
        if heading or text:
            clean.append({"heading": heading, "text": text})
    return clean


def save_report(entry: DutyEntry, *, sections=None, file=None, submit: bool = False, acting_user=None,
                today: datetime.date | None = None) -> DutyEntry:
    """Save the report (its sections and/or an uploaded .docx) as a draft, or submit it. After the
    deadline a submission is still taken and marked 逾期 (R_DEADLINE: the duty is not waived)."""
    today = today or timezone.localdate()
    checked = None
    if file is not None:
        from dangjian.core.uploads import check_upload

        checked = check_upload(file, kinds={"docx"}, max_bytes=REPORT_MAX_BYTES)
    with transaction.atomic():
        entry = lock_entry(entry)
        require_reporter(acting_user, entry, today)
        changes = apply_report(entry, sections=sections, submit=submit, today=today, with_file=checked is not None)
        if checked is not None:
            from dangjian.core.uploads import store_upload

            entry.report_file = str(store_upload(checked))
            entry.report_file_name = (checked.name or "述职报告.docx")[:200]
            changes["file"] = entry.report_file_name
        entry.drafted_at = timezone.now()
        entry.save()
        audit.record("appraisal.duty_report.submit" if submit else "appraisal.duty_report.save", target=entry,
                     actor=acting_user, changes=changes)
        return entry


def apply_report(entry: DutyEntry, *, sections, submit: bool, today: datetime.date, with_file: bool = False) -> dict:
    """Judge a save (or, with `submit`, a submission) of the (locked) entry's report and set it on
    the entry, unsaved; the audit entry's changes. Shared by save_report and the batch. An upload
    (`with_file`) is save_report's own: it is stored only once the rest is judged."""
    if entry.submitted_on is not None:
        raise RuleViolation(f"述职报告已于 {entry.submitted_on:%Y-%m-%d} 提交，不再修改", rule=R.R_REPORTER,
                            field="sections", code="submitted")
    changes: dict = {}
    if sections is not None:
        entry.sections = _clean_sections(sections)
        changes["chars"] = sum(len(s["text"]) for s in entry.sections)
    if submit:
        if not (entry.has_report or with_file):
            raise RuleViolation("述职报告是空的：请填写各部分内容或上传 Word 文档后再提交", rule=R.R_REPORTER,
                                field="sections", code="empty")
        entry.submitted_on = today
        entry.late = today > entry.round.deadline
        changes.update(submitted_on=today.isoformat(), late=entry.late)
    return changes


def draft_from_system(entry: DutyEntry, *, acting_user=None, today: datetime.date | None = None) -> DutyEntry:
    """Fill the report with the registered drafter's sections (figures from the system's data),
    kept as the secretary's draft to edit before submitting."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = lock_entry(entry)
        require_reporter(acting_user, locked, today)
        if locked.submitted_on is not None:
            raise RuleViolation(f"述职报告已于 {locked.submitted_on:%Y-%m-%d} 提交，不再修改", rule=R.R_REPORTER,
                                field="sections", code="submitted")
        drafter = duty_report_drafter()
        if drafter is None:
            raise RuleViolation("本系统尚未提供述职报告初稿生成，请直接填写", field="sections", code="no_drafter")
        locked.sections = _clean_sections(drafter(locked))
        locked.drafted_at = timezone.now()
        locked.save()
        audit.record("appraisal.duty_report.draft", target=locked, actor=acting_user,
                     changes={"chars": sum(len(s["text"]) for s in locked.sections)})
        return locked
