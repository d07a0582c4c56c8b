"""The three bodies of a school on a given day, from positions and seats.

党组织会议: the committee posts (书记, 副书记, 委员 …, dangjian.core.roles.COMMITTEE_POSTS) on the
school's own party organization — the people with a vote. 校长办公会: the principal's position
and the seats recorded for it. 教代会: its recorded seats. One person holding two committee
posts counts once. The seats are kept by the school's secretary or principal (add_seat,
end_seat): a seat is never deleted, its term ends, so a past meeting keeps its body."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import COMMITTEE_POSTS, Action, Post
from dangjian.core.scoping import scope_of
from dangjian.decisions import rules as R
from dangjian.decisions.models import Body, BodySeat
from dangjian.orgs.models import SCHOOL_ORG_KINDS, Position


def party_seats(org, on: datetime.date) -> list[Position]:
    """Committee positions active on `on`, one per person (the highest post kept)."""
    rank = {p: i for i, p in enumerate([Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION_MEMBER,
                                        Post.PUBLICITY_MEMBER, Post.DISCIPLINE_MEMBER])}
    rows = sorted(Position.objects.active_on(on).filter(org=org, post__in=COMMITTEE_POSTS),
                  key=lambda p: (rank.get(p.post, 9), p.pk))
    seen, seats = set(), []
    for position in rows:
        person = (position.member_id or position.user_id or position.person_name)
        if person in seen:
            continue
        seen.add(person)
        seats.append(position)
    return seats


def seats(org, body: str, on: datetime.date) -> list[dict]:
    """Who sits on the 校长办公会 or the 教代会 on `on` (name, role)."""
    found = []
    if body == Body.PRINCIPAL_OFFICE:
        for p in Position.objects.active_on(on).filter(org=org, post=Post.PRINCIPAL):
            found.append({"name": p.person_name, "role": "校长"})
    rows = BodySeat.objects.filter(org=org, body=body, started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    found += [{"name": s.person_name, "role": s.role} for s in rows]
    return found


def principal_positions(org, on: datetime.date) -> list[Position]:
    return list(Position.objects.active_on(on).filter(org=org, post=Post.PRINCIPAL))


# --- keeping the 校长办公会 and 教代会 seats -------------------------------------------------

SEAT_BODIES = (Body.PRINCIPAL_OFFICE, Body.STAFF_CONGRESS)   # the party meeting comes from positions


def may_keep_seats(user, org) -> bool:
    """The school's secretary (who convenes) or principal (who chairs the 校长办公会)."""
    scope = scope_of(user)
    return any(scope.allows(a, org.path) for a in (Action.DECISIONS_PROPOSE, Action.DECISIONS_CONVENE))


@transaction.atomic
def add_seat(org, *, body: str, person_name: str, role: str = "", started_on: datetime.date,
             acting_user=None) -> BodySeat:
    """A seat on the 校长办公会 or the 教代会 from a date (e.g. a vice principal, the union chair)."""
    if acting_user is not None and not may_keep_seats(acting_user, org):
        raise PermissionDenied("只有本校党组织书记或校长可以维护议事机构成员")
    if org.kind not in SCHOOL_ORG_KINDS:
        raise RuleViolation("议事机构成员在学校党组织登记", field="body")
    if body not in SEAT_BODIES:
        raise RuleViolation("请选择校长办公会或教代会（党组织会议成员来自任职）", rule=R.R_VOTERS, field="body")
    person_name, role = (person_name or "").strip(), (role or "").strip()
    if not person_name:
        raise RuleViolation("请填写姓名", field="person_name")
    if not isinstance(started_on, datetime.date):
        raise RuleViolation("请填写起始日期（例如 2026-09-01）", field="started_on")
    if BodySeat.objects.filter(org=org, body=body, person_name=person_name, ended_on__isnull=True).exists():
        raise RuleViolation(f"{person_name}已是{Body(body).label}成员（如任期变化，请先登记原任期终止）",
                            field="person_name", code="duplicate")
    seat = BodySeat.objects.create(org=org, body=body, person_name=person_name[:60], role=role[:60],
                                   started_on=started_on)
    audit.record("decisions.seat", target=seat, actor=acting_user,
                 changes={"body": body, "person": seat.person_name, "role": seat.role,
                          "started_on": started_on.isoformat()})
    return seat


@transaction.atomic
def end_seat(seat: BodySeat, *, ended_on: datetime.date, acting_user=None) -> BodySeat:
    """A seat's term ends (kept: a meeting is judged by the seats of its own day)."""
    seat = BodySeat.objects.select_for_update().select_related("org").get(pk=seat.pk)
    if acting_user is not None and not may_keep_seats(acting_user, seat.org):
        raise PermissionDenied("只有本校党组织书记或校长可以维护议事机构成员")
    if seat.ended_on is not None:
        raise RuleViolation(f"{seat.person_name}的任期已于 {seat.ended_on:%Y-%m-%d} 终止", field="ended_on")
    if not isinstance(ended_on, datetime.date) or ended_on < seat.started_on:
        raise RuleViolation(f"终止日期不能早于起始日期（{seat.started_on:%Y-%m-%d}）", field="ended_on")
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on"])
    audit.record("decisions.seat_end", target=seat, actor=acting_user, changes={"ended_on": ended_on.isoformat()})
    return seat
