"""The 组织生活会 of every branch of the demo as a whole process: last year's from its preparation
to the 情况报告 with its problems on the 整改台账 (most items closed by the level above since, a few
still in progress), and this year's as far as the demo's day has brought it (held and reported, or
still preparing, fully prepared from November).

The demo secretaries' branches and the first SERVICE_ORGS others go through the supervision
services step by step, as a secretary would (audit entries, every material submitted and
approved, the items closed with evidence through the rectification services); the other branches
tell the same story in bulk (lifemeetings_bulk.py): a service call per member and step — about
ten per member a year — would take a county's 1,500 members past many minutes.

Each process links the 组织生活会 record the organizational-life demo already wrote for that
branch and year (demo/orglife.py), so the meeting's attendance is the one orglife shows; a branch
whose record is missing that year (the orglife demo's gaps) has no process that year — it shows
among the branches that have not started. The first county sets a stricter local rule (7 days
for the 情况报告, 列席指导 required) naming its notice, so the list shows both rules at work. Older
years keep only the orglife record.

Behaviour, from its own random stream: reports mostly within their days, about one in ten late;
of last year's 整改 items about 95 % closed, the rest in progress (so overdue)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.roles import Post
from dangjian.demo.lifemeetings_bulk import Plan, pairs, write_bulk
from dangjian.orglife.models import Meeting
from dangjian.orglife.services import expected_attendees
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.supervision.models import RectificationItem
from dangjian.supervision.rules import lifemeeting as R
from dangjian.supervision.selectors.lifemeeting import branch_leaders, participants, readiness, rules_for
from dangjian.supervision.services import lifemeeting as prep
from dangjian.supervision.services import lifemeeting_materials as materials
from dangjian.supervision.services import lifemeeting_meeting as meeting
from dangjian.supervision.services import rectification_flow as flow

SERVICE_ORGS = 2
LATE_SHARE = 0.1
CLOSED_SHARE = 0.95
PROBLEMS = [
    ("理论学习不够系统深入，学用结合不紧", "制定个人学习计划，每月精读一本理论书籍并撰写心得"),
    ("联系青年教师和学生家长不够主动", "每学期至少走访 5 名学生家庭，结对帮带 1 名青年教师"),
    ("攻坚克难的劲头不足，创新意识不强", "牵头一项校本课程或教研课题，按学期报告进展"),
    ("执行组织生活制度不够严格，有时以工作忙为由请假", "按时参加“三会一课”和主题党日，全年无无故缺席"),
    ("先锋模范作用发挥不够明显", "参加党员先锋岗，带头上公开课和参加志愿服务"),
]
CAUSES = "理想信念教育抓得不够紧，党性锻炼有所放松；对自身要求不够严格，存在重业务轻学习的倾向。"
TOPICS = ["学习贯彻党的创新理论，发挥党员先锋模范作用", "强化政治担当，办好人民满意的教育", "坚定理想信念，立德树人作表率"]
STUDIES = [("collective", "学习党章和《中国共产党纪律处分条例》"), ("seminar", "围绕会议主题开展专题研讨")]
OPINIONS = [("forum", "staff", "希望支部多组织青年教师参加的活动"), ("form", "parents", "党员教师家访可以更多一些"),
            ("interview", "members", "组织生活形式可以更加多样")]


@dataclass
class LifeCounts:
    processes: int = 0
    held: int = 0
    reported: int = 0
    late: int = 0
    preparing: int = 0
    items: int = 0
    closed: int = 0
    local_rules: int = 0


def _png() -> SimpleUploadedFile:
    from dangjian.orglife.tests.images import png_bytes

    return SimpleUploadedFile("整改佐证.png", png_bytes(), content_type="image/png")


def _county_of(org: PartyOrg, counties: dict[str, PartyOrg]) -> PartyOrg | None:
    return next((c for path, c in sorted(counties.items(), key=lambda kv: -len(kv[0])) if org.path.startswith(path)),
                None)


def _local_rule(today: datetime.date, counts: LifeCounts) -> None:
    """The first county's notice, in force from the start of last year."""
    county = PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE, depth=2).order_by("path").first()
    if county is None:
        return
    start = datetime.date(today.year - 1, 1, 1)
    prep.set_local_rule(county, kind=R.Kind.LIFE_MEETING, report_days=7, observer_required=True, effective_from=start,
                        document=f"《{county.name}关于召开年度基层党组织组织生活会和开展民主评议党员的通知》"
                                 f"（{county.name[:2]}教党〔{start.year}〕12号）", today=start)
    counts.local_rules += 1


