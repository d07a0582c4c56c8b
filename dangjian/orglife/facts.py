"""The facts compliance judges, read with hand-written SQL: the organizations that owe
organizational life, their party groups and full members, the stricter frequencies in force, the
meetings grouped by organization, activity, month and group, and a year's person facts.

Why not the ORM: each is one small query, and building and compiling a queryset costs 1–2 ms of
Python — more than the database takes to answer it (an organization's year is ten of them). The
SQL is plain (LIKE on the materialized path, BETWEEN, SUM(CASE …)), the same on SQLite and
PostgreSQL; the table names come from the models, and every value is a parameter (the strings put
together hold only those names and placeholders: hence the noqa S608).
Rows are plain tuples; only SQLite's dates arrive as text and are parsed once per distinct value.

A scope is a subtree (every organization whose path starts with the root's) or one organization
alone (its id: no LIKE, no join).
"""

from __future__ import annotations

import datetime

from django.db import connection

from dangjian.core.roles import Post
from dangjian.members.models import ACTIVE_STANDINGS, Member, Membership, MemberStatus, Standing
from dangjian.orglife import rules as R
from dangjian.orglife.models import Attendance, FrequencyOverride, Meeting
from dangjian.orgs.models import OrgKind, PartyOrg, Position

ORG = PartyOrg._meta.db_table
MEETING = Meeting._meta.db_table
ATTENDANCE = Attendance._meta.db_table
MEMBER = Member._meta.db_table
MEMBERSHIP = Membership._meta.db_table
POSITION = Position._meta.db_table
OVERRIDE = FrequencyOverride._meta.db_table
STEP = PartyOrg.steplen


class Scope:
    """A subtree (`only` False) or its root alone, as a condition on an organization column."""

    def __init__(self, root: PartyOrg, only: bool = False):
        self.root, self.only = root, only

    def on(self, org_id_column: str, join_alias: str) -> tuple[str, str, list]:
        """(join, condition, params) restricting rows whose organization is `org_id_column`:
        one organization needs no join; a subtree joins the organization `join_alias` for its path."""
        if self.only:
            return "", f"{org_id_column} = %s", [self.root.pk]
        return (f" JOIN {ORG} {join_alias} ON {join_alias}.id = {org_id_column}", f"{join_alias}.path LIKE %s",
                [self.root.path + "%"])   # paths are [0-9A-Z]: nothing to escape

    def keeps(self, org_id: int) -> bool:
        return not self.only or org_id == self.root.pk


def rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in(values) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(STEP, len(path) + 1, STEP)]


def orgs(scope: Scope) -> list[tuple]:
    """(id, path, name, kind) of the active organizations of the subtree that owe organizational
    life, in path order."""
    kinds = list(R.ACTIVITIES_BY_ORG_KIND)
    return rows(f"SELECT o.id, o.path, o.name, o.kind FROM {ORG} o WHERE o.path LIKE %s AND o.is_active "  # noqa: S608
                f"AND o.kind IN {_in(kinds)} ORDER BY o.path", [scope.root.path + "%", *kinds])


def groups(scope: Scope) -> dict[str, list[int]]:
    """The active party groups of the subtree (of one organization: right under it), by their
    parent's path."""
    sql = f"SELECT o.id, o.path FROM {ORG} o WHERE o.path LIKE %s AND o.kind = %s AND o.is_active"  # noqa: S608
    params: list = [scope.root.path + "%", OrgKind.GROUP]
    if scope.only:
        sql, params = sql + " AND o.depth = %s", [*params, scope.root.depth + 1]
    found: dict[str, list[int]] = {}
    for group_id, path in rows(sql, params):
        found.setdefault(path[:-STEP], []).append(group_id)
    return found


def full_members(scope: Scope) -> dict[int, int]:
    """The number of full members (of active standing) of each organization."""
    join, where, params = scope.on("m.org_id", "o")
    return dict(rows(f"SELECT m.org_id, COUNT(*) FROM {MEMBER} m{join} WHERE {where} AND m.status = %s "  # noqa: S608
                     f"AND m.standing IN {_in(ACTIVE_STANDINGS)} GROUP BY m.org_id",
                     [*params, MemberStatus.FULL, *ACTIVE_STANDINGS]))


def override_rows(org: PartyOrg) -> list[R.OverrideRow]:
    """Every stricter frequency that can apply in `org`'s subtree: on its ancestors, itself, or below."""
    ancestors = ancestor_paths(org.path)
    sql = (f"SELECT o.path, o.name, f.kind, f.frequency, f.min_count, f.effective_from FROM {OVERRIDE} f "  # noqa: S608
           f"JOIN {ORG} o ON o.id = f.org_id WHERE o.path IN {_in(ancestors)} OR o.path LIKE %s "
           "ORDER BY f.org_id, f.kind, f.effective_from")
    return [R.OverrideRow(path, name, kind, frequency, count, _date(since))
            for path, name, kind, frequency, count, since in rows(sql, [*ancestors, org.path + "%"])]


