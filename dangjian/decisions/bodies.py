"""The three bodies of a school on a given day, from positions and seats.

党组织会议: the committee posts (书记, 副书记, 委员 …, dangjian.core.roles.COMMITTEE_POSTS) on the
school's own party organization — the people with a vote. 校长办公会: the principal's position
and the seats recorded for it. 教代会: its recorded seats. One person holding two committee
posts counts once."""

from __future__ import annotations

import datetime

from django.db.models import Q

from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.decisions.models import Body, BodySeat
from dangjian.orgs.models import Position


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
