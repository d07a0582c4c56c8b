"""Compliance (落实情况) of organizational life, for one organization or a whole subtree and a
period: per required activity done / late / not quorate / missing (or still due), with the rule.

One code path for one organization and for 4,000: a fixed number of aggregate queries
(organizations, party groups, full-member counts, overrides, and the meetings grouped by
organization, activity, month and group), then a pure fold in Python. No query per organization.
The fold counts each organization's totals (required, held, missing) without building anything:
the table, the 全景 and the summaries read only those, for thousands of organizations. An
organization's activities month by month are built from the same verdicts when first read.

How a sub-period of a rule (a month of a monthly rule, a quarter of a quarterly one) is judged:
  done         at least min_count countable meetings held in it
  late         enough only with 补开 meetings (held after the period, recorded for it)
  pending      not enough yet, but the period has not ended (未到期)
  not_quorate  not enough, and a 党员大会 / 支委会 was held without a quorum (it does not count)
  missing      not enough, period ended
Countable = quorate, or of an activity without a quorum rule. Sub-periods that start after
today are not due and not shown. The rate is (done + late) / (sub-periods that have ended or
are satisfied), in percent; the colour follows rules.GREEN_FROM / YELLOW_FROM.

A year also has the person checks of rules.PersonCheck (every member in a 谈心谈话, the
secretary's own 党课): four more aggregate queries for the whole subtree, each check one more
required item of the rate.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import NamedTuple

from dangjian.orglife import facts
from dangjian.orglife import rules as R
from dangjian.orglife.hooks import talks_elsewhere
from dangjian.orglife.local_rules import local_since, owes_local_kind
from dangjian.orgs.models import OrgKind, PartyOrg
from dangjian.orgs.services.local_documents import switch_rows

STATUS_LABELS = {"done": "已完成", "late": "补开", "pending": "未到期", "not_quorate": "未达法定人数", "missing": "缺失"}
STATUS_COLOURS = {"done": "ok", "late": "warning", "pending": "na", "not_quorate": "danger", "missing": "danger"}
_SEVERITY = ["done", "pending", "late", "not_quorate", "missing"]


@dataclass
class SubStatus:
    period: R.Period
    status: str
    held: int
    late: int
    not_quorate: int

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]


@dataclass
class ActivityStatus:
    kind: str
    rule: R.ActivityRule
    subs: list[SubStatus] = field(default_factory=list)

    @property
    def label(self) -> str:
        return R.Kind(self.kind).label

    @cached_property
    def required(self) -> int:
        return sum(1 for s in self.subs if s.status != "pending")

    @cached_property
    def held(self) -> int:
        return sum(1 for s in self.subs if s.status in ("done", "late"))

    @property
    def status(self) -> str:
        if not self.subs:
            return "pending"
        return max((s.status for s in self.subs), key=_SEVERITY.index)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]


@dataclass
class CheckStatus:
    """A yearly person check: done, pending (the year is not over) or missing; `lacking` are the
    member ids it is missing (members without a 谈心谈话; the secretaries who gave no 党课)."""

    kind: str
    status: str
    lacking: list[int]
    expected: int

    @property
    def label(self) -> str:
        return R.PersonCheck(self.kind).label

    @property
    def rule(self):
        return R.PERSON_CHECK_RULES[self.kind]

    @property
    def required(self) -> int:
        return int(self.status != "pending")

    @property
    def held(self) -> int:
        return int(self.status == "done")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]


class OrgCompliance:
    """One organization's row. Its totals (required, held, missing) are counted in the fold
    without building anything; its activities, one object per activity and sub-period, are built
    when first read — the table, the 全景 and the summaries read only the totals of thousands of
    rows, an organization's own page reads its activities."""

    def __init__(self, org_id: int, name: str, path: str, kind: str, totals: tuple[int, int, int],
                 checks: list[CheckStatus], build=None):
        self.org_id, self.name, self.path, self.kind = org_id, name, path, kind
        self.required, self.held, self.missing = totals
        self.checks = checks
        self._build = build

    @cached_property
    def activities(self) -> list[ActivityStatus]:
        return self._build() if self._build else []

    @cached_property
    def rate(self) -> float | None:
        return round(100 * self.held / self.required, 1) if self.required else None

    @property
    def colour(self) -> str:
        return R.colour_of(self.rate)

    @property
    def colour_label(self) -> str:
        return {"ok": "良好", "warning": "需关注", "danger": "差距较大", "na": "暂无应开展活动"}[self.colour]

    def count(self, status: str) -> int:
        return (sum(1 for a in self.activities for s in a.subs if s.status == status)
                + sum(1 for c in self.checks if c.status == status))


