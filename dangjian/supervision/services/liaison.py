"""党建工作联系点: assignments, planned and recorded visits, and a visit's findings put on the
整改台账 (the 巡回督导 rounds are in services/inspection.py).

- assign_liaison: the committee's administrator (liaison.manage on the committee) assigns one of
  the people holding a post on the committee organization a school under it, for a year, with how
  many visits a year (never fewer than the city's twice, R_VISITS);
- plan_visit / record_visit: the assigned member (R_VISIT_BY_LIAISON: no one else records his
  visit, not even the administrator) plans a date, then records date, who went and what was found;
- raise_visit_finding: one finding of a visit becomes a rectification item of the school through
  the ledger's own service (source 联系点走访, issued by the committee, idempotent per finding).

Each checks everything before writing; one transaction writes and audits (acting_user explicit).
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action, Post
from dangjian.core.scoping import scope_of
from dangjian.orgs.models import OrgKind, PartyOrg, Position, School
from dangjian.supervision.models import LiaisonAssignment, LiaisonVisit, RectificationItem
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.rules.rectification import Source
from dangjian.supervision.services import rectification as ledger
from dangjian.supervision.services.rectification import parse_date


def require_manager(user, committee: PartyOrg) -> None:
    if user is not None and not scope_of(user).allows(Action.LIAISON_MANAGE, committee.path):
        raise PermissionDenied("只有本级党委（党工委）的管理员可以安排联系点和巡回督导")


def school_under(school: School, committee: PartyOrg) -> bool:
    path = school.audit_org_path  # its party organization's, else its supervising committee's
    return path.startswith(committee.path) and path != committee.path


def committee_post(user, committee: PartyOrg, day: datetime.date) -> Position | None:
    """The user's post on the committee organization itself on that day (who may be a liaison)."""
    return (Position.objects.active_on(day).filter(org=committee, user=user)
            .order_by("started_on", "id").first()) if user is not None else None


def _text(value, limit: int) -> str:
    return str(value or "").strip()[:limit]


@transaction.atomic
def assign_liaison(committee: PartyOrg, *, year, liaison, school: School, visits_required=R.MIN_VISITS_PER_YEAR,
                   acting_user=None, today: datetime.date | None = None) -> LiaisonAssignment:
    today = today or timezone.localdate()
    require_manager(acting_user, committee)
    if committee.kind != OrgKind.EDUCATION_COMMITTEE:
        raise RuleViolation("联系点由县（市、区）或市级教育党（工）委安排", rule=R.R_LIAISON_MEMBER, field="committee")
    try:
        year, visits = int(year), int(visits_required)
    except (TypeError, ValueError):
        raise RuleViolation("年度和走访次数须为整数", field="year") from None
    if not today.year - 1 <= year <= today.year + 1:
        raise RuleViolation("只能安排上一年、本年或下一年的联系点", field="year")
    if visits < R.MIN_VISITS_PER_YEAR:
        raise RuleViolation(f"每年走访不能少于 {R.MIN_VISITS_PER_YEAR} 次", rule=R.R_VISITS, field="visits_required")
    if visits > R.MAX_VISITS_PER_YEAR:
        raise RuleViolation(f"每年走访不超过 {R.MAX_VISITS_PER_YEAR} 次", field="visits_required")
    day = max(today, datetime.date(year, 1, 1)) if year >= today.year else datetime.date(year, 12, 31)
    post = committee_post(liaison, committee, day)
    if post is None:
        raise RuleViolation(f"{getattr(liaison, 'display_name', '') or '该用户'}不在{committee.name}任职，不能挂点联系学校",
                            rule=R.R_LIAISON_MEMBER, field="liaison")
    if not school_under(school, committee):
        raise RuleViolation(f"{school.name}不是{committee.name}所辖的学校", rule=R.R_LIAISON_MEMBER, field="school")
    existing = LiaisonAssignment.objects.filter(year=year, school=school, liaison=liaison).first()
    if existing is not None:
        return existing  # the same assignment again: the first one stands (a double submit)
    assignment = LiaisonAssignment.objects.create(
        committee=committee, year=year, liaison=liaison, liaison_name=post.person_name[:60],
        post_label=Post(post.post).label if post.post in Post.values else "", school=school,
        visits_required=visits, assigned_by=acting_user)
    audit.record("liaison.assign", target=assignment, actor=acting_user,
                 changes={"year": year, "liaison": assignment.liaison_name, "school": school.name,
                          "visits_required": visits})
    return assignment


def _assignment_of(user, school: School, year: int) -> LiaisonAssignment:
    assignment = (LiaisonAssignment.objects.select_for_update().select_related("school", "committee")
                  .filter(school=school, year=year, liaison=user).first()) if user is not None else None
    if assignment is None:
        raise RuleViolation(f"您不是{school.name}{year}年度的联系人，不能登记对该校的走访", rule=R.R_VISIT_BY_LIAISON,
                            field="school", code="not_assigned")
    return assignment


