"""The 整改台账 and a year of 党务公开 for the demo.

整改台账: school A of the personas gets its county's 巡察 feedback of 18 items (seed 000's duty
report: "共列出整改任务18项"), 15 closed and 3 in progress, its 整改情况报告 sent; every county has a
share of its schools inspected this year and a share running a self-check, with items closed,
waiting for 销号, in progress or open — and about 5 % of all the city's items overdue, the older
of those escalated as the daily job would have done.

党务公开: every school organization discloses a year's items in the order of the default catalogue:
the year's 党建工作计划, last year's dues 公示表, the 小微权力清单, the recruitment 公示 (where there
were any), the 巡察 整改情况 (where there was a 巡察), each through 保密审查, approval, publication
for its period and archive; and this year's dues 公示表 published five days ago, still up.

The personas' schools and the first SERVICE_SCHOOLS others go through the services step by step
(create_rectification_batch, report_progress with a stored evidence file, request_closure,
approve_closure, mark_report_submitted; draft_disclosure, review, approve, publish, archive), with
the same rules a secretary meets. The other schools are written in bulk with the same content
builders (the sources) and the same rule functions (report_due, status dates) — service calls for
2,200 schools would take the city's seeding past many minutes (docs/supervision.md) — and one
stored evidence file shared by their rows; the seed's one "demo.seed" audit entry covers them.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.roles import Post
from dangjian.orgs.models import OrgKind, PartyOrg, Position
from dangjian.supervision.models import (
    DisclosureEvent,
    DisclosureItem,
    Evidence,
    ItemEvent,
    RectificationBatch,
    RectificationItem,
)
from dangjian.supervision.rules import disclosure as DR
from dangjian.supervision.rules import rectification as R
from dangjian.supervision.selectors.rectification import school_roots
from dangjian.supervision.services import disclosure as D
from dangjian.supervision.services import rectification as S
from dangjian.supervision.services import rectification_flow as F
from dangjian.supervision.services.rectification_overdue import escalation_days
from dangjian.supervision.sources import get_source

SERVICE_SCHOOLS = 10
SCHOOL_A_ITEMS, SCHOOL_A_CLOSED = 18, 15
INSPECTED_SHARE, SELF_CHECK_SHARE = 0.30, 0.20
OVERDUE_SHARE = 0.05
D_ = datetime.timedelta

PROBLEMS = [
    ("“三会一课”记录不完整，部分党小组会无签到和会议记录", "补齐记录，建立会议签到和记录审核制度", "党支部"),
    ("党员发展计划与实际执行情况不一致，发展对象培养考察材料不全", "制定年度发展计划并按季度对照检查，补齐考察材料", "党支部"),
    ("党费收缴台账不规范，未按季度公示", "规范党费收缴台账，按季度在党员活动室公示", "党支部"),
    ("“三重一大”事项个别未经党组织会议研究", "修订议事规则，重大事项一律提交党组织会议", "校长办公室"),
    ("意识形态工作责任制落实不到位，阵地管理有漏洞", "签订意识形态工作责任书，建立校园宣传阵地审批制度", "德育处"),
    ("主题党日活动形式单一，与教育教学结合不紧", "制定主题党日年度计划，结合学科教研开展", "党支部"),
    ("党风廉政建设责任书签订不全", "全员签订党风廉政建设责任书和廉洁从教承诺书", "纪检委员"),
    ("物资采购询价记录缺失", "严格执行三家以上询价，建立采购档案", "总务处"),
    ("学生资助评定公示时间不足", "资助评定结果公示不少于五个工作日", "德育处"),
    ("谈心谈话未实现全覆盖", "制定谈心谈话计划，支委与党员每年至少谈心一次", "党支部"),
    ("党建阵地建设不规范，党员活动室上墙内容陈旧", "更新党员活动室布置，规范上墙内容", "党支部"),
    ("民主生活会会前征求意见不充分", "通过座谈、问卷广泛征求意见并形成汇总", "党支部"),
    ("师德师风考核流于形式", "完善师德考核办法，考核结果与评优挂钩", "人事处"),
    ("党务公开内容不全、更新不及时", "按党务公开目录定期更新公开内容", "党支部"),
    ("食堂财务管理不规范，账目公开不及时", "每月公开食堂收支，接受家长委员会监督", "总务处"),
    ("教师有偿补课问题排查不深入", "开展专项排查，建立举报受理机制", "教务处"),
    ("新入职教师政治理论学习不系统", "建立新教师政治理论学习制度，每月集中学习一次", "党支部"),
    ("支部书记抓党建述职点评意见整改不彻底", "逐条对照点评意见建立台账，按月销号", "党支部"),
]
SELF_CHECK = PROBLEMS[:3] + PROBLEMS[9:12]
OWNERS = ["李建华", "王秀英", "张国强", "刘海燕", "陈志明", "杨丽"]


@dataclass
class SupervisionCounts:
    batches: int = 0
    items: int = 0
    closed: int = 0
    overdue: int = 0
    escalated: int = 0
    disclosures: int = 0
    through_services: int = 0

    def as_dict(self) -> dict:
        return dict(vars(self))


def _evidence_pdf() -> bytes:
    from dangjian.core.pdf import html_to_pdf

    return html_to_pdf("<html><body style='font-family:\"Noto Sans CJK SC\"'><h1>整改佐证材料</h1>"
                       "<p>整改前后照片、制度文件及会议记录（演示数据）。</p></body></html>")


class _Evidence:
    """The evidence PDF, drawn once; each service call stores its own copy (as an upload would)."""

    def __init__(self):
        self.data = _evidence_pdf()
        self.shared: str | None = None

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile("整改佐证材料.pdf", self.data, content_type="application/pdf")

    def shared_path(self) -> str:
        """One stored copy for the rows written in bulk."""
        if self.shared is None:
            from dangjian.core.uploads import check_upload, store_upload

            self.shared = str(store_upload(check_upload(self.data, kinds={"pdf"}, max_bytes=1024 * 1024)))
        return self.shared


def _persona_orgs() -> list[int]:
    return list(Position.objects.filter(user__username__in=("secretary_a", "secretary_b"), post=Post.SECRETARY)
                .order_by("user__username").values_list("org_id", flat=True))


def _county_of(org: PartyOrg, committees: dict[str, PartyOrg]) -> PartyOrg | None:
    best = None
    for path, c in committees.items():
        if org.path.startswith(path) and path != org.path and (best is None or len(path) > len(best.path)):
            best = c
    return best


# --- planning: what happens to each item ----------------------------------------------------------

@dataclass
class Fate:
    state: str
    progress: int = 0
    progress_on: datetime.date | None = None
    requested_on: datetime.date | None = None
    closed_on: datetime.date | None = None


def _fate(rng: random.Random, issued: datetime.date, deadline: datetime.date, today: datetime.date,
          overdue: bool) -> Fate:
    span = max((min(deadline, today) - issued).days, 2)
    progress_on = issued + D_(days=rng.randint(1, max(1, span // 2)))
    if overdue:
        return Fate(rng.choice([R.ItemState.OPEN, R.ItemState.IN_PROGRESS]), rng.choice([0, 20, 40]), progress_on)
    if deadline < today or rng.random() < 0.35:
        # done in time: asked for 销号 before the deadline, closed a week or two later
        requested = min(progress_on + D_(days=rng.randint(5, 40)), deadline, today - D_(days=1))
        requested = max(requested, progress_on)
        closed = min(requested + D_(days=rng.randint(3, 14)), today)
        if closed >= today - D_(days=3) and rng.random() < 0.5:
            return Fate(R.ItemState.REQUESTED, 100, progress_on, requested)
        return Fate(R.ItemState.CLOSED, 100, progress_on, requested, closed)
    if progress_on >= today:
        return Fate(R.ItemState.OPEN)
    return Fate(R.ItemState.IN_PROGRESS, rng.choice([30, 50, 60, 80]), progress_on)


@dataclass
class BatchPlan:
    org: PartyOrg
    issuer: PartyOrg
    source: str
    issued: datetime.date
    detail: str
    reference: str
    items: list[dict]
    fates: list[Fate]


def _plan_rectification(roots: list[PartyOrg], committees, today, rng, school_a) -> list[BatchPlan]:
    plans: list[BatchPlan] = []
    for n, org in enumerate(roots):
        county = _county_of(org, committees)
        if county is None:
            continue
        if school_a is not None and org.pk == school_a.pk:
            issued = today - D_(days=150)
            items = [{"problem": p, "measures": m, "unit": u, "leader_name": OWNERS[0], "owner_name": OWNERS[i % 6],
                      "deadline": issued + D_(days=60 + 10 * (i % 9))} for i, (p, m, u) in enumerate(PROBLEMS)]
            # the last three have the longest deadlines, still ahead: in progress
            for i in range(SCHOOL_A_CLOSED, SCHOOL_A_ITEMS):
                items[i]["deadline"] = today + D_(days=30 + 10 * i)
            fates = [Fate(R.ItemState.CLOSED, 100, issued + D_(days=20 + i), issued + D_(days=40 + i),
                          issued + D_(days=50 + i)) for i in range(SCHOOL_A_CLOSED)]
            fates += [Fate(R.ItemState.IN_PROGRESS, 60, today - D_(days=10)) for _ in range(SCHOOL_A_ITEMS - SCHOOL_A_CLOSED)]
            plans.append(BatchPlan(org, county, R.Source.INSPECTION, issued, "第一巡察组", f"巡反〔{issued.year}〕1号",
                                   items, fates))
            continue
        for source, share, pool, size in ((R.Source.INSPECTION, INSPECTED_SHARE, PROBLEMS, (6, 12)),
                                          (R.Source.SELF_CHECK, SELF_CHECK_SHARE, SELF_CHECK, (3, 5))):
            if rng.random() >= share:
                continue
            issued = today - D_(days=rng.randint(60, 330))
            chosen = rng.sample(pool, rng.randint(*size))
            items = [{"problem": p, "measures": m, "unit": u, "leader_name": rng.choice(OWNERS),
                      "owner_name": rng.choice(OWNERS), "deadline": issued + D_(days=rng.randint(30, 150))}
                     for p, m, u in chosen]
            issuer = county if source == R.Source.INSPECTION else org
            detail = f"第{'一二三四'[n % 4]}巡察组" if source == R.Source.INSPECTION else ""
            plans.append(BatchPlan(org, issuer, source, issued, detail, f"巡反〔{issued.year}〕{n + 1}号"
                                   if source == R.Source.INSPECTION else "", items, []))
    # About 5 % of all items overdue: drawn among the items whose deadline has passed.
    total = sum(len(p.items) for p in plans)
    late = [(p, i) for p in plans if p.org != school_a for i, it in enumerate(p.items) if it["deadline"] < today]
    overdue = {(id(p), i) for p, i in rng.sample(late, min(len(late), round(total * OVERDUE_SHARE)))}
    for p in plans:
        if not p.fates:
            p.fates = [_fate(rng, p.issued, it["deadline"], today, (id(p), i) in overdue) for i, it in enumerate(p.items)]
    return plans


# --- writing through the services ------------------------------------------------------------------

def _through_services(plan: BatchPlan, today: datetime.date, evidence: _Evidence, counts: SupervisionCounts,
                      users: dict) -> None:
    batch = S.create_rectification_batch(plan.org, source=plan.source, issued_on=plan.issued, issuer=plan.issuer,
                                         issuer_detail=plan.detail, reference=plan.reference, items=plan.items,
                                         today=today)
    school, county = users.get("school"), users.get("county")
    for item, fate in zip(batch.items.order_by("number"), plan.fates, strict=True):
        if fate.progress_on is not None and fate.progress_on <= today:
            F.report_progress(item, progress=min(fate.progress, 90) if fate.requested_on else fate.progress,
                              text="已按整改措施推进，相关制度和记录正在完善", files=[evidence.upload()],
                              occurred_on=fate.progress_on, acting_user=school, today=today)
        if fate.requested_on is not None:
            F.request_closure(item, text="整改措施已全部落实，佐证材料齐全，申请销号", occurred_on=fate.requested_on,
                              acting_user=school, today=today)
        if fate.closed_on is not None:
            F.approve_closure(item, note="经核查，整改到位，同意销号", occurred_on=fate.closed_on, acting_user=county,
                              today=today)
    if batch.report_due is not None and batch.report_due < today:
        S.mark_report_submitted(batch, reported_on=min(batch.report_due, today), acting_user=school, today=today)
    _count(counts, plan, today)


def _count(counts: SupervisionCounts, plan: BatchPlan, today: datetime.date) -> None:
    counts.batches += 1
    counts.items += len(plan.items)
    counts.closed += sum(f.state == R.ItemState.CLOSED for f in plan.fates)
    counts.overdue += sum(R.is_overdue(f.state, it["deadline"], today) for f, it in zip(plan.fates, plan.items,
                                                                                          strict=True))


# --- writing in bulk -------------------------------------------------------------------------------

def _bulk(plans: list[BatchPlan], today: datetime.date, evidence: _Evidence, counts: SupervisionCounts) -> None:
    if not plans:
        return
    batches = [RectificationBatch(org=p.org, source=p.source, issuer=p.issuer, issuer_detail=p.detail,
                                  title=S.default_title(p.source, p.issuer, p.issued), issued_on=p.issued,
                                  reference=p.reference, report_due=R.report_due(p.source, p.issued))
               for p in plans]
    for b in batches:
        if b.report_due is not None and b.report_due < today:
            b.reported_on = b.report_due
    RectificationBatch.objects.bulk_create(batches, batch_size=2000)
    items, fates = [], []
    for plan, batch in zip(plans, batches, strict=True):
        for n, (data, fate) in enumerate(zip(plan.items, plan.fates, strict=True), 1):
            items.append(RectificationItem(
                batch=batch, org=plan.org, number=n, problem=data["problem"], measures=data["measures"],
                leader_name=data["leader_name"], unit=data["unit"], owner_name=data["owner_name"],
                deadline=data["deadline"], state=fate.state, progress=fate.progress, requested_on=fate.requested_on,
                closed_on=fate.closed_on))
            fates.append((fate, plan))
        _count(counts, plan, today)
    RectificationItem.objects.bulk_create(items, batch_size=2000)
    events = []
    for item, (fate, plan) in zip(items, fates, strict=True):
        events.append(ItemEvent(item=item, kind=R.EventKind.CREATED, occurred_on=plan.issued, actor_name="系统",
                                text=f"{R.Source(plan.source).label}反馈问题"))
        if fate.progress_on is not None and fate.progress_on <= today:
            events.append(ItemEvent(item=item, kind=R.EventKind.PROGRESS, occurred_on=fate.progress_on,
                                    progress=fate.progress, text="已按整改措施推进", actor_name="系统"))
        if fate.requested_on is not None:
            events.append(ItemEvent(item=item, kind=R.EventKind.REQUESTED, occurred_on=fate.requested_on,
                                    progress=100, text="整改完成，申请销号", actor_name="系统"))
        if fate.closed_on is not None:
            events.append(ItemEvent(item=item, kind=R.EventKind.APPROVED, occurred_on=fate.closed_on,
                                    text="经核查，同意销号", actor_name="系统"))
    ItemEvent.objects.bulk_create(events, batch_size=5000)
    path = evidence.shared_path()
    size = len(evidence.data)
    digest = hashlib.sha256(evidence.data).hexdigest()
    Evidence.objects.bulk_create([Evidence(event=e, file_kind="pdf", name="整改佐证材料.pdf", size=size, sha256=digest,
                                           path=path)
                                  for e in events if e.kind == R.EventKind.REQUESTED], batch_size=5000)


def _escalate_old(today: datetime.date, counts: SupervisionCounts) -> None:
    """What the daily job would have done: overdue items past their escalation days are marked,
    by the job's rules (escalation_days with the settings read once, as send_overdue_reminders
    reads them). An item whose level has someone to tell goes through the service's escalate
    (the notice, the audit entry); the others — nobody's inbox to fill — are marked in bulk with
    the same timeline entry and one audit entry for the step: a service call each (a lock, an
    update, an entry of the log with its change marks) took the city's 1,400 a minute."""
    from django.utils import timezone

    from dangjian.core import audit
    from dangjian.core.bulk import insert_rows
    from dangjian.supervision.services.rectification import ancestor_paths
    from dangjian.supervision.services.rectification_overdue import approvers_of, escalate, settings_by_path

    items = list(RectificationItem.objects.filter(state__in=R.WORKING_STATES, deadline__lt=today,
                                                  escalated_on__isnull=True)
                 .select_related("org", "batch", "batch__issuer").order_by("pk"))
    table = settings_by_path({p for i in items for p in ancestor_paths(i.org.path)}, today)
    approvers: dict[tuple[int, int], list] = {}
    marked, events, now = [], [], timezone.now()
    for item in items:
        days, citation = escalation_days(item.org.path, today, table)
        if (today - item.deadline).days < days:
            continue
        key = (item.org_id, item.batch.issuer_id)
        if key not in approvers:
            approvers[key] = approvers_of(item, today)
        if approvers[key]:
            counts.escalated += escalate(item, today=today, days=days, citation=citation)
            continue
        marked.append(item.pk)
        events.append((item.pk, R.EventKind.ESCALATED, today, f"逾期 {(today - item.deadline).days} 天（满 {days} 天上报；"
                       f"依据：{citation}），已提醒上级党组织督办", None, None, "系统", now))
    for start in range(0, len(marked), 2000):
        RectificationItem.objects.filter(pk__in=marked[start:start + 2000]).update(escalated_on=today)
    insert_rows(ItemEvent, ("item_id", "kind", "occurred_on", "text", "progress", "actor_id", "actor_name",
                            "created_at"), events)
    if marked:
        audit.record("rectification.escalate", actor_name="seed_demo", org_path=items[0].org.path[:PartyOrg.steplen],
                     changes={"items": len(marked), "escalated_on": today.isoformat()})
    counts.escalated += len(marked)