def _applicable(org: dict, full_members: int, group_ids: list[int]) -> list[str]:
    """The activities `org` (a dict with its kind; the plan and the demo ask too) owes."""
    return _kinds_owed(org["kind"], full_members, group_ids)


def _kinds_owed(org_kind: str, full_members: int, group_ids: list[int]) -> list[str]:
    kinds = []
    for kind in R.ACTIVITIES_BY_ORG_KIND.get(org_kind, ()):
        if kind == R.Kind.GROUP_MEETING and not group_ids:
            continue  # no party groups: nothing to hold
        if (kind == R.Kind.COMMITTEE_MEETING and org_kind in (OrgKind.BRANCH, OrgKind.JOINT_BRANCH)
                and full_members < R.COMMITTEE_MIN_FULL_MEMBERS):
            continue  # 支部工作条例: no 支委会 below 7 full members
        kinds.append(kind)
    return kinds


def _judge(tally: tuple[int, int, int], min_count: int, ended: bool) -> str:
    on_time, late, not_quorate = tally
    if on_time >= min_count:
        return "done"
    if on_time + late >= min_count:
        return "late"
    if not ended:
        return "pending"
    return "not_quorate" if not_quorate else "missing"


def override_rows(org: PartyOrg) -> list[R.OverrideRow]:
    """Every override that can apply in `org`'s subtree: on its ancestors, itself, or below. Here
    rather than with the services, which write the overrides: compliance, the plan and the
    services all read the rules in force through it, and compliance must not import the services
    (the plan, a service, reads compliance)."""
    return facts.override_rows(org)


def subtree_compliance(root: PartyOrg, period: R.Period, today: datetime.date, *,
                       only_root: bool = False) -> list[OrgCompliance]:
    """Compliance of every organization in `root`'s subtree (root included) that owes
    organizational life, for `period`. Six queries whatever the size of the subtree. With
    `only_root`, of `root` alone: the same queries, narrowed to its own rows."""
    scope = facts.Scope(root, only_root)
    if only_root:   # the caller has the organization: no query for it
        if not root.is_active or root.kind not in R.ACTIVITIES_BY_ORG_KIND:
            return []   # an education committee owes no organizational life of its own
        orgs: list[tuple] = [(root.pk, root.path, root.name, root.kind)]
    else:
        orgs = facts.orgs(scope)
    groups = facts.groups(scope)
    full = facts.full_members(scope)
    # the local rules switched on in the subtree (思想政治课 is owed only where one is)
    fold = _Fold(period, today, override_rows(root), facts.tallies(scope, period), switch_rows(root))
    people = (facts.person_facts(scope, period, today, talks_elsewhere) if period.unit == R.Frequency.YEARLY
              else None)
    ended = period.end < today
    result = []
    for org_id, path, name, kind_of_org in orgs:
        group_ids = groups.get(path, _NO_GROUPS)
        committee = kind_of_org not in _BRANCHES or full.get(org_id, 0) >= R.COMMITTEE_MIN_FULL_MEMBERS
        plan = fold.plan(kind_of_org, committee, bool(group_ids), path)
        required = held = missing = 0
        for kind, steps in plan.steps:
            r, h, m = fold.count(org_id, kind, steps, group_ids)
            required, held, missing = required + r, held + h, missing + m
        checks = _checks(org_id, plan.kinds, people, ended=ended) if people else []
        for check in checks:
            required, held = required + check.required, held + check.held
            missing += check.status == "missing"
        build = partial(fold.activities, org_id, path, plan.kinds, group_ids) if plan.kinds else None
        result.append(OrgCompliance(org_id, name, path, kind_of_org, (required, held, missing), checks, build))
    return result


_BRANCHES = frozenset((OrgKind.BRANCH, OrgKind.JOINT_BRANCH))