@transaction.atomic
def plan_visit(school: School, *, planned_on, acting_user, today: datetime.date | None = None) -> LiaisonVisit:
    """The liaison puts a date in his calendar for the school (shown to the school and the committee)."""
    today = today or timezone.localdate()
    day = parse_date(planned_on, "planned_on", R.R_VISIT_RECORD)
    assignment = _assignment_of(acting_user, school, day.year)
    if day < today:
        raise RuleViolation("计划日期不能早于今天；已经去过的请直接登记走访", rule=R.R_VISIT_RECORD, field="planned_on")
    visit = LiaisonVisit.objects.create(assignment=assignment, school=school, planned_on=day, recorded_by=acting_user)
    audit.record("liaison.visit_plan", target=visit, actor=acting_user, changes={"planned_on": day.isoformat()})
    return visit


@transaction.atomic
def record_visit(school: School, *, visited_on, visitors: str, findings: str, acting_user, visit=None,
                 today: datetime.date | None = None) -> LiaisonVisit:
    """The assigned liaison records a visit made (filling in a planned one when given)."""
    today = today or timezone.localdate()
    day = parse_date(visited_on, "visited_on", R.R_VISIT_RECORD)
    assignment = _assignment_of(acting_user, school, day.year)
    if day > today:
        raise RuleViolation("走访日期不能晚于今天", rule=R.R_VISIT_RECORD, field="visited_on")
    visitors, findings = _text(visitors, 200), _text(findings, 4000)
    if not visitors:
        raise RuleViolation("请写明参加走访的人员", rule=R.R_VISIT_RECORD, field="visitors")
    if not findings:
        raise RuleViolation("请写明调研指导情况和发现的问题（没有问题也请写明）", rule=R.R_VISIT_RECORD, field="findings")
    if visit is not None:
        visit = LiaisonVisit.objects.select_for_update().get(pk=visit.pk)
        if visit.assignment_id != assignment.pk or visit.state != R.VisitState.PLANNED:
            raise RuleViolation("只能登记本人联系学校尚未走访的计划", rule=R.R_VISIT_BY_LIAISON, field="visit")
    else:
        visit = LiaisonVisit(assignment=assignment, school=school)
    visit.state, visit.visited_on, visit.planned_on = R.VisitState.DONE, day, visit.planned_on
    visit.visitors, visit.findings, visit.recorded_by = visitors, findings, acting_user
    visit.save()
    audit.record("liaison.visit_record", target=visit, actor=acting_user,
                 changes={"visited_on": day.isoformat(), "visitors": visitors, "school": school.name})
    return visit


def finding_origin(prefix: str, pk: int, problem: str) -> str:
    """One finding, one item: the same problem sent twice (a double submit) gives the first item."""
    digest = hashlib.sha256(problem.strip().encode()).hexdigest()[:16]
    return f"{prefix}:{pk}:{digest}"


def raise_finding(*, school: School, issuer: PartyOrg, source: str, issued_on: datetime.date, issuer_detail: str,
                  title: str, origin: str, problem: str, owner_name: str, deadline, measures: str = "",
                  acting_user=None, today: datetime.date | None = None) -> RectificationItem:
    """A finding on the school's ledger, through the ledger's public service (its rules, rights and audit)."""
    if school.party_org is None:
        raise RuleViolation(f"{school.name}尚未建立党组织，问题不能列入整改台账", rule=ledger.R.R_ISSUER, field="problem")
    problem = str(problem or "").strip()
    with transaction.atomic():
        batch = ledger.create_rectification_batch(
            school.party_org, source=source, issued_on=issued_on, issuer=issuer, issuer_detail=issuer_detail,
            title=title, origin=origin, acting_user=acting_user, today=today)
        return ledger.create_rectification_item(
            batch, problem=problem, owner_name=owner_name, deadline=deadline, measures=measures,
            origin=finding_origin(origin, batch.pk, problem) if problem else "", acting_user=acting_user, today=today)


def raise_visit_finding(visit: LiaisonVisit, *, problem: str, owner_name: str, deadline, measures: str = "",
                        acting_user=None, today: datetime.date | None = None) -> RectificationItem:
    visit = LiaisonVisit.objects.select_related("assignment__committee", "school__party_org").get(pk=visit.pk)
    if visit.state != R.VisitState.DONE or visit.visited_on is None:
        raise RuleViolation("计划中的走访还没有发现的问题，请先登记走访", rule=R.R_VISIT_RECORD, field="problem")
    a = visit.assignment
    return raise_finding(
        school=visit.school, issuer=a.committee, source=Source.LIAISON, issued_on=visit.visited_on,
        issuer_detail=f"联系点走访（{a.liaison_name}）"[:60],
        title=f"{visit.visited_on:%Y年%m月%d日}{a.liaison_name}联系点走访发现问题整改", origin=f"supervision.liaison_visit:{visit.pk}",
        problem=problem, owner_name=owner_name, deadline=deadline, measures=measures, acting_user=acting_user,
        today=today)
