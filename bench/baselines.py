"""Hand-written SQL doing the same work as the system's operations, over the same rows.

Each function returns a value comparable with its system counterpart, so every run also checks
that the two did the same work. The SQL is portable (PostgreSQL and SQLite): `LIKE 'prefix%'`
on the materialized path, `SUM(CASE …)` rather than `FILTER`.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import connection

from dangjian.members.models import ACTIVE_STANDINGS
from dangjian.orgs.models import SCHOOL_ORG_KINDS, OrgKind, PartyOrg
from dangjian.orgs.rules import TERM_YEARS, OrgFacts, check_structure, term_warning_days

COMMITTEE_POSTS_SQL = ("secretary", "deputy_secretary", "organization_member", "publicity_member", "discipline_member")
ORG_COLUMNS = "id, path, depth, numchild, kind, code, name, founded_on, term_start, term_end, is_active"


def _in(values) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _date(value):
    # SQLite hands dates back as text through a raw cursor.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def dashboard(path: str, today: datetime.date) -> dict:
    """Coverage by ownership, organizations by kind, active members, structure findings."""
    like = path + "%"
    coverage = {own: (n, covered) for own, n, covered in _rows(
        "SELECT s.ownership, COUNT(*), COUNT(s.party_org_id) FROM orgs_school s "
        "JOIN orgs_partyorg sup ON sup.id = s.supervisor_id LEFT JOIN orgs_partyorg po ON po.id = s.party_org_id "
        "WHERE sup.path LIKE %s OR po.path LIKE %s GROUP BY s.ownership", [like, like])}
    kinds = dict(_rows("SELECT kind, COUNT(*) FROM orgs_partyorg WHERE path LIKE %s AND is_active = %s GROUP BY kind",
                       [like, True]))
    standings = list(ACTIVE_STANDINGS)
    (members,) = _rows(
        f"SELECT COUNT(*) FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
        f"WHERE o.path LIKE %s AND m.standing IN ({_in(standings)})", [like, *standings])[0]
    kinds_list = list(SCHOOL_ORG_KINDS)
    orgs = _rows(f"SELECT id, kind, path, term_end FROM orgs_partyorg WHERE path LIKE %s AND is_active = %s "
                 f"AND kind IN ({_in(kinds_list)})", [like, True, *kinds_list])
    # Member totals per organization in one GROUP BY; the roll-up to ancestors is a pass over
    # ~2,000 rows in Python (one GROUP BY per path length in SQL measured slower on PostgreSQL).
    counts: dict[str, list[int]] = {}
    checked = {p for _, _, p, _ in orgs}
    for org_path, total, full in _rows(
        f"SELECT o.path, COUNT(*), SUM(CASE WHEN m.status = 'full' THEN 1 ELSE 0 END) "
        f"FROM members_member m JOIN orgs_partyorg o ON o.id = m.org_id "
        f"WHERE o.path LIKE %s AND m.standing IN ({_in(standings)}) GROUP BY o.path", [like, *standings]):
        for cut in range(len(path), len(org_path) + 1, PartyOrg.steplen):
            if org_path[:cut] in checked:
                slot = counts.setdefault(org_path[:cut], [0, 0])
                slot[0] += total
                slot[1] += full
    posts = {org_id: (n, sec) for org_id, n, sec in _rows(
        f"SELECT p.org_id, COUNT(*), SUM(CASE WHEN p.post = 'secretary' THEN 1 ELSE 0 END) FROM orgs_position p "
        f"JOIN orgs_partyorg o ON o.id = p.org_id WHERE o.path LIKE %s AND p.post IN ({_in(COMMITTEE_POSTS_SQL)}) "
        f"AND p.started_on <= %s AND (p.ended_on IS NULL OR p.ended_on >= %s) GROUP BY p.org_id",
        [like, *COMMITTEE_POSTS_SQL, today, today])}
    schools = dict(_rows("SELECT s.party_org_id, COUNT(*) FROM orgs_school s JOIN orgs_partyorg o "
                         "ON o.id = s.party_org_id WHERE o.path LIKE %s GROUP BY s.party_org_id", [like]))
    findings = {}
    for org_id, kind, org_path, term_end in orgs:
        if kind not in TERM_YEARS:
            continue
        total, full = counts.get(org_path, (0, 0))
        committee, secretaries = posts.get(org_id, (0, 0))
        facts = OrgFacts(kind, total, full, committee, secretaries > 0, schools.get(org_id, 0), _date(term_end))
        findings[org_id] = check_structure(facts, today, term_warning_days())
    return summarise(coverage, kinds, members, findings)


def summarise(coverage: dict, kinds: dict, members: int, findings: dict) -> dict:
    levels = Counter(f.level for items in findings.values() for f in items)
    return {
        "coverage": {k: tuple(v) for k, v in sorted(coverage.items())},
        "kinds": {k: kinds.get(k, 0) for k in OrgKind.values},
        "members": members,
        "findings": (sum(1 for items in findings.values() if items), levels["danger"], levels["warning"]),
    }


def subtree_page(path: str, page_size: int) -> tuple[list[int], int]:
    """First page of a subtree in path order, and the total: what the list page shows."""
    rows = _rows(f"SELECT {ORG_COLUMNS} FROM orgs_partyorg WHERE path LIKE %s AND is_active = %s "
                 f"ORDER BY path LIMIT {int(page_size)}", [path + "%", True])
    (total,) = _rows("SELECT COUNT(*) FROM orgs_partyorg WHERE path LIKE %s AND is_active = %s", [path + "%", True])[0]
    return [r[0] for r in rows], total


def children(path: str, depth: int, limit: int) -> list[tuple[int, int]]:
    """One node's children with their child counts: what expanding a node in the tree shows."""
    rows = _rows(f"SELECT {ORG_COLUMNS} FROM orgs_partyorg WHERE path LIKE %s AND depth = %s AND is_active = %s "
                 f"ORDER BY path LIMIT {int(limit)}", [path + "%", depth + 1, True])
    return [(r[0], r[3]) for r in rows]


def roots(paths: list[str]) -> list[int]:
    """The tree page's starting nodes: the user's scope roots."""
    return [r[0] for r in _rows(f"SELECT {ORG_COLUMNS} FROM orgs_partyorg WHERE path IN ({_in(paths)}) "
                                f"AND is_active = %s ORDER BY path", [*paths, True])]
