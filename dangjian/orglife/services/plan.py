"""The annual plan (年度组织生活计划) of an organization: generated from the rules in force in
each period (the same rule_in_force and the same "which activities does this organization
owe" as compliance), then edited item by item, and exported as the xlsx a secretary prints.

Generating is idempotent: items are keyed by (organization, year, activity, period, sequence),
so a second run adds only what a new rule asks for and never overwrites an edited topic."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction

from dangjian.core import audit
from dangjian.core.errors import RuleViolation
from dangjian.core.roles import Action
from dangjian.core.spreadsheets import Column, subtitle_line, write_xlsx
from dangjian.members.services import require
from dangjian.orglife import compliance as C
from dangjian.orglife import rules as R
from dangjian.orglife.local_rules import local_since, owes_local_kind
from dangjian.orglife.models import Meeting, PlanItem
from dangjian.orgs.models import OrgKind, PartyOrg
from dangjian.orgs.services.local_documents import switch_rows

# Where the rule leaves the month open, the plan proposes one: the 组织生活会 and 民主评议 in
# the fourth quarter (条例: 一般安排在第四季度), the others in the period's first month.
PREFERRED_MONTH: dict[str, int] = {R.Kind.LIFE_MEETING: 12, R.Kind.APPRAISAL: 12, R.Kind.HEART_TALK: 11,
                   R.Kind.LEADERSHIP_LIFE_MEETING: 12}


def owed_activities(org: PartyOrg) -> list[str]:
    """What `org` owes, as compliance decides it (groups, the 7-member committee threshold)."""
    from dangjian.members.models import ACTIVE_STANDINGS, Member, MemberStatus

    full = Member.objects.filter(org=org, standing__in=ACTIVE_STANDINGS, status=MemberStatus.FULL).count()
    groups = list(PartyOrg.objects.filter(path__startswith=org.path, kind=OrgKind.GROUP, is_active=True)
                  .values_list("id", flat=True))
    return C._applicable({"kind": org.kind}, full, groups)


@transaction.atomic
def generate_plan(org: PartyOrg, year: int, *, acting_user=None) -> int:
    """Add the items the rules ask for in `year`; returns how many were added."""
    require(acting_user, Action.ORGLIFE_MANAGE, org.path)
    if org.kind not in R.ACTIVITIES_BY_ORG_KIND:
        raise RuleViolation(f"{org.get_kind_display()}不单独制订组织生活计划，由其下属党组织制订", field="org")
    overrides = C.override_rows(org)
    local = switch_rows(org)   # a local activity (思想政治课) only where and from when it is switched on
    existing = set(PlanItem.objects.filter(org=org, year=year).values_list("kind", "period_start", "sequence"))
    new = []
    for kind in owed_activities(org):
        if not owes_local_kind(kind, org.path, datetime.date(year, 12, 31), local):
            continue
        start = local_since(kind, org.path, local)
        cursor = datetime.date(year, 1, 1)
        while cursor.year == year:
            rule = R.rule_in_force(kind, org.path, cursor, overrides)
            period = R.period_of(cursor, rule.frequency)
            if start is not None and period.start < start:
                cursor = period.end + datetime.timedelta(days=1)
                continue
            for sequence in range(1, rule.min_count + 1):
                if (kind, period.start, sequence) in existing:
                    continue
                new.append(PlanItem(org=org, year=year, kind=kind, period_start=period.start, period_label=period.label,
                                    sequence=sequence, unit=period.unit, planned_on=_proposed(kind, period),
                                    note="各党小组分别召开" if kind == R.Kind.GROUP_MEETING else "",
                                    rule_text=f"{rule.describe()}（{rule.rule.citation}）"[:300]))
            cursor = period.end + datetime.timedelta(days=1)
    PlanItem.objects.bulk_create(new)
    audit.record("orglife.plan_generate", target=org, actor=acting_user, changes={"year": year, "added": len(new)})
    return len(new)


def _proposed(kind: str, period: R.Period) -> datetime.date | None:
    month = PREFERRED_MONTH.get(kind)
    if month and period.unit == R.Frequency.YEARLY:
        return datetime.date(period.start.year, month, 1)
    return None


@transaction.atomic
def update_plan_item(item: PlanItem, *, planned_on=None, topic: str = "", lecturer_name: str = "", note: str = "",
                     acting_user=None) -> PlanItem:
    require(acting_user, Action.ORGLIFE_MANAGE, item.org.path)
    if planned_on is not None and R.period_of(planned_on, R.Frequency.MONTHLY).start < item.period_start:
        raise RuleViolation(f"计划日期早于所属期间（{item.period_label}）", field="planned_on")
    before = {"planned_on": item.planned_on, "topic": item.topic, "lecturer_name": item.lecturer_name, "note": item.note}
    item.planned_on, item.topic = planned_on, topic.strip()
    item.lecturer_name, item.note = lecturer_name.strip(), note.strip()
    item.save()
    after = {"planned_on": item.planned_on, "topic": item.topic, "lecturer_name": item.lecturer_name, "note": item.note}
    audit.record("orglife.plan_update", target=item, actor=acting_user,
                 changes=audit.diff({k: str(v or "") for k, v in before.items()},
                                    {k: str(v or "") for k, v in after.items()}))
    return item


def plan_with_progress(org: PartyOrg, year: int) -> list[PlanItem]:
    """The plan's items, each marked `held` when enough meetings of its kind count for its
    period (the n-th item of a period is held when n meetings are). Two queries."""
    order = {kind: index for index, kind in enumerate(R.Kind.values)}
    # in the order of the year: by the planned date where there is one (a yearly 组织生活会 in
    # December), else by the period's start
    items = sorted(PlanItem.objects.filter(org=org, year=year),
                   key=lambda i: (i.planned_on or i.period_start, order[i.kind], i.sequence))
    held: Counter[tuple[str, datetime.date]] = Counter()
    for kind, month in (Meeting.objects.filter(org=org, counts_month__year=year)
                        .exclude(quorate=False).values_list("kind", "counts_month")):
        held[(kind, month)] += 1
    for item in items:
        period = R.period_of(item.period_start, item.unit)
        count = sum(held[(item.kind, m.start)] for m in period.subperiods(R.Frequency.MONTHLY))
        item.held = count >= item.sequence
        item.kind_label = R.Kind(item.kind).label
    return items


PLAN_COLUMNS = [
    Column("period", "期间", width=14), Column("kind", "活动", width=12), Column("planned_on", "计划日期", kind="date"),
    Column("topic", "主题", width=36), Column("lecturer", "授课人 / 主讲人", width=14), Column("note", "备注", width=16),
    Column("status", "开展情况", width=10), Column("rule", "依据", width=40),
]


def plan_xlsx(out, org: PartyOrg, year: int, *, made_on: datetime.date | None = None) -> int:
    rows = [{"period": i.period_label, "kind": i.kind_label, "planned_on": i.planned_on, "topic": i.topic,
             "lecturer": i.lecturer_name, "note": i.note, "status": "已开展" if i.held else "未开展", "rule": i.rule_text}
            for i in plan_with_progress(org, year)]
    return write_xlsx(out, title=f"{org.name}{year}年度组织生活计划", subtitle=subtitle_line(org.name, f"{year}年度", made_on),
                      columns=PLAN_COLUMNS, rows=rows, sheet_name="年度计划",
                      signature_lines=["党组织书记（签字）：　　　　　　　　　　制表日期：　　　　年　　月　　日"])