# --- 党务公开 ---------------------------------------------------------------------------------------

def _disclosure_plan(org: PartyOrg, today: datetime.date) -> list[dict]:
    """A year's items of one organization: (key, source or text, year, start, days, audience, timing)."""
    year_ago = today - D_(days=365)
    plan = [
        {"catalogue": "plan", "title": f"{org.name}{year_ago.year + 1}年党建工作计划",
         "body": "一、加强政治建设；二、落实“三会一课”；三、做好发展党员；四、推进党风廉政建设；五、做好党务公开。",
         "start": year_ago + D_(days=20), "days": 30, "audience": DR.Audience.PARTY, "timing": DR.Timing.REGULAR},
        {"catalogue": "dues", "source": "dues_statement", "year": today.year - 1, "start": year_ago + D_(days=45),
         "days": 30, "audience": DR.Audience.PARTY, "timing": DR.Timing.REGULAR},
        {"catalogue": "powers", "source": "decisions_powers", "year": today.year - 1, "start": year_ago + D_(days=100),
         "days": 30, "audience": DR.Audience.SCHOOL, "timing": DR.Timing.REGULAR},
        {"catalogue": "recruitment", "source": "recruitment_notices", "year": (today - D_(days=160)).year,
         "start": today - D_(days=160), "days": 7, "audience": DR.Audience.SCHOOL, "timing": DR.Timing.TIMELY},
        {"catalogue": "rectification", "source": "rectification_results", "year": (today - D_(days=40)).year,
         "start": today - D_(days=40), "days": 20, "audience": DR.Audience.PARTY, "timing": DR.Timing.TIMELY},
        {"catalogue": "dues", "source": "dues_statement", "year": today.year, "start": today - D_(days=5),
         "days": 30, "audience": DR.Audience.PARTY, "timing": DR.Timing.REGULAR},
    ]
    return plan