def _prepare(life, day: datetime.date, rng: random.Random, *, complete: bool = True) -> None:
    """Every preparation step on or before `day` (the meeting's day, or today while preparing)."""
    first = max(day - datetime.timedelta(days=20), datetime.date(day.year, 1, 1))
    for form, topic in STUDIES[:1 + complete]:
        prep.record_study(life, held_on=first, form=form, topic=topic, participants=len(participants(life)), today=day)
    for channel, source, content in rng.sample(OPINIONS, 2):
        prep.record_opinion(life, collected_on=first, channel=channel, source=source, content=content, today=day)
    if not complete:
        return
    prep.summarize_opinions(life, summary="会前共征求意见 2 条，主要是：联系青年教师和学生家长不够，组织生活形式可以更加多样。"
                                          "已反馈给每名参会党员，作为查摆问题的参考。", today=day)
    people = [e.member for e in participants(life)]
    for talker, talkee in pairs(people):
        pair = prep.plan_talk(life, talker=talker.pk, talkee=talkee.pk, planned_on=first)
        prep.record_talk(pair, held_on=first + datetime.timedelta(days=3), summary="交流思想，互相提醒，互提意见建议",
                         today=day)
    for person in people:
        problem, measures = rng.choice(PROBLEMS)
        written = materials.write_material(life, member=person.pk, causes=CAUSES, commitments="以更高标准严格要求自己。",
                                           problems=[{"problem": problem, "measures": measures}])
        materials.approve_material(materials.submit_material(written, today=day), today=day)


def _observer(org: PartyOrg, day: datetime.date, counties: dict[str, PartyOrg]) -> dict:
    if not rules_for(org, R.Kind.LIFE_MEETING, day).observer_required:
        return {}
    county = _county_of(org, counties)
    admin = Position.objects.active_on(day).filter(org=county, post=Post.COMMITTEE_ADMIN).first() if county else None
    return {"observer_name": admin.person_name if admin else "组织科负责同志", "observer_org": county.pk if county else None}


def _hold(life, record: Meeting, rng: random.Random, counties, counts: LifeCounts):
    """The held process, or None when the preparation is not complete."""
    day = record.held_on
    life.refresh_from_db()   # the preparation's services wrote through their own locked copies
    present = set(record.attendance.filter(present=True).values_list("member_id", flat=True))
    leaders = [x.member.pk for x in branch_leaders(life.org, day) if x.member.pk in present]
    if not all(check.done for check in readiness(life, day)):
        return None   # a branch of one member whose yearly talk orglife does not have: left preparing
    life = meeting.hold(life, meeting=record.pk, dual_life=leaders, today=day, **_observer(life.org, day, counties))
    counts.held += 1
    people = sorted(present)
    for subject in people:
        others = [p for p in people if p != subject]
        criticisms = [{"critic": rng.choice(others), "content": "希望在联系群众、带头攻坚方面再加把劲"}] if others else []
        meeting.record_criticism(life, subject=subject, self_criticism="对照会议主题，查摆了理论学习、联系群众、作用发挥方面的不足。",
                                 criticisms=criticisms, response="诚恳接受大家的批评意见，认真整改。")
    return life


