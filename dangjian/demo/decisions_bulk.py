"""The bulk path of the decisions demo for the schools beyond the first SERVICE_SCHOOLS at county
and city scale: the same story as dangjian.demo.decisions (same titles, shares and dates), the
same rule functions deciding it (rules.is_major, .quorate, .passes, the seats of bodies.party_seats
rebuilt from the positions in memory, the threshold of services.threshold_for), written with
bulk inserts instead of one service call per step — ~100 queries a matter through the services
would take the city's seeding past half an hour (measured, docs/decisions.md).

What only the services write is left out here: per-step audit entries (the seed's one
"demo.seed" entry covers seeded rows, as for the other bulk demo data) and notifications."""

from __future__ import annotations

import datetime
from collections import defaultdict

from dangjian.core.roles import COMMITTEE_POSTS, Post
from dangjian.decisions import rules as R
from dangjian.decisions import services
from dangjian.decisions.models import (
    AgendaItem,
    Attendance,
    DecisionMeeting,
    ExecutionReport,
    Expenditure,
    Matter,
    MatterEvent,
)
from dangjian.decisions.rules import CATEGORIES, Category, State
from dangjian.orgs.models import Position

D = datetime.timedelta


def _seats_by_org(org_ids) -> dict[int, list[Position]]:
    rank = {p: i for i, p in enumerate([Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.ORGANIZATION_MEMBER,
                                        Post.PUBLICITY_MEMBER, Post.DISCIPLINE_MEMBER])}
    by_org = defaultdict(list)
    for p in Position.objects.filter(org_id__in=org_ids, post__in=COMMITTEE_POSTS).order_by("pk"):
        by_org[p.org_id].append(p)
    for rows in by_org.values():
        rows.sort(key=lambda p: (rank.get(p.post, 9), p.pk))
    return by_org


def _on(rows, day):
    seen, out = set(), []
    for p in rows:
        if p.started_on <= day and (p.ended_on is None or p.ended_on >= day):
            person = p.member_id or p.user_id or p.person_name
            if person not in seen:
                seen.add(person)
                out.append(p)
    return out


class Batch:
    def __init__(self):
        self.meetings, self.matters, self.items, self.events = [], [], [], []
        self.attendance, self.reports, self.expenditures = [], [], []

    def event(self, matter, source, target, day, **facts):
        self.events.append((matter, MatterEvent(source=source, target=target, occurred_on=day, facts=facts)))

    def write(self):
        DecisionMeeting.objects.bulk_create(self.meetings, batch_size=1000)
        Matter.objects.bulk_create(self.matters, batch_size=1000)
        for m, a in self.attendance:
            a.meeting_id = m.pk
        Attendance.objects.bulk_create([a for _, a in self.attendance], batch_size=2000)
        for meeting, matter, item in self.items:
            item.meeting_id, item.matter_id = meeting.pk, matter.pk
        AgendaItem.objects.bulk_create([i for _, _, i in self.items], batch_size=1000)
        for matter, e in self.events:
            e.matter_id = matter.pk
            if "meeting" in e.facts:
                e.facts["meeting"] = e.facts["meeting"].pk
        MatterEvent.objects.bulk_create([e for _, e in self.events], batch_size=2000)
        for matter, r in self.reports:
            r.matter_id = matter.pk
        ExecutionReport.objects.bulk_create([r for _, r in self.reports], batch_size=2000)
        for matter, x in self.expenditures:
            x.matter_id = matter.pk if matter is not None else None
        Expenditure.objects.bulk_create([x for _, x in self.expenditures], batch_size=2000)