CATALOGUE = {e.key: e.title for e in DR.DEFAULT_CATALOGUE}


def _content(org: PartyOrg, p: dict, built: dict | None = None):
    """(title, body, table) of a planned item, None when its source has nothing to disclose.
    `built`: contents already read for many organizations at once, by (source, year, org id)."""
    if "source" not in p:
        return p["title"], p["body"], {}
    key = (p["source"], p["year"], org.pk)
    content = built[key] if built is not None else get_source(p["source"]).build(org, p["year"])
    if p["source"] != "dues_statement" and not content.rows:
        return None  # nothing to disclose (no recruitment 公示, no 巡察 that year)
    return content.title, content.body, content.table()


DISCLOSURE_BATCH = 200  # organizations whose sources are read at once, and whose items are written together


def _built(orgs: list[PartyOrg], plans: dict[int, list[dict]]) -> dict:
    """Every planned source's content for `orgs`, by (source, year, org id): each source reads all
    of them in one query (DisclosureSource.contents) instead of one per school."""
    wanted = {(p["source"], p["year"]) for plan in plans.values() for p in plan if "source" in p}
    built = {}
    for source, year in sorted(wanted):
        for org_id, content in get_source(source).contents(orgs, year).items():
            built[(source, year, org_id)] = content
    return built