_NO_GROUPS: list[int] = []
_SOME_GROUPS: list[int] = [0]   # all _kinds_owed asks of the groups: whether there are any


class _Plan(NamedTuple):
    kinds: list[str]            # the activities owed (the person checks follow them)
    steps: list[tuple]          # (kind, its schedule's steps) for each of them


class _Fold:
    """The judgment of one organization's activity from the subtree's tallies. What an
    organization owes and each activity's schedule (its sub-periods, each with the rule in force)
    depend on its path only through the organizations above it that bear a rule — a frequency
    override or a local switch — so they are looked up once per set of such ancestors (with the
    usual one switch at the city, once for the whole subtree), not once per organization."""

    def __init__(self, period: R.Period, today: datetime.date, overrides: list[R.OverrideRow], tallies: dict,
                 local: list | None = None):
        self.period, self.today, self.tallies, self.local = period, today, tallies, local or []
        self.overrides: dict[str, list[R.OverrideRow]] = defaultdict(list)
        for row in overrides:
            self.overrides[row.kind].append(row)
        # the paths that bear a rule; an organization's set of them above it is its key
        self.rule_paths = sorted({row.path for row in overrides} | {row.path for row in self.local})
        self.schedules: dict[tuple, tuple[list, bool, tuple]] = {}
        self.plans: dict[tuple, _Plan] = {}

    def above(self, path: str) -> tuple[str, ...]:
        return tuple(p for p in self.rule_paths if path.startswith(p)) if self.rule_paths else ()

    def schedule(self, kind: str, path: str) -> tuple[list, bool, tuple]:
        key = (kind, self.above(path))
        found = self.schedules.get(key)
        if found is None:
            rows = self.overrides.get(kind)
            applying = tuple(r for r in rows if path.startswith(r.path)) if rows else ()
            start = local_since(kind, path, self.local)   # a local activity is owed from its switch on
            steps, stopped = _schedule(kind, path, self.period, self.today, applying, start)
            found = self.schedules[key] = (steps, stopped, applying)
        return found

    def plan(self, org_kind: str, committee: bool, has_groups: bool, path: str) -> _Plan:
        """What an organization of `org_kind` at `path` owes in the period, each with its schedule.
        `committee`: not a branch below 7 full members (which has no 支委会)."""
        key = (org_kind, committee, has_groups, self.above(path))
        found = self.plans.get(key)
        if found is None:
            full = R.COMMITTEE_MIN_FULL_MEMBERS if committee else 0
            kinds = [kind for kind in _kinds_owed(org_kind, full, _SOME_GROUPS if has_groups else _NO_GROUPS)
                     if owes_local_kind(kind, path, self.period.end, self.local)]
            found = self.plans[key] = _Plan(kinds, [(kind, self.schedule(kind, path)[0]) for kind in kinds])
        return found

    def judged(self, org_id: int, kind: str, group_ids, own, months, min_count: int, ended: bool) -> tuple[str, tuple]:
        """A sub-period's verdict and its tally; `own` is the organization's tallies of the activity
        by month (for the party groups' meetings each group's: the worst group decides)."""
        if kind == R.Kind.GROUP_MEETING:
            per_group = [_sum(self.tallies.get((org_id, kind, g)), months) for g in group_ids]
            status = max((_judge(t, min_count, ended) for t in per_group), key=_SEVERITY.index)
            return status, tuple(sum(t[i] for t in per_group) for i in range(3))
        # a month is one lookup (most rules are monthly: the fold's hottest line at city scale)
        total = (own.get(months[0]) or _NONE) if own and len(months) == 1 else _sum(own, months)
        return _judge(total, min_count, ended), total

    def count(self, org_id: int, kind: str, steps: list, group_ids) -> tuple[int, int, int]:
        """(required, held, missing or not quorate) of one activity: what the table and the 全景
        read, counted without building the activity (the same verdicts as `judged`, inlined for the
        organization's own tallies: this loop runs some 20,000 times for a city's quarter)."""
        own = self.tallies.get((org_id, kind, None))
        required = held = missing = 0
        for rule, _sub, months, ended in steps:
            if kind == R.Kind.GROUP_MEETING:
                status = self.judged(org_id, kind, group_ids, own, months, rule.min_count, ended)[0]
            else:
                total = (own.get(months[0]) or _NONE) if own and len(months) == 1 else _sum(own, months)
                status = _judge(total, rule.min_count, ended)
            if status != "pending":
                required += 1
                if status == "done" or status == "late":
                    held += 1
                elif status == "missing" or status == "not_quorate":
                    missing += 1
        return required, held, missing

    def activities(self, org_id: int, path: str, kinds: list[str], group_ids) -> list[ActivityStatus]:
        return [a for a in (self.activity(org_id, path, kind, group_ids) for kind in kinds) if a is not None]

    def activity(self, org_id: int, path: str, kind: str, group_ids) -> ActivityStatus | None:
        steps, stopped, applying = self.schedule(kind, path)
        own = self.tallies.get((org_id, kind, None))
        subs, shown_rule = [], None
        for rule, sub, months, ended in steps:
            shown_rule = shown_rule or rule
            status, total = self.judged(org_id, kind, group_ids, own, months, rule.min_count, ended)
            subs.append(SubStatus(sub, status, total[0], total[1], total[2]))
        if stopped:
            return None if not subs else ActivityStatus(kind, shown_rule, subs)
        if shown_rule is None:
            shown_rule = R.rule_in_force(kind, path, self.period.start, list(applying))
            if not R.checked_in(shown_rule, self.period):
                return None
        return ActivityStatus(kind, shown_rule, subs)