def tallies(scope: Scope, period: R.Period) -> dict[tuple, dict]:
    """(org, kind, group) → {month: (on time, 补开, not quorate)}: the meetings counted for the
    period's months, grouped once for the whole scope. Countable = quorate, or of an activity
    without a quorum rule (quorate NULL)."""
    join, where, params = scope.on("m.org_id", "o")
    found: dict[tuple, dict] = {}
    months: dict = {}
    for org_id, kind, month, group_id, on_time, late, not_quorate in rows(
            "SELECT m.org_id, m.kind, m.counts_month, m.group_id,"  # noqa: S608
            " SUM(CASE WHEN (m.quorate IS NULL OR m.quorate = %s) AND m.makeup_for IS NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN (m.quorate IS NULL OR m.quorate = %s) AND m.makeup_for IS NOT NULL THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN m.quorate = %s THEN 1 ELSE 0 END)"
            f" FROM {MEETING} m{join} WHERE {where} AND m.counts_month BETWEEN %s AND %s"
            " GROUP BY m.org_id, m.kind, m.counts_month, m.group_id",
            [True, True, False, *params, period.start, period.end]):
        if month.__class__ is not datetime.date:
            month = months.get(month) or months.setdefault(month, _date(month))
        key = (org_id, kind, group_id)
        by_month = found.get(key)
        if by_month is None:
            by_month = found[key] = {}
        by_month[month] = (on_time, late, not_quorate)   # one row per key (GROUP BY)
    return found


def person_facts(scope: Scope, period: R.Period, today: datetime.date, talks_elsewhere) -> dict:
    """Who had to be talked with (the roster of the year's last day, or of today in the current
    year, without suspended members), who was (a 谈心谈话's attendance, and `talks_elsewhere`:
    the talks other apps record), who was secretary in the year and who gave a 党课."""
    day = min(period.end, today)
    found: dict[str, dict[int, set]] = {name: {} for name in ("roster", "talked", "secretaries", "lecturers")}

    def add(name, pairs):
        sets = found[name]
        for org_id, member_id in pairs:
            members = sets.get(org_id)
            if members is None:
                members = sets[org_id] = set()
            members.add(member_id)

    join, where, params = scope.on("ms.org_id", "o")
    add("roster", rows(f"SELECT ms.org_id, ms.member_id FROM {MEMBERSHIP} ms{join} "  # noqa: S608
                       f"JOIN {MEMBER} mm ON mm.id = ms.member_id WHERE {where} AND ms.started_on <= %s "
                       "AND (ms.ended_on IS NULL OR ms.ended_on > %s) AND mm.standing <> %s",
                       [*params, day, day, Standing.SUSPENDED]))
    join, where, params = scope.on("m.org_id", "o")
    add("talked", rows(f"SELECT DISTINCT m.org_id, a.member_id FROM {ATTENDANCE} a "  # noqa: S608
                       f"JOIN {MEETING} m ON m.id = a.meeting_id{join} WHERE {where} AND a.present = %s "
                       "AND m.kind = %s AND a.held_on BETWEEN %s AND %s",
                       [*params, True, R.Kind.HEART_TALK, period.start, period.end]))
    add("talked", ((org_id, member) for org_id, member in talks_elsewhere(scope.root.path, period.start, period.end)
                   if scope.keeps(org_id)))
    add("lecturers", rows(f"SELECT DISTINCT m.org_id, m.lecturer_id FROM {MEETING} m{join} WHERE {where} "  # noqa: S608
                          "AND m.kind = %s AND m.lecturer_id IS NOT NULL AND m.held_on BETWEEN %s AND %s",
                          [*params, R.Kind.PARTY_LECTURE, period.start, period.end]))
    join, where, params = scope.on("p.org_id", "o")
    add("secretaries", rows(f"SELECT p.org_id, p.member_id FROM {POSITION} p{join} "  # noqa: S608
                            f"WHERE {where} AND p.post = %s AND p.member_id IS NOT NULL AND p.started_on <= %s "
                            "AND (p.ended_on IS NULL OR p.ended_on >= %s)",
                            [*params, Post.SECRETARY, day, period.start]))
    return found


def _date(value) -> datetime.date:
    return value if value.__class__ is datetime.date else datetime.date.fromisoformat(str(value)[:10])
