"""The same-answer baseline of organizational-life compliance: hand-written SQL for every fact the
verdicts depend on, and the least Python that applies the rules to them.

It answers what the system's compliance table shows — for every organization of a subtree that
owes organizational life, (required, held, missing or not quorate) — and for one organization the
status of each activity's sub-periods and of the yearly person checks. The rules are read from
their data (`orglife.rules`: the national table, `rule_in_force` over the overrides, the periods)
and applied here without any of the system's code path (no model instance, no compliance module):

- the activities an organization owes follow its kind; a 党小组会 only where it has party groups; a
  支委会 in a branch only from 7 full members; 思想政治课 only where a local switch applies, and from
  the switch's date;
- each sub-period of the asked period that has started (its rule the one in force at its start) is
  done (enough on-time meetings), late (enough with 补开), pending (not yet ended), not quorate or
  missing; party groups are judged each on its own and the worst decides;
- a year adds the person checks (every member of the year-end roster in a 谈心谈话, the talks of a
  组织生活会's preparation included; a secretary of the year who gave a 党课).

Organizations with the same kind, the same committee and groups and the same rule-bearing
ancestors share one schedule: it is computed once per such set, as anybody writing this by hand
for 4,000 organizations would.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import connection

from dangjian.orglife import rules as R
from dangjian.orglife.local_rules import LOCAL_KINDS

STEP = 4  # PartyOrg.steplen: a path is its ancestors' paths, 4 characters a level
BRANCH_KINDS = ("branch", "joint_branch")
ACTIVE = ("normal", "retained", "suspended")
SEVERITY = ("done", "pending", "late", "not_quorate", "missing")


def _in(values) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _ancestors(path: str) -> list[str]:
    return [path[:i] for i in range(STEP, len(path) + 1, STEP)]


def _date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def facts(root_path: str, period: R.Period, org_id: int | None = None, org_kind: str = "") -> dict:
    """Every fact the verdicts need, one SELECT each: for a subtree (`root_path`), or for the one
    organization `org_id` of kind `org_kind` at `root_path` (its own rows, no LIKE over the
    subtree; the caller knows the organization, as the system's caller does)."""
    kinds = list(R.ACTIVITIES_BY_ORG_KIND)
    own = "o.id = %s" if org_id else "o.path LIKE %s"
    where = [org_id] if org_id else [root_path + "%"]
    ancestors = _ancestors(root_path)
    rule_orgs = f"(o.path IN {_in(ancestors)} OR o.path LIKE %s)"
    return {
        "orgs": [(org_id, root_path, org_kind)] if org_id else _rows(
            f"SELECT o.id, o.path, o.kind FROM orgs_partyorg o WHERE {own} AND o.is_active "
            f"AND o.kind IN {_in(kinds)} ORDER BY o.path", [*where, *kinds]),
        # the groups of the subtree (of the one organization: the groups right under it)
        "groups": _rows("SELECT o.id, o.path FROM orgs_partyorg o WHERE o.path LIKE %s AND o.kind = 'group' "
                        "AND o.is_active", [root_path + "%"]),
        "full": _rows(f"SELECT m.org_id, COUNT(*) FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
                      f"WHERE {own} AND m.status = 'full' AND m.standing IN {_in(ACTIVE)} GROUP BY m.org_id",
                      [*where, *ACTIVE]),
        "overrides": [R.OverrideRow(*row) for row in _rows(
            "SELECT o.path, o.name, f.kind, f.frequency, f.min_count, f.effective_from FROM orglife_frequencyoverride f "
            f"JOIN orgs_partyorg o ON o.id = f.org_id WHERE {rule_orgs}", [*ancestors, root_path + "%"])],
        "switches": _rows(f"SELECT s.rule, o.path, s.effective_from FROM orgs_localruleswitch s "
                          f"JOIN orgs_partyorg o ON o.id = s.org_id WHERE {rule_orgs}", [*ancestors, root_path + "%"]),
        "tallies": _rows(
            "SELECT m.org_id, m.kind, m.counts_month, m.group_id,"
            " SUM(CASE WHEN (m.quorate IS NULL OR m.quorate) AND m.makeup_for IS NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN (m.quorate IS NULL OR m.quorate) AND m.makeup_for IS NOT NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN m.quorate = %s THEN 1 ELSE 0 END) "
            f"FROM orglife_meeting m JOIN orgs_partyorg o ON o.id = m.org_id WHERE {own} "
            "AND m.counts_month BETWEEN %s AND %s GROUP BY m.org_id, m.kind, m.counts_month, m.group_id",
            [False, *where, period.start, period.end]),
    }


PEOPLE = {
    # the roster of the year's last day (or today's), without suspended members
    "roster": """SELECT ms.org_id, ms.member_id FROM members_membership ms JOIN orgs_partyorg o ON o.id = ms.org_id
       JOIN members_member mm ON mm.id = ms.member_id
       WHERE {own} AND ms.started_on <= %s AND (ms.ended_on IS NULL OR ms.ended_on > %s) AND mm.standing <> 'suspended'""",
    # who took part in a 谈心谈话 that year, and the talks of a 组织生活会's preparation
    "talked": """SELECT m.org_id, a.member_id FROM orglife_attendance a JOIN orglife_meeting m ON m.id = a.meeting_id
       JOIN orgs_partyorg o ON o.id = m.org_id
       WHERE {own} AND a.present AND m.kind = 'heart_talk' AND a.held_on BETWEEN %s AND %s""",
    "pairs": """SELECT l.org_id, t.talker_id, t.talkee_id FROM supervision_talkpair t
       JOIN supervision_lifemeeting l ON l.id = t.life_id JOIN orgs_partyorg o ON o.id = l.org_id
       WHERE {own} AND t.held_on BETWEEN %s AND %s""",
    # the secretaries of the year, and who gave a 党课
    "secretaries": """SELECT p.org_id, p.member_id FROM orgs_position p JOIN orgs_partyorg o ON o.id = p.org_id
       WHERE {own} AND p.post = 'secretary' AND p.member_id IS NOT NULL AND p.started_on <= %s
         AND (p.ended_on IS NULL OR p.ended_on >= %s)""",
    "lecturers": """SELECT m.org_id, m.lecturer_id FROM orglife_meeting m JOIN orgs_partyorg o ON o.id = m.org_id
       WHERE {own} AND m.kind = 'party_lecture' AND m.lecturer_id IS NOT NULL AND m.held_on BETWEEN %s AND %s""",
}


def people(root_path: str, period: R.Period, today: datetime.date, org_id: int | None = None) -> dict:
    own = "o.id = %s" if org_id else "o.path LIKE %s"
    where = [org_id] if org_id else [root_path + "%"]
    day, start, end = min(period.end, today), period.start, period.end
    found: dict = {name: defaultdict(set) for name in ("roster", "talked", "secretaries", "lecturers")}
    for name, params in (("roster", [day, day]), ("talked", [start, end]), ("secretaries", [day, start]),
                         ("lecturers", [start, end])):
        for org, member in _rows(PEOPLE[name].format(own=own), [*where, *params]):
            found[name][org].add(member)
    for org, talker, talkee in _rows(PEOPLE["pairs"].format(own=own), [*where, start, end]):
        found["talked"][org] |= {talker, talkee}
    return found


def _schedule(kind, path, period, today, overrides, since) -> list[tuple]:
    """(rule, sub-period, its months, ended) for each sub-period of `period` that has started."""
    steps, cursor = [], period.start
    while cursor <= period.end and cursor <= today:
        rule = R.rule_in_force(kind, path, cursor, overrides)
        if not R.checked_in(rule, period):
            break
        sub = R.period_of(cursor, rule.frequency)
        if since is None or sub.start >= since:
            steps.append((rule, sub, sub.month_starts(), sub.end < today))
        cursor = sub.end + datetime.timedelta(days=1)
    return steps


def _verdict(counts, months, min_count, ended) -> str:
    on_time = sum(counts.get(m, (0, 0, 0))[0] for m in months)
    late = sum(counts.get(m, (0, 0, 0))[1] for m in months)
    not_quorate = sum(counts.get(m, (0, 0, 0))[2] for m in months)
    if on_time >= min_count:
        return "done"
    if on_time + late >= min_count:
        return "late"
    if not ended:
        return "pending"
    return "not_quorate" if not_quorate else "missing"


def verdicts(root_path: str, period: R.Period, today: datetime.date, org_id: int | None = None,
             org_kind: str = "", detail: bool = False) -> dict:
    """{organization id: (required, held, missing)} for every organization of the subtree that owes
    organizational life — or, with `detail`, {id: (totals, {kind: [sub-period statuses]}, checks)}."""
    found = facts(root_path, period, org_id, org_kind)
    groups: dict[str, list[int]] = defaultdict(list)
    for group_id, path in found["groups"]:
        groups[path[:-STEP]].append(group_id)
    full = dict(found["full"])
    tallies: dict = defaultdict(dict)
    for org, kind, month, group, on_time, late, not_quorate in found["tallies"]:
        tallies[(org, kind, group)][_date(month)] = (on_time, late, not_quorate)
    switches = [(rule, path, _date(since)) for rule, path, since in found["switches"]]
    rule_paths = {row.path for row in found["overrides"]} | {path for _, path, _ in switches}
    person = people(root_path, period, today, org_id) if period.unit == R.Frequency.YEARLY else None
    plans: dict = {}
    answer = {}
    for org, path, org_kind in found["orgs"]:
        group_ids = groups.get(path, [])
        committee = org_kind not in BRANCH_KINDS or full.get(org, 0) >= R.COMMITTEE_MIN_FULL_MEMBERS
        above = tuple(p for p in _ancestors(path) if p in rule_paths)
        key = (org_kind, committee, bool(group_ids), above)
        plan = plans.get(key)
        if plan is None:
            plan = plans[key] = _plan(org_kind, committee, bool(group_ids), path, period, today, found["overrides"],
                                      switches)
        required = held = missing = 0
        statuses = {}
        for kind, steps in plan:
            subs = []
            for rule, _sub, months, ended in steps:
                if kind == R.Kind.GROUP_MEETING:
                    status = max((_verdict(tallies.get((org, kind, g), {}), months, rule.min_count, ended)
                                  for g in group_ids), key=SEVERITY.index)
                else:
                    status = _verdict(tallies.get((org, kind, None), {}), months, rule.min_count, ended)
                subs.append(status)
                required += status != "pending"
                held += status in ("done", "late")
                missing += status in ("missing", "not_quorate")
            statuses[kind] = subs
        checks = _checks(org, [kind for kind, _ in plan], person, period.end < today) if person else []
        for _check, status, _lacking in checks:
            required += status != "pending"
            held += status == "done"
            missing += status == "missing"
        answer[org] = ((required, held, missing), statuses, checks) if detail else (required, held, missing)
    return answer


def _plan(org_kind, committee, has_groups, path, period, today, overrides, switches) -> list[tuple]:
    """The activities an organization of this kind owes under these rules, each with its schedule."""
    plan = []
    for kind in R.ACTIVITIES_BY_ORG_KIND[org_kind]:
        if (kind == R.Kind.GROUP_MEETING and not has_groups) or (kind == R.Kind.COMMITTEE_MEETING and not committee):
            continue
        since = None
        if kind in LOCAL_KINDS:
            days = [day for rule, at, day in switches if rule == LOCAL_KINDS[kind].code and path.startswith(at)]
            since = min(days, default=None)
            if since is None or since > period.end:
                continue
        plan.append((kind, _schedule(kind, path, period, today, overrides, since)))
    return plan


def _checks(org, kinds, person, ended) -> list[tuple]:
    """(check, status, lacking member ids) of the year's person checks."""
    checks = []
    if R.Kind.HEART_TALK in kinds:
        roster = person["roster"].get(org, set())
        lacking = sorted(roster - person["talked"].get(org, set()))
        if roster:
            checks.append((R.PersonCheck.HEART_TALK_EACH, "missing" if lacking and ended else
                           "pending" if lacking else "done", lacking))
    if R.Kind.PARTY_LECTURE in kinds:
        secretaries = person["secretaries"].get(org, set())
        if secretaries:
            gave = bool(secretaries & person["lecturers"].get(org, set()))
            checks.append((R.PersonCheck.SECRETARY_LECTURE, "done" if gave else "missing" if ended else "pending",
                           [] if gave else sorted(secretaries)))
    return checks