def _checks(org_id: int, kinds: list[str], people: dict, *, ended: bool) -> list[CheckStatus]:
    checks = []
    for check, follows in R.PERSON_CHECK_FOLLOWS.items():
        if follows not in kinds:
            continue
        if check == R.PersonCheck.HEART_TALK_EACH:
            expected = people["roster"].get(org_id, set())
            lacking = sorted(expected - people["talked"].get(org_id, set()))
            satisfied = not lacking
        else:
            expected = people["secretaries"].get(org_id, set())
            if not expected:
                continue   # no secretary this year (a vacancy shows on the organization's page)
            satisfied = bool(expected & people["lecturers"].get(org_id, set()))
            lacking = [] if satisfied else sorted(expected)
        if not expected:
            continue
        status = "done" if satisfied else ("missing" if ended else "pending")
        checks.append(CheckStatus(check, status, lacking, len(expected)))
    return checks


def _schedule(kind, path, period, today, overrides, start=None) -> tuple[list, bool]:
    """The sub-periods of `period` due by `today`, each with the rule in force at its start, and
    whether the walk stopped at a rule not checked in `period`. The same for every organization
    the same overrides apply to, so the fold computes it once per kind and set of overrides.
    `start`: the day a local activity's switch takes effect — a sub-period that begins before it
    is not owed."""
    steps, cursor = [], period.start
    while cursor <= period.end and cursor <= today:
        rule = R.rule_in_force(kind, path, cursor, overrides)
        if not R.checked_in(rule, period):
            return steps, True
        sub = R.period_of(cursor, rule.frequency)
        if start is not None and sub.start < start:
            cursor = sub.end + datetime.timedelta(days=1)
            continue
        steps.append((rule, sub, sub.month_starts(), sub.end < today))
        cursor = sub.end + datetime.timedelta(days=1)
    return steps, False


_NONE = (0, 0, 0)


def _sum(by_month, months) -> tuple[int, int, int]:
    if not by_month:
        return _NONE
    on_time = late = not_quorate = 0
    for month in months:
        tally = by_month.get(month)
        if tally:
            on_time, late, not_quorate = on_time + tally[0], late + tally[1], not_quorate + tally[2]
    return on_time, late, not_quorate


def org_compliance(org: PartyOrg, period: R.Period, today: datetime.date) -> OrgCompliance | None:
    """One organization's own compliance (its subtree's other organizations are neither mixed in
    nor computed: a school committee's page does not judge its branches to show its own row)."""
    return next(iter(subtree_compliance(org, period, today, only_root=True)), None)


SORTS = {
    "rate": lambda r: (r.rate is None, r.rate if r.rate is not None else 0, r.path),
    "-rate": lambda r: (r.rate is None, -(r.rate or 0), r.path),
    "name": lambda r: r.path,
    "missing": lambda r: (-r.missing, r.path),
}