def _disclose_through_services(org, today, counts, users) -> None:
    drafter, secretary = users.get("drafter"), users.get("secretary")
    for p in _disclosure_plan(org, today):
        content = _content(org, p)
        if content is None:
            continue
        title, body, _ = content
        end = p["start"] + D_(days=p["days"])
        item = D.draft_disclosure(org, audience=p["audience"], timing=p["timing"], title=title if "source" not in p else "",
                                  body=body if "source" not in p else "", catalogue_title=CATALOGUE[p["catalogue"]],
                                  source_key=p.get("source", ""), source_year=p.get("year"), acting_user=drafter,
                                  today=today)
        D.review_disclosure(item, acting_user=secretary if drafter is not None else None)
        D.approve_disclosure(item, acting_user=secretary)
        D.publish_disclosure(item, starts_on=p["start"], ends_on=end, acting_user=drafter, today=p["start"])
        if end < today:
            D.archive_disclosure(item, acting_user=drafter, today=end + D_(days=1))
        counts.disclosures += 1


def _disclose_in_bulk(orgs: list[PartyOrg], today: datetime.date, counts: SupervisionCounts) -> None:
    """Batch by batch, so that only one batch's contents are held at a time (a province's dues
    statements list every member's twelve months)."""
    for start in range(0, len(orgs), DISCLOSURE_BATCH):
        _disclose_batch(orgs[start:start + DISCLOSURE_BATCH], today, counts)