def write_bulk(schools, rng, today, per_year, counts, story) -> None:
    """`story` is dangjian.demo.decisions (titles, shares, weights): one definition of the demo."""
    seats_by_org = _seats_by_org([s.party_org_id for s in schools])
    batch = Batch()
    for school in schools:
        org = school.party_org
        threshold = services.threshold_for(org, today)[0]
        start = today - D(days=365 * story.YEARS)
        meetings = per_year * story.YEARS // 2 + 1
        gap = (365 * story.YEARS - 30) // meetings
        for n in range(meetings):
            held = start + D(days=20 + n * gap + rng.randrange(0, 10))
            if held > today - D(days=5):
                break
            seats = _on(seats_by_org.get(org.pk, []), held)
            if not seats:
                counts.skipped += 1
                continue
            present = story._present(seats, rng)
            meeting = DecisionMeeting(org=org, held_on=held, place="学校会议室", host_name=seats[0].person_name,
                                      recorder_name=seats[-1].person_name, body_size=len(seats),
                                      present_count=len(present), quorate=R.quorate(len(present), len(seats),
                                                                                    personnel=False))
            batch.meetings.append(meeting)
            batch.attendance += [(meeting, Attendance(position_id=p.pk, person_name=p.person_name,
                                                      role=p.get_post_display(), voting=True, present=p in present,
                                                      absence_reason="" if p in present else "公出")) for p in seats]
            counts.meetings += 1
            counts.non_quorate += not meeting.quorate
            order = 0
            for _ in range(rng.choice((1, 2, 2, 3))):
                m = _matter(org, held, rng, threshold, story, batch)
                counts.matters += 1
                if not m.is_major:
                    _execute(m, held, rng, today, story, counts, batch)
                    continue
                order += 1
                batch.event(m, State.COMMUNICATED, State.ON_AGENDA, held, meeting=meeting, order=order)
                item = AgendaItem(order=order, eligible=len(present),
                                  quorate=R.quorate(len(present), len(seats), personnel=m.personnel))
                roll = rng.random()
                if not item.quorate or roll < story.DEFER_SHARE:
                    item.verdict, m.state = R.Verdict.DEFERRED, State.DEFERRED
                elif roll < story.DEFER_SHARE + story.REJECT_SHARE:
                    against = len(present) - len(present) // 2
                    item.votes_for, item.votes_against = len(present) - against, against
                    item.verdict, m.state, m.decided_on = R.Verdict.NOT_PASSED, State.REJECTED, held
                else:
                    item.votes_for = len(present)
                    assert R.passes(item.votes_for, len(seats))
                    item.verdict, m.state, m.decided_on = R.Verdict.PASSED, State.PASSED, held
                    item.resolution = f"同意{m.title}，由校长办公会组织实施。"
                batch.items.append((meeting, m, item))
                batch.event(m, State.ON_AGENDA, m.state, held, meeting=meeting, **{"for": item.votes_for},
                            against=item.votes_against, abstain=0, recused=0)
                if m.state == State.PASSED:
                    _execute(m, held, rng, today, story, counts, batch)
        if rng.random() < story.VIOLATING_SCHOOL_SHARE:
            for _ in range(rng.choice((1, 1, 2, 3))):
                paid = today - D(days=rng.randrange(20, 300))
                amount = rng.randrange(8, 60) * 1000
                batch.expenditures.append((None, Expenditure(
                    org=org, paid_on=paid, amount=amount, above_threshold=amount >= threshold, voucher="",
                    purpose=rng.choice(["空调采购", "电子屏安装", "校服采购", "外出研学费用"]))))
                counts.expenditures += 1
                counts.violations += 1
    batch.write()


def _matter(org, held, rng, threshold, story, batch) -> Matter:
    category = rng.choices([c for c, _ in story.WEIGHTS], [w for _, w in story.WEIGHTS])[0]
    info = CATEGORIES[category]
    amount = None
    if info.money or category in (Category.CONSTRUCTION, Category.MAJOR_PROJECT):
        amount = rng.randrange(5, 60) * 100 if category == Category.ROUTINE else rng.randrange(1, 80) * 5000
    raised = held - D(days=rng.randrange(14, 30))
    m = Matter(org=org, title=rng.choice(story.TITLES[category]).format(y=held.year, y2=held.year + 2),
               category=category, amount=amount, is_major=R.is_major(category, amount, threshold),
               needs_report_back=info.report_back, background="由校长办公会研究提出。", proposer_name="校长",
               raised_on=raised, state=State.PROPOSED)
    batch.matters.append(m)
    batch.event(m, "", State.DRAFT, raised, note=f"提出议题（{info.label}）")
    batch.event(m, State.DRAFT, State.PROPOSED, raised + D(days=3), meeting_note="校长办公会研究，同意提交党组织会议")
    if m.is_major:
        batch.event(m, State.PROPOSED, State.COMMUNICATED, raised + D(days=7), communication="书记与校长会前充分沟通，意见一致")
        m.state = State.COMMUNICATED
    return m


def _execute(m, decided, rng, today, story, counts, batch):
    start = decided + D(days=2)
    if start > today:
        return
    deadline = start + D(days=rng.randrange(30, 120))
    source, m.state = m.state, State.EXECUTING
    m.owner_name, m.unit, m.deadline = rng.choice(story.OWNERS), rng.choice(story.UNITS), deadline
    m.decided_on = m.decided_on or start
    batch.event(m, source, State.EXECUTING, start, owner=m.owner_name, unit=m.unit, deadline=deadline.isoformat())
    if m.amount:
        batch.expenditures.append((m, Expenditure(org=m.org, paid_on=start + D(days=10), amount=m.amount,
                                                  purpose=m.title, voucher="", above_threshold=m.is_major)))
        counts.expenditures += 1
    fate = rng.random()
    end = None
    if deadline < today and fate >= story.STILL_OVERDUE_SHARE:
        late = fate < story.STILL_OVERDUE_SHARE + story.LATE_SHARE
        end = min(today, deadline + D(days=rng.randrange(5, 40))) if late else deadline - D(days=rng.randrange(0, 10))
        counts.closed_late += end > deadline
    elif deadline < today:
        counts.executing_overdue += 1
    half = start + (min(end or today, deadline) - start) / 2
    batch.reports.append((m, ExecutionReport(reported_on=half, progress=50, text="按计划推进，已完成过半")))
    m.progress = 50
    if end is None:
        return
    batch.reports.append((m, ExecutionReport(reported_on=end, progress=100, text="已全部完成", evidence="验收记录")))
    m.progress, m.state, m.closed_on = 100, State.CLOSED, end
    batch.event(m, State.EXECUTING, State.CLOSED, end)
    if m.needs_report_back and end + D(days=20) <= today and rng.random() < 0.7:
        m.state = State.REPORTED
        batch.event(m, State.CLOSED, State.REPORTED, end + D(days=20), congress=f"{end.year}年教职工代表大会")
