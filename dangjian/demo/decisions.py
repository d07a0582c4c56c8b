"""Two years of 议事决策 for every school party organization of the demo, every change through
dangjian.decisions.services (the same rules as a secretary meets): matters proposed
to the 校长办公会, talked over, put on a committee meeting's agenda, voted on from the seats held
that day, executed with reports, closed and reported back to the 教代会; small routine matters
decided by the 校长办公会 alone; the administration's expenditures, most covered by a decision.

Behaviour, from its own random stream: most matters pass; some are deferred (and pass at the next
meeting) or not passed; ~3 % of meetings fall short of half the committee (everything deferred);
a few executions end late or are still overdue; a few schools pay large sums without a decision
(what the oversight page must find). Each school's first years without a sitting committee are
skipped (no meeting can be held without seats).

Cost: every step is a service call with its audit entry (about 12 per matter), so the number of
matters per school is kept small at city scale (MATTERS_PER_YEAR); see docs/decisions.md.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Post
from dangjian.decisions import services
from dangjian.decisions.models import BodySeat
from dangjian.decisions.rules import CATEGORIES, Category, State
from dangjian.decisions.services import party_seats, record_meeting, record_votes
from dangjian.orgs.models import Position, School

MATTERS_PER_YEAR = {"school": 10, "county": 4, "city": 3}
YEARS = 2
NON_QUORATE_SHARE = 0.03
DEFER_SHARE, REJECT_SHARE = 0.06, 0.04
LATE_SHARE, STILL_OVERDUE_SHARE = 0.08, 0.05
VIOLATING_SCHOOL_SHARE = 0.04
POWERS_FOR_SCHOOLS = 30   # the 小微权力清单 is written for the first schools only (one service call each)
SERVICE_SCHOOLS = 10      # schools written step by step through the services; the rest in bulk (decisions_bulk)

TITLES = {
    Category.DEVELOPMENT_PLAN: ["学校三年发展规划（{y}—{y2}年）", "学校章程修订"],
    Category.CADRE: ["任命教务处主任", "调整德育处副主任人选", "年级组长聘任"],
    Category.HONOURS: ["推荐市级优秀教师人选", "评选校级优秀班主任"],
    Category.REWARD_PUNISH: ["教职工年度考核奖励方案", "对违反师德规范教师的处理意见"],
    Category.PERSONNEL_TITLE: ["中小学教师职称推荐人选", "新进教师招聘方案"],
    Category.CONSTRUCTION: ["操场塑胶跑道改造", "教学楼外墙维修", "食堂改造工程", "校园安防监控升级"],
    Category.LARGE_EXPENSE: ["采购录播教室设备", "图书馆图书采购", "学生课桌椅更新", "多媒体教室设备更新"],
    Category.MAJOR_PROJECT: ["智慧校园建设项目", "校园文化建设工程"],
    Category.ROUTINE: ["办公用品采购", "教研活动经费", "运动会器材购置"],
}
WEIGHTS = [(Category.LARGE_EXPENSE, 22), (Category.CONSTRUCTION, 12), (Category.CADRE, 12), (Category.HONOURS, 10),
           (Category.PERSONNEL_TITLE, 8), (Category.REWARD_PUNISH, 6), (Category.DEVELOPMENT_PLAN, 4),
           (Category.MAJOR_PROJECT, 6), (Category.ROUTINE, 20)]
UNITS = ["总务处", "教务处", "德育处", "办公室", "人事处"]
OWNERS = ["李建华", "王秀英", "张国强", "刘海燕", "陈志明", "杨丽", "赵军", "黄敏"]
POWERS = [
    ("教师外出培训审批", "学校教师培训管理办法", "教务处主任", "教师申请\n教务处审核\n分管校长审批\n报备存档",
     "随意审批、重复培训：年度培训计划公开，审批结果每学期公示"),
    ("小额物资采购", "学校财务管理制度", "总务处主任", "部门提出需求\n总务处询价（三家以上）\n分管校长审批\n验收入库",
     "拆分采购规避集体决策：单笔 5,000 元以上提交校长办公会，达到标准的提交党组织会议"),
    ("学生资助评定", "学生资助管理办法", "德育处主任", "学生申请\n班级评议\n学校资助小组审核\n公示五个工作日",
     "优亲厚友：评议结果公示，纪检委员监督"),
    ("教职工请销假审批", "学校考勤制度", "办公室主任", "本人申请\n部门负责人审核\n分管校长审批",
     "审批不严：请假记录每月汇总公开"),
]


@dataclass
class DecisionCounts:
    matters: int = 0
    meetings: int = 0
    non_quorate: int = 0
    executing_overdue: int = 0
    closed_late: int = 0
    expenditures: int = 0
    violations: int = 0
    powers: int = 0
    skipped: int = 0


def write_decisions(scale: str, today: datetime.date, seed: int) -> DecisionCounts:
    rng = random.Random(f"{seed}:decisions")
    counts = DecisionCounts()
    per_year = MATTERS_PER_YEAR.get(scale, 3)
    schools = list(School.objects.filter(party_org__isnull=False).select_related("party_org").order_by("code"))
    principals = {p.org_id: p for p in Position.objects.filter(post=Post.PRINCIPAL, user__isnull=False)}
    # the personas' schools first, so that their data is the one written through the services
    personas = set(principals)
    schools.sort(key=lambda s: (s.party_org_id not in personas, s.code))
    if len(schools) > SERVICE_SCHOOLS:
        import sys

        from dangjian.demo.decisions_bulk import write_bulk

        write_bulk(schools[SERVICE_SCHOOLS:], rng, today, per_year, counts, sys.modules[__name__])
        schools = schools[:SERVICE_SCHOOLS]
    for index, school in enumerate(schools):
        org = school.party_org
        owner = principals[org.pk].user if org.pk in principals else None
        _school(org, school, rng, today, per_year, owner, counts)
        if index < POWERS_FOR_SCHOOLS:
            for name, basis, post, steps, risks in POWERS:
                services.save_power(org, {"name": name, "basis": basis, "responsible_post": post, "steps": steps,
                                          "risk_points": risks})
                counts.powers += 1
            if rng.random() < 0.8:
                services.publish_powers(org, on=today - datetime.timedelta(days=rng.randrange(10, 200)))
    return counts


def _school(org, school, rng, today, per_year, owner, counts):
    start = today - datetime.timedelta(days=365 * YEARS)
    BodySeat.objects.bulk_create([
        BodySeat(org=org, body="principal_office", person_name=rng.choice(OWNERS), role="副校长", started_on=start),
        BodySeat(org=org, body="staff_congress", person_name=rng.choice(OWNERS), role="教代会主席", started_on=start)])
    meetings = per_year * YEARS // 2 + 1       # about two matters per meeting
    gap = (365 * YEARS - 30) // meetings
    deferred = []
    for n in range(meetings):
        held = start + datetime.timedelta(days=20 + n * gap + rng.randrange(0, 10))
        if held > today - datetime.timedelta(days=5):
            break
        seats = party_seats(org, held)
        if not seats:
            counts.skipped += 1
            continue
        matters = [_propose(org, held, rng, owner) for _ in range(rng.choice((1, 2, 2, 3)))]
        counts.matters += len(matters)
        for_meeting = [m for m in matters if m.state == State.COMMUNICATED] + deferred
        routine = [m for m in matters if m.state == State.PROPOSED]
        for m in routine:
            _execute(m, held, rng, today, owner, counts)
        if not for_meeting:
            continue
        deferred = []
        present = _present(seats, rng)
        meeting = record_meeting(org, held_on=held, host_name=seats[0].person_name, place="学校会议室",
                                 recorder_name=seats[-1].person_name, present=[p.pk for p in present],
                                 absent={p.pk: rng.choice(["公出", "病假", "事假"]) for p in seats if p not in present},
                                 observers=_observers(org, held, seats), matters=for_meeting)
        counts.meetings += 1
        counts.non_quorate += not meeting.quorate
        for matter in for_meeting:
            outcome = _vote(meeting, matter, present, len(seats), rng)
            if outcome == "deferred":
                deferred.append(matter)
            elif outcome == "passed":
                matter.refresh_from_db()
                _execute(matter, held, rng, today, owner, counts)
    if rng.random() < VIOLATING_SCHOOL_SHARE:
        for _ in range(rng.choice((1, 1, 2, 3))):
            paid = today - datetime.timedelta(days=rng.randrange(20, 300))
            services.record_expenditure(org, paid_on=paid, amount=str(rng.randrange(8, 60) * 1000),
                                        purpose=rng.choice(["空调采购", "电子屏安装", "校服采购", "外出研学费用"]),
                                        voucher=f"记-{paid:%Y%m}-{rng.randrange(1, 300):03d}")
            counts.expenditures += 1
            counts.violations += 1


def _propose(org, day, rng, owner):
    category = rng.choices([c for c, _ in WEIGHTS], [w for _, w in WEIGHTS])[0]
    title = rng.choice(TITLES[category]).format(y=day.year, y2=day.year + 2)
    info = CATEGORIES[category]
    amount = None
    if info.money or category in (Category.CONSTRUCTION, Category.MAJOR_PROJECT):
        amount = str(rng.randrange(5, 60) * 100) if category == Category.ROUTINE else str(rng.randrange(1, 80) * 5000)
    raised = day - datetime.timedelta(days=rng.randrange(14, 30))
    matter = services.create_matter(org, title=title, category=category, amount=amount, raised_on=raised,
                                    proposer_name="校长", background="由校长办公会研究提出。")
    matter = services.transition(matter, State.PROPOSED, occurred_on=raised + datetime.timedelta(days=3),
                                 facts={"meeting_note": "校长办公会研究，同意提交党组织会议"})
    if not matter.is_major:
        return matter  # the 校长办公会's own decision: executed without the party meeting
    return services.transition(matter, State.COMMUNICATED, occurred_on=raised + datetime.timedelta(days=7),
                               facts={"communication": "书记与校长会前充分沟通，意见一致",
                                      "consultation": "会前已与委员个别酝酿" if info.personnel else ""})


def _present(seats, rng):
    if rng.random() < NON_QUORATE_SHARE and len(seats) >= 3:
        return seats[: (len(seats) - 1) // 2]    # fewer than half: not quorate (半数以上 includes half)
    absent = 1 if len(seats) >= 5 and rng.random() < 0.3 else 0
    return seats[: len(seats) - absent]


def _observers(org, day, seats):
    seated = {p.person_name for p in seats}
    principals = Position.objects.active_on(day).filter(org=org, post=Post.PRINCIPAL)
    return [{"name": p.person_name, "role": "校长（列席）"} for p in principals if p.person_name not in seated]


def _vote(meeting, matter, present, size, rng) -> str:
    item = {"matter": matter.pk}
    roll = rng.random()
    eligible = len(present)
    try_pass = roll >= DEFER_SHARE + REJECT_SHARE
    if not meeting.quorate or (matter.personnel and eligible * 3 < size * 2) or roll < DEFER_SHARE:
        item["verdict"] = "deferred"
    elif try_pass:
        item.update(verdict="passed", **{"for": eligible})
        item["resolution"] = f"同意{matter.title}，由校长办公会组织实施。"
    else:
        against = eligible - eligible // 2
        item.update(verdict="not_passed", **{"for": eligible - against, "against": against})
    try:
        record_votes(meeting, [item])
    except RuleViolation:
        record_votes(meeting, [{"matter": matter.pk, "verdict": "deferred"}])
        return "deferred"
    return {"passed": "passed", "not_passed": "rejected", "deferred": "deferred"}[item["verdict"]]


def _execute(matter, decided, rng, today, owner, counts):
    start = decided + datetime.timedelta(days=2)
    if start > today:
        return
    deadline = start + datetime.timedelta(days=rng.randrange(30, 120))
    services.transition(matter, State.EXECUTING, occurred_on=start, owner=owner if rng.random() < 0.3 else None,
                        facts={"owner": rng.choice(OWNERS), "unit": rng.choice(UNITS), "deadline": deadline})
    if matter.amount is not None and matter.amount > 0:
        services.record_expenditure(matter.org, paid_on=start + datetime.timedelta(days=10), amount=matter.amount,
                                    purpose=matter.title, voucher=f"记-{start:%Y%m}-{rng.randrange(1, 300):03d}",
                                    matter=matter)
        counts.expenditures += 1
    fate = rng.random()
    if deadline >= today:
        end = None                                   # still within its time
    elif fate < STILL_OVERDUE_SHARE:
        end = None
        counts.executing_overdue += 1
    elif fate < STILL_OVERDUE_SHARE + LATE_SHARE:
        end = min(today, deadline + datetime.timedelta(days=rng.randrange(5, 40)))
        counts.closed_late += end > deadline
    else:
        end = deadline - datetime.timedelta(days=rng.randrange(0, 10))
    half = start + (min(end or today, deadline) - start) / 2
    services.report_progress(matter, reported_on=half, progress=50, text="按计划推进，已完成过半")
    if end is None:
        return
    services.report_progress(matter, reported_on=end, progress=100, text="已全部完成", evidence="验收记录")
    services.transition(matter, State.CLOSED, occurred_on=end)
    if matter.needs_report_back and end + datetime.timedelta(days=20) <= today and rng.random() < 0.7:
        services.transition(matter, State.REPORTED, occurred_on=end + datetime.timedelta(days=20),
                            facts={"congress": f"{end.year}年教职工代表大会"})