def _disclose_batch(orgs: list[PartyOrg], today: datetime.date, counts: SupervisionCounts) -> None:
    from django.utils import timezone

    rows, plans = [], []
    planned = {org.pk: _disclosure_plan(org, today) for org in orgs}
    built = _built(orgs, planned)
    for org in orgs:
        for p in planned[org.pk]:
            content = _content(org, p, built)
            if content is None:
                continue
            title, body, table = content
            end = p["start"] + D_(days=p["days"])
            archived = end < today
            at = timezone.make_aware(datetime.datetime.combine(p["start"] - D_(days=2), datetime.time(9)))
            rows.append(DisclosureItem(
                org=org, catalogue_title=CATALOGUE[p["catalogue"]], title=title, body=body, table=table,
                source_key=p.get("source", ""), source_year=p.get("year"), audience=p["audience"], timing=p["timing"],
                starts_on=p["start"], ends_on=end, state=DR.State.ARCHIVED if archived else DR.State.PUBLISHED,
                reviewed_at=at, approved_at=at + D_(hours=1), published_on=p["start"],
                archived_on=end + D_(days=1) if archived else None, review_note="经保密审查，未发现涉密内容"))
            plans.append((at, archived, end))
    DisclosureItem.objects.bulk_create(rows, batch_size=1000)
    events = []
    for item, (at, archived, end) in zip(rows, plans, strict=True):
        steps = [(DR.Step.DRAFT, at - D_(hours=1)), (DR.Step.REVIEW, at), (DR.Step.APPROVE, at + D_(hours=1)),
                 (DR.Step.PUBLISH, at + D_(days=2))]
        if archived:
            steps.append((DR.Step.ARCHIVE, at + D_(days=(end - item.starts_on).days + 3)))
        events += [DisclosureEvent(item=item, step=s, actor_name="系统", occurred_at=t) for s, t in steps]
    DisclosureEvent.objects.bulk_create(events, batch_size=5000)
    counts.disclosures += len(rows)