def _afterwards(life, today: datetime.date, rng: random.Random, counts: LifeCounts) -> None:
    held_on = life.held_on
    _, items = meeting.rectify(life, today=held_on)
    counts.items += len(items)
    late = rng.random() < LATE_SHARE
    reported_on = life.report_due + datetime.timedelta(days=rng.randint(1, 5)) if late else \
        held_on + datetime.timedelta(days=rng.randint(2, life.report_days))
    if reported_on <= today:
        meeting.send_report(life, reported_on=reported_on, report_text="", today=reported_on)
        counts.reported += 1
        counts.late += late
    for item in items:
        done_on = min(item.deadline, today) - datetime.timedelta(days=rng.randint(0, 20))
        if item.deadline > today or done_on <= held_on:
            continue   # this year's: still to be carried out
        if rng.random() < CLOSED_SHARE:
            flow.request_closure(item, text="已按整改措施完成，附佐证材料", files=[_png()], occurred_on=done_on, today=done_on)
            flow.approve_closure(RectificationItem.objects.get(pk=item.pk), occurred_on=done_on, today=done_on)
            counts.closed += 1
        else:
            flow.report_progress(item, progress=rng.choice([40, 60, 80]), text="正在落实，部分措施尚需时间",
                                 files=[_png()], occurred_on=done_on, today=done_on)


def write_life_meetings(today: datetime.date, seed: int) -> LifeCounts:
    """Last year's and this year's 组织生活会 of every branch: the demo secretaries' branches and the
    first SERVICE_ORGS others through the services step by step, the rest in bulk (lifemeetings_bulk)."""
    rng = random.Random(f"{seed}:lifemeetings")
    counts = LifeCounts()
    _local_rule(today, counts)
    counties = {c.path: c for c in PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE)}
    years = (today.year - 1, today.year)
    orgs = list(PartyOrg.objects.filter(kind__in=R.ORG_KINDS[R.Kind.LIFE_MEETING], is_active=True).order_by("path"))
    persona_orgs = set(Position.objects.filter(user__username__in=("secretary_a", "secretary_b"))
                       .values_list("org_id", flat=True))
    chosen = [o for o in orgs if o.pk in persona_orgs] + [o for o in orgs if o.pk not in persona_orgs]
    service_ids = {o.pk for o in chosen[:SERVICE_ORGS + len(persona_orgs)]}
    records = {(m.org_id, m.held_on.year): m for m in Meeting.objects.filter(
        kind=R.Kind.LIFE_MEETING, org__in=orgs, held_on__year__in=years, held_on__lte=today).order_by("held_on", "id")}
    bulk = []
    for org in chosen:
        for year in years:
            record = records.get((org.pk, year))
            if record is None and year < today.year:
                continue   # the orglife demo's gap: no 组织生活会 that year
            topic = rng.choice(TOPICS)   # the theme: the page and the documents say the year and the kind
            if org.pk in service_ids:
                _through_services(org, year, record, topic, today, rng, counties, counts)
            else:
                bulk.append(Plan(org, year, record, topic))
    write_bulk(bulk, today, rng, problems=PROBLEMS, causes=CAUSES, late_share=LATE_SHARE, closed_share=CLOSED_SHARE,
               counts=counts)
    return counts


def _through_services(org, year, record, topic, today, rng, counties, counts) -> None:
    planned = record.held_on if record else max(today, datetime.date(year, 12, 10))
    opened_on = min(planned, today)
    if not expected_attendees(org, R.Kind.LIFE_MEETING, planned):
        return
    life = prep.open_process(org, kind=R.Kind.LIFE_MEETING, topic=topic, planned_on=planned, today=opened_on)
    counts.processes += 1
    _prepare(life, opened_on, rng, complete=record is not None or today.month >= 11)
    held = _hold(life, record, rng, counties, counts) if record is not None else None
    if held is None:
        counts.preparing += 1
        return
    _afterwards(held, today, rng, counts)
