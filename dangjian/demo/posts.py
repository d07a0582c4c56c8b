"""Positions (任职) of the demo: committees sized by the branch rules, group leaders,
principals (often 一肩挑 in branch schools), some history, and a few organizations left
without a committee or a secretary so that the structure findings have something to find."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dangjian.core.roles import Post
from dangjian.demo.people import MemberPlan, PeopleFactory
from dangjian.demo.tree import OrgNode
from dangjian.orgs.models import OrgKind, Ownership, Position
from dangjian.orgs.rules import BRANCH_COMMITTEE_MAX, BRANCH_COMMITTEE_MIN, BRANCH_COMMITTEE_THRESHOLD

# Order in which a branch fills its committee as it grows (3 to 5 members).
BRANCH_COMMITTEE_ORDER = (Post.SECRETARY, Post.ORGANIZATION_MEMBER, Post.PUBLICITY_MEMBER, Post.DISCIPLINE_MEMBER,
                          Post.DEPUTY_SECRETARY)
UPPER_COMMITTEE = (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION_MEMBER, Post.PUBLICITY_MEMBER,
                   Post.DISCIPLINE_MEMBER)
ONE_SHOULDER_SHARE = 0.55   # branch schools where the secretary is also the principal (一肩挑)
HISTORY_SHARE = 0.06        # organizations whose previous secretary is on record
MISSING_COMMITTEE_SHARE = 0.02
MISSING_SECRETARY_SHARE = 0.008


@dataclass
class PositionPlan:
    org: OrgNode
    post: str
    person_name: str
    started_on: datetime.date
    member: MemberPlan | None = None
    ended_on: datetime.date | None = None
    note: str = ""
    persona: str = ""


def _committee_size(full: int) -> int:
    if full < BRANCH_COMMITTEE_THRESHOLD:
        return 1  # secretary only: no 支委会 below 7 full members
    return BRANCH_COMMITTEE_MIN if full < 15 else min(BRANCH_COMMITTEE_MAX, 4 if full < 30 else 5)


def plan_positions(root: OrgNode, factory: PeopleFactory, rng: random.Random, today: datetime.date) -> list[PositionPlan]:
    plans: list[PositionPlan] = []
    for node in root.walk():
        if node.kind in (OrgKind.EDUCATION_COMMITTEE, OrgKind.GROUP):
            continue
        plans.extend(_org_positions(node, factory, rng, today))
    for node in root.walk():
        if node.kind == OrgKind.GROUP:
            people = [m for m in node.parent.members if m.group is node and m.full]
            if people:
                leader = rng.choice(people)
                plans.append(PositionPlan(node, Post.GROUP_LEADER, leader.name, node.parent.term_start, leader))
    return plans


def _org_positions(node: OrgNode, factory: PeopleFactory, rng: random.Random, today) -> list[PositionPlan]:
    members = node.all_members()
    full = [m for m in members if m.full]
    pool = [m for m in full if not m.retiree] or full
    school = node.schools[0] if len(node.schools) == 1 else None
    pinned = school.pinned if school else ""
    started = min(node.term_start, today)
    if node.kind in (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH):
        posts = list(UPPER_COMMITTEE)
    else:
        posts = list(BRANCH_COMMITTEE_ORDER[:_committee_size(len(full))])
    x = rng.random()
    if not pinned and node.is_school_level and len(posts) > 1 and x < MISSING_COMMITTEE_SHARE:
        posts = [Post.SECRETARY]  # committee not elected: 正式党员 ≥ 7 but no 支委会
    vacant = not pinned and node.is_school_level and MISSING_COMMITTEE_SHARE <= x < \
        MISSING_COMMITTEE_SHARE + MISSING_SECRETARY_SHARE
    holders = rng.sample(pool, min(len(pool), len(posts))) if pool else []
    plans: list[PositionPlan] = []
    by_post: dict[str, MemberPlan] = {}
    for post, member in zip(posts, holders, strict=False):
        by_post[post] = member
        if post == Post.SECRETARY and vacant:
            # The secretary left mid-term and nobody has been elected yet.
            left = started + (today - started) / 2
            plans.append(PositionPlan(node, post, member.name, started, None, ended_on=left, note="调任其他单位，尚未补选"))
            continue
        plans.append(PositionPlan(node, post, member.name, started, member))
    if rng.random() < HISTORY_SHARE and node.term_start and not pinned:
        earlier = node.term_start - datetime.timedelta(days=365 * 3)
        plans.append(PositionPlan(node, Post.SECRETARY, factory.picker.person(male=rng.random() < 0.5), earlier,
                                  ended_on=node.term_start - datetime.timedelta(days=1), note="届满离任"))
    if school and node.kind != OrgKind.JOINT_BRANCH:
        plans.extend(_principal(node, school, by_post, pool, factory, rng, today))
    if pinned:
        _mark_personas(plans, pinned, node, by_post)
    return plans


def _principal(node, school, by_post, pool, factory, rng, today) -> list[PositionPlan]:
    secretary = by_post.get(Post.SECRETARY)
    started = today - datetime.timedelta(days=rng.randint(200, 3000))
    one_shoulder = (school.ownership == Ownership.PUBLIC and node.kind == OrgKind.BRANCH and secretary is not None
                    and school.pinned != "A" and rng.random() < ONE_SHOULDER_SHARE)
    plans = []
    if one_shoulder:
        principal = secretary
        if len(pool) >= 30 and Post.DEPUTY_SECRETARY not in by_post:
            # With 一肩挑 a large school has a full-time deputy secretary (2022 意见).
            others = [m for m in pool if m not in by_post.values()]
            deputy = rng.choice(others)
            by_post[Post.DEPUTY_SECRETARY] = deputy
            plans.append(PositionPlan(node, Post.DEPUTY_SECRETARY, deputy.name, min(node.term_start, today), deputy))
    elif school.ownership == Ownership.PRIVATE and rng.random() < 0.6:
        principal = None  # private school principals are often not party members
    else:
        others = [m for m in pool if m not in by_post.values()]
        principal = rng.choice(others) if others else None
    name = principal.name if principal else factory.picker.person(male=rng.random() < 0.6)
    school.principal_name = name
    plans.append(PositionPlan(node, Post.PRINCIPAL, name, started, principal))
    return plans


def _mark_personas(plans: list[PositionPlan], pinned: str, node: OrgNode, by_post: dict) -> None:
    wanted = {"A": {Post.SECRETARY: "secretary_a", Post.ORGANIZATION_MEMBER: "org_member_a", Post.PRINCIPAL:
                    "principal_a"}, "B": {Post.SECRETARY: "secretary_b"}}[pinned]
    for plan in plans:
        persona = wanted.get(plan.post)
        if persona and plan.ended_on is None:
            plan.persona = persona
            if plan.member:
                plan.member.persona = persona
    if pinned == "A":
        # The ordinary member: no post at all, full member, in a party group.
        held = {id(m) for m in by_post.values()} | {id(p.member) for p in plans if p.member}
        ordinary = next(m for m in node.members if id(m) not in held and m.full and not m.retiree and m.group)
        ordinary.persona = "member_a"


def write_positions(plans: list[PositionPlan], batch_size: int = 2000) -> int:
    """Bulk insert of every position except the personas', which go through orgs.services."""
    rows = [
        Position(org_id=p.org.id, post=p.post, person_name=p.person_name, member_id=p.member.db.pk if p.member else None,
                 started_on=p.started_on, ended_on=p.ended_on, note=p.note)
        for p in plans if not p.persona
    ]
    Position.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
