"""党建工作联系点 and 巡回督导 for the demo, through the services.

The county of the county_admin persona: the administrator and up to three members of the county
committee (given demo accounts that cannot log in, as their posts carry none) are each assigned two
liaison schools for the year — the administrator school A — with the city's twice a year. Each
liaison school visited in the first half of the year (when the year is past it) with findings, the
current half: about half visited, the others planned (so they show as due in the to-do), school A
among the planned ones; one finding of school A's visit on its 整改台账.

One 巡回督导 round of the county this term over up to eight of its schools, checklist of five entries
(100 points), six schools scored and two left to do, the findings of the two lowest on their ledger.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from dangjian.core.roles import Post
from dangjian.orgs.models import Position, School
from dangjian.supervision.rules import liaison as R
from dangjian.supervision.services import inspection, liaison

D_ = datetime.timedelta
CHECKLIST = [("“三会一课”等组织生活制度落实", 25), ("党组织领导的校长负责制运行", 20), ("党员教育管理和发展党员", 20),
             ("意识形态和思想政治工作", 20), ("党建工作台账和党务公开", 15)]
FINDINGS = ["听取支部书记汇报，查阅“三会一课”记录：党小组会记录不全，个别会议无签到",
            "座谈了解党员教师作用发挥情况：党员示范岗设置未覆盖毕业年级",
            "检查党建工作台账：主题党日活动记录与照片不对应",
            "听取汇报并查看活动阵地：党员活动室资料更新不及时"]
COMMITTEE_POSTS = (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION_MEMBER)


@dataclass
class LiaisonCounts:
    assignments: int = 0
    visits: int = 0
    planned: int = 0
    rounds: int = 0
    inspected: int = 0
    rectification_items: int = 0


def _liaisons(county, admin) -> list:
    """The administrator and up to three committee members, with a demo account each (no password)."""
    users = [admin]
    User = get_user_model()
    for position in (Position.objects.filter(org=county, post__in=COMMITTEE_POSTS, ended_on__isnull=True)
                     .order_by("post", "id")[:3]):
        if position.user_id is None:
            user = User(username=f"demo_liaison_{position.pk}", display_name=position.person_name)
            user.set_unusable_password()
            user.save()
            Position.objects.filter(pk=position.pk).update(user=user)
            position.user = user
        users.append(position.user)
    return users


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + D_(days=rng.randint(0, max((end - start).days, 0)))


def write_liaison(today: datetime.date, seed: int) -> LiaisonCounts:
    rng = random.Random(f"{seed}:liaison")
    counts = LiaisonCounts()
    admin_post = Position.objects.filter(user__username="county_admin", post=Post.COMMITTEE_ADMIN).select_related(
        "org", "user").first()
    secretary_a = Position.objects.filter(user__username="secretary_a", post=Post.SECRETARY).first()
    if admin_post is None:
        return counts
    county, admin = admin_post.org, admin_post.user
    schools = list(School.objects.filter(supervisor=county, party_org__isnull=False).order_by("pk"))
    school_a = next((s for s in schools if secretary_a and s.party_org_id == secretary_a.org_id), None)
    if school_a is not None:
        schools = [school_a] + [s for s in schools if s.pk != school_a.pk]
    if not schools:
        return counts
    half_start, _ = R.half_of(today)
    for n, user in enumerate(_liaisons(county, admin)):
        for school in schools[2 * n:2 * n + 2]:
            _visits_of(county, user, school, today, half_start, rng, counts, school_a=school == school_a)
    _round(county, admin, schools[:8], today, rng, counts)
    return counts


def _visits_of(county, user, school, today, half_start, rng, counts, *, school_a: bool) -> None:
    liaison.assign_liaison(county, year=today.year, liaison=user, school=school, acting_user=None, today=today)
    counts.assignments += 1
    if today.month > 6:  # the first half is past: its visit was made
        visit = liaison.record_visit(school, visited_on=_day_between(rng, datetime.date(today.year, 3, 1),
                                                                     datetime.date(today.year, 6, 20)),
                                     visitors=f"{user.display_name}、教育党工委组织科", findings=rng.choice(FINDINGS),
                                     acting_user=user, today=today)
        counts.visits += 1
        if school_a:
            liaison.raise_visit_finding(visit, problem="党小组会记录不全，个别会议无签到", owner_name="党支部组织委员",
                                        measures="补齐记录，建立会议签到和记录审核制度", deadline=today + D_(days=45),
                                        acting_user=user, today=today)
            counts.rectification_items += 1
    if not school_a and rng.random() < 0.5 and today > half_start:
        liaison.record_visit(school, visited_on=_day_between(rng, half_start, today - D_(days=1)),
                             visitors=f"{user.display_name}", findings=rng.choice(FINDINGS), acting_user=user, today=today)
        counts.visits += 1
    else:
        liaison.plan_visit(school, planned_on=today + D_(days=rng.randint(3, 30)), acting_user=user, today=today)
        counts.planned += 1


def _round(county, admin, schools, today, rng, counts) -> None:
    rnd = inspection.open_round(
        county, title=f"{today.year}年{R.half_label(today)[5:]}中小学校党建工作巡回督导", starts_on=today - D_(days=40),
        ends_on=today + D_(days=20), schools=schools,
        checklist=[{"text": text, "max_score": top} for text, top in CHECKLIST], acting_user=admin)
    counts.rounds += 1
    entries = list(rnd.checklist.all())
    results = list(rnd.results.select_related("school").order_by("school_id"))
    scored = []
    for result in results[:6]:
        scores = {str(e.pk): str(max(0, e.max_score - rng.randint(0, int(e.max_score) // 3))) for e in entries}
        scored.append(inspection.record_inspection(
            result, inspected_on=_day_between(rng, rnd.starts_on, today - D_(days=1)), inspectors="县教育党工委督导组",
            scores=scores, findings=rng.choice(FINDINGS), acting_user=admin, today=today))
        counts.inspected += 1
    for result in sorted(scored, key=lambda r: r.total)[:2]:
        inspection.raise_inspection_finding(result, problem=result.findings.split("：")[-1], owner_name="党支部书记",
                                            measures="对照督导反馈逐项整改，一个月内报送整改情况",
                                            deadline=today + D_(days=30), acting_user=admin, today=today)
        counts.rectification_items += 1