# --- the whole -------------------------------------------------------------------------------------

def _users(org: PartyOrg, county: PartyOrg | None) -> dict:
    """The persona accounts acting for their own school (others act as the system)."""
    from django.contrib.auth import get_user_model

    by_post = dict(Position.objects.filter(org=org, user__isnull=False, ended_on__isnull=True)
                   .values_list("post", "user_id"))
    county_admin = (Position.objects.filter(org=county, post=Post.COMMITTEE_ADMIN, user__isnull=False)
                    .values_list("user_id", flat=True).first() if county is not None else None)
    users = get_user_model().objects.in_bulk([u for u in (*by_post.values(), county_admin) if u])
    return {"school": users.get(by_post.get(Post.SECRETARY)), "county": users.get(county_admin),
            "drafter": users.get(by_post.get(Post.ORGANIZATION_MEMBER)), "secretary": users.get(by_post.get(Post.SECRETARY))}


def write_supervision(scale_name: str, today: datetime.date, seed: int) -> SupervisionCounts:
    rng = random.Random(f"{seed}:supervision")
    counts = SupervisionCounts()
    root = PartyOrg.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return counts
    paths = school_roots(root)
    orgs = PartyOrg.objects.in_bulk([org_id for org_id, _ in paths.values()])
    roots = sorted((orgs[i] for i, _ in paths.values()), key=lambda o: o.path)
    committees = {c.path: c for c in PartyOrg.objects.filter(kind=OrgKind.EDUCATION_COMMITTEE)}
    persona_ids = _persona_orgs()
    school_a = orgs.get(persona_ids[0]) if persona_ids else None
    chosen = [o for o in roots if o.pk in persona_ids] + [o for o in roots if o.pk not in persona_ids]
    service_ids = {o.pk for o in chosen[:SERVICE_SCHOOLS + len(persona_ids)]}
    evidence = _Evidence()
    plans = _plan_rectification(roots, committees, today, rng, school_a)
    for plan in plans:
        if plan.org.pk in service_ids:
            users = _users(plan.org, plan.issuer) if plan.org.pk in persona_ids else {}
            _through_services(plan, today, evidence, counts, users)
            counts.through_services += 1
    _bulk([p for p in plans if p.org.pk not in service_ids], today, evidence, counts)
    _escalate_old(today, counts)
    for org in chosen:
        if org.pk in service_ids:
            _disclose_through_services(org, today, counts, _users(org, None) if org.pk in persona_ids else {})
    _disclose_in_bulk([o for o in chosen if o.pk not in service_ids], today, counts)
    return counts
